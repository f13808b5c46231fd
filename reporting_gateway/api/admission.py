"""A bound on the requests one process works on at once.

Past the bound a request is answered at once, 503 OVERLOADED with `Retry-After`, instead of
queueing behind the others: a flood then costs the flood, not everyone's latency. Health
probes always pass, so an orchestrator never kills a process for being busy.
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from reporting_gateway.api.last_resort import REQUEST_ID, request_id
from reporting_gateway.errors import ErrorCode

ALWAYS_ADMITTED = frozenset({"/healthz", "/readyz"})


class Admission:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in ALWAYS_ADMITTED:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            await _overloaded(scope, send, self.limit)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


async def _overloaded(scope: Scope, send: Send, limit: int) -> None:
    rid = scope.get("state", {}).get(REQUEST_ID) or request_id(scope)
    error = {
        "message": f"The gateway is serving {limit} requests (REPORTING_MAX_IN_FLIGHT); "
        "retry in a second.",
        "extensions": {"code": ErrorCode.OVERLOADED.value, "requestId": rid},
    }
    body = orjson.dumps({"errors": [error], "extensions": {"requestId": rid}})
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", b"1"),
        (b"x-request-id", rid.encode()),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})

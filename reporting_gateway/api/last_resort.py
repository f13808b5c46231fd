"""The outermost layer of every HTTP request: its request id (in every response's
X-Request-Id), its log line unless an operation's told it, and an answer whatever happens.

Every error the gateway expects is answered where it is found, with its own code. This layer
is for the ones nobody expected: an exception that escapes a route still gets a JSON GraphQL
error `INTERNAL` carrying the request id (never a text/plain 500 or a traceback), and the
response is complete, so the client's keep-alive connection survives for its next request.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reporting_gateway.errors import ErrorCode
from reporting_gateway.ops import observe

log = logging.getLogger("reporting_gateway.errors")

REQUEST_ID = "request_id"  # the key in the ASGI scope's state


def request_id(scope: Scope) -> str:
    """The id the client gave in X-Request-Id if it is a plain token, else a new one."""
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            given: str = value.decode("latin-1")
            if 0 < len(given) <= 64 and given.isascii() and given.replace("-", "").isalnum():
                return given
            break
    return secrets.token_hex(8)


def internal_error_body(request_id: str) -> bytes:
    error = {
        "message": f"Internal error; quote request id {request_id} to the operator.",
        "extensions": {"code": ErrorCode.INTERNAL.value, "requestId": request_id},
    }
    return orjson.dumps({"errors": [error], "extensions": {"requestId": request_id}})


class LastResort:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        scope.setdefault("state", {})[REQUEST_ID] = rid
        began, told = time.perf_counter(), observe.start_request()
        status = 0

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = message.get("headers", [])
                if not any(name == b"x-request-id" for name, _ in headers):  # health, assets…
                    message = {**message, "headers": [*headers, (b"x-request-id", rid.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            log.exception("unexpected error in request %s", rid)
            if status:  # part of a response is out: only closing the connection can tell
                raise
            status = 500
            await _answer(send, rid)
        finally:
            if not told[0]:
                observe.access(
                    scope["method"], scope["path"], status, time.perf_counter() - began, rid
                )


async def _answer(send: Send, rid: str) -> None:
    body = internal_error_body(rid)
    headers: list[tuple[bytes, Any]] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-request-id", rid.encode()),
    ]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})

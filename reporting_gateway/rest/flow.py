"""One REST call, from HTTP to answer: the documented contract around every endpoint.

A call is read, authenticated, scoped by X-Customer, permit-checked, prepared by the same
`prepare_*` functions as a GraphQL field, priced by the same rules, charged to the same
bucket (a client spending through both APIs draws from one budget), run under the same
time limit, logged and counted like a GraphQL operation. Endpoints (`reporting.py`,
`exports.py`, `geo.py`) only say what to prepare and how to shape the answer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from reporting_gateway.access.limiter import Charge, bucket_name
from reporting_gateway.access.permits import check_permits, required_permits
from reporting_gateway.access.policy import GENERAL
from reporting_gateway.access.tokens import authenticate
from reporting_gateway.api.endpoint import read_body
from reporting_gateway.api.last_resort import REQUEST_ID
from reporting_gateway.api.last_resort import request_id as assign_id
from reporting_gateway.api.pipeline import Gateway
from reporting_gateway.catalog.model import Report
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.ops import tracing
from reporting_gateway.ops.observe import OperationRecord, observe
from reporting_gateway.query import Scope
from reporting_gateway.resolvers.context import RequestContext
from reporting_gateway.rest.problems import (
    REST_KEYS,
    InvalidParameters,
    Problem,
    error_body,
    from_gateway_error,
    invalid_body,
)
from reporting_gateway.storage.state.credentials import Credential

JSON = "application/json"
log = logging.getLogger("reporting_gateway.errors")
INVALID = {
    ErrorCode.BAD_REQUEST,
    ErrorCode.BAD_FILTER,
    ErrorCode.INVALID_CURSOR,
    ErrorCode.TOO_MANY_BUCKETS,
}


@dataclass
class Call:
    """One REST call on its way through: who asks, for whom, at what price."""

    api: RestApi
    request: Request
    request_id: str
    record: OperationRecord
    credential: Credential = field(init=False)
    scope: Scope | None = None
    bucket_type: str = GENERAL
    charge: Charge | None = None
    keys: Mapping[str, str] = field(default_factory=lambda: REST_KEYS)  # GraphQL → REST names
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def authenticated(self) -> bool:
        return hasattr(self, "credential")

    def require(self, *permits: str) -> None:
        """Reporting:Api:Query and these, or a 403 naming what is missing."""
        check_permits(required_permits((), permits), self.credential.permits)

    async def select_customers(self) -> Scope:
        """The customers X-Customer selects (470, 471 or 403 when it cannot)."""
        planner = self.api.gateway.planner
        self.scope = await planner.scope_for(self.request.headers, self.credential)
        return self.scope

    def context(self) -> RequestContext:
        api = self.api
        return RequestContext(api.store, api.settings, self.scope, self.request_id)

    @property
    def bucket(self) -> str:
        ids = self.scope.ids if self.scope else ()
        return bucket_name(self.bucket_type, ids, self.credential.organization)

    async def pay(self, bucket_type: str, cost: int) -> None:
        """Charge the bucket a GraphQL operation for the same customers draws from."""
        self.bucket_type = bucket_type
        self.record.bucket_type, self.record.cost = bucket_type, cost
        limiter = self.api.gateway.limiter
        if limiter is None:
            return
        self.charge = await limiter.charge(self.bucket, cost)
        self.headers.update(self.charge.headers())
        self.record.charged = cost if self.charge.admitted else 0
        if not self.charge.admitted:
            self.record.rate_limited = True
            retry = self.charge.retry_after
            raise GatewayError(
                ErrorCode.RATE_LIMITED,
                f"The {self.charge.bucket} bucket is empty; retry in {retry} s.",
                headers={"Retry-After": str(retry)},
            )

    async def run(self, work: Awaitable[Any]) -> Any:
        """The database work of the call, stopped at the request time limit."""
        seconds = self.api.settings.request_timeout_seconds
        try:
            with self.api.store.deadline(seconds), tracing.span("execute"):
                async with asyncio.timeout(seconds):
                    return await work
        except TimeoutError:
            raise GatewayError(
                ErrorCode.TIMEOUT,
                f"The query ran longer than {seconds:g} s and was stopped (its database "
                "work too). Narrow the range or the filter, or export large results instead.",
            ) from None

    async def note_bucket(self) -> None:
        """A refused call is not charged; it still says which bucket it would draw from."""
        limiter = self.api.gateway.limiter
        if self.charge is None and self.authenticated and limiter is not None:
            peek = await limiter.charge(self.bucket, 0)
            self.headers.update(peek.headers())


Handler = Callable[[Call, dict[str, Any]], Awaitable[dict[str, Any]]]
Endpoint = Callable[[Request], Awaitable[Response]]


class RestApi:
    def __init__(self, gateway: Gateway, catalog: Mapping[str, Report]) -> None:
        self.gateway = gateway
        self.catalog = catalog
        self.settings = gateway.settings
        self.store = gateway.planner.store

    def endpoint(self, name: str, handler: Handler, *, reads_body: bool = True) -> Endpoint:
        async def serve(request: Request) -> Response:
            return await self._serve(request, name, handler, reads_body)

        return serve

    def wrong_method(self, allowed: list[str]) -> Endpoint:
        async def refuse(request: Request) -> Response:
            message = f"{request.url.path} takes {' or '.join(allowed)}, not {request.method}."
            headers = {"Allow": ", ".join(allowed)}
            return json_response({"error": message}, 405, headers)

        return refuse

    async def not_found(self, request: Request) -> Response:
        message = f"No endpoint {request.method} {request.url.path}; see /v1/openapi.json."
        return json_response({"error": message}, 404, {})

    async def _serve(
        self, request: Request, name: str, handler: Handler, reads_body: bool
    ) -> Response:
        request_id = request.scope.get("state", {}).get(REQUEST_ID) or assign_id(request.scope)
        record = OperationRecord(request_id, customer=request.headers.get("x-customer"))
        record.operation, record.operation_type = name, "rest"
        call = Call(self, request, request_id, record, headers={"X-Request-Id": request_id})
        started = time.perf_counter()
        with tracing.request_span(f"{request.method} {request.url.path}", request.headers):
            response, code = await self._answer(call, handler, reads_body)
        record.code = code
        record.finish(response.status_code, {}, time.perf_counter() - started)
        observe(record)
        return response

    async def _answer(self, call: Call, handler: Handler, reads_body: bool) -> tuple[Response, str]:
        try:
            call.credential = self.gateway.anonymous or await authenticate(
                self.gateway.credentials, call.request.headers
            )
            call.record.token = call.credential.name
            payload = await self._read(call.request) if reads_body else {}
            if payload is None:  # not JSON: the documented 400 has an empty body
                await call.note_bucket()
                return Response(status_code=400, headers=call.headers), "BAD_REQUEST"
            answer = await handler(call, require_object(payload))
        except InvalidParameters as error:
            await call.note_bucket()
            return json_response(invalid_body(error.problems), 422, call.headers), "BAD_REQUEST"
        except GatewayError as error:
            if error.code in INVALID:
                await call.note_bucket()
                problems = from_gateway_error(error, call.keys)
                return json_response(invalid_body(problems), 422, call.headers), error.code.value
            if error.code is not ErrorCode.RATE_LIMITED:
                await call.note_bucket()
            headers = {**call.headers, **error.headers}
            return json_response(error_body(error), error.status, headers), error.code.value
        except Exception as error:  # a bug: the documented body, logged, never a traceback
            log.error("internal error in request %s", call.request_id, exc_info=error)
            message = f"Internal error; quote request id {call.request_id} to the operator."
            return json_response({"error": message}, 500, call.headers), ErrorCode.INTERNAL.value
        return json_response(answer, 200, call.headers), "OK"

    async def _read(self, request: Request) -> Any:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != JSON:
            raise GatewayError(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                f"The REST API takes Content-Type: {JSON}, not {media or 'none'}.",
            )
        try:
            return orjson.loads(await read_body(request, self.settings))
        except orjson.JSONDecodeError:
            return None


def require_object(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        message = 'The body is a JSON object, e.g. {"report": "sendings_stats"}.'
        problem = Problem(("base",), "invalid_type", {"expected": "object", "message": message})
        raise InvalidParameters([problem])
    return payload


def only(given: Mapping[str, Any], allowed: set[str]) -> None:
    """Refuse keys an endpoint does not take: a misspelt parameter is never silently ignored."""
    unknown = sorted(set(given) - allowed)
    if unknown:
        options = {"allowed": sorted(allowed), "message": "not a parameter of this endpoint"}
        raise InvalidParameters([Problem((name,), "unknown_key", options) for name in unknown])


def json_response(payload: dict[str, Any], status: int, headers: dict[str, str]) -> Response:
    return Response(
        orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS),
        status_code=status,
        media_type=JSON,
        headers=headers,
    )

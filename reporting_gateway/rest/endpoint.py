"""The REST Reporting API (`/v1/reporting/…`): the documented HTTP contract over the same
planning path as GraphQL.

A request is read, authenticated, scoped by X-Customer, permit-checked, prepared by the
same `prepare_*` functions as a GraphQL field, priced by the same rules, charged to the
same bucket (a client spending through both APIs draws from one budget), run under the
same time limit, logged and counted like a GraphQL operation. Only the shapes differ.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from reporting_gateway.access.cost import filter_cost
from reporting_gateway.access.customers import HEADER
from reporting_gateway.access.limiter import Charge, bucket_name
from reporting_gateway.access.permits import check_permits, required_permits
from reporting_gateway.access.policy import GENERAL, METADATA_COST, PREPARE, REPORTING
from reporting_gateway.access.tokens import authenticate
from reporting_gateway.api.endpoint import read_body
from reporting_gateway.api.last_resort import REQUEST_ID
from reporting_gateway.api.last_resort import request_id as assign_id
from reporting_gateway.api.pipeline import Gateway
from reporting_gateway.catalog.model import Report
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.ops import tracing
from reporting_gateway.ops.observe import OperationRecord, observe
from reporting_gateway.query import RecordsQuery, Scope, StatisticsQuery, TimeseriesQuery
from reporting_gateway.resolvers.context import RequestContext
from reporting_gateway.resolvers.field_values import (
    FieldValues,
    field_values,
    prepare_field_values,
)
from reporting_gateway.resolvers.metadata import report_info
from reporting_gateway.resolvers.statistics import statistics_answer
from reporting_gateway.resolvers.timeseries import timeseries_answer
from reporting_gateway.rest import answers, body
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
INVALID = {
    ErrorCode.BAD_REQUEST,
    ErrorCode.BAD_FILTER,
    ErrorCode.INVALID_CURSOR,
    ErrorCode.TOO_MANY_BUCKETS,
}
FIELD_METADATA_KEYS = {"report", "field", "from", "to", "filter", "limit"}


@dataclass
class Call:
    """One REST call on its way through: who asks, for whom, at what price."""

    request: Request
    request_id: str
    record: OperationRecord
    credential: Credential | None = None
    scope: Scope | None = None
    bucket_type: str = GENERAL
    cost: int = 0
    charge: Charge | None = None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Call, dict[str, Any]], Awaitable[dict[str, Any]]]


class RestApi:
    def __init__(self, gateway: Gateway, catalog: Mapping[str, Report]) -> None:
        self.gateway = gateway
        self.catalog = catalog
        self.settings = gateway.settings
        self.store = gateway.planner.store

    # Routes ---------------------------------------------------------------------------

    async def query(self, request: Request) -> Response:
        return await self._serve(request, "query", self._query)

    async def metadata(self, request: Request) -> Response:
        return await self._serve(request, "metadata", self._metadata)

    async def field_metadata(self, request: Request) -> Response:
        return await self._serve(request, "field_metadata", self._field_metadata)

    async def not_found(self, request: Request) -> Response:
        message = f"No endpoint {request.method} {request.url.path}; see /v1/openapi.json."
        return _json({"error": message}, 404, {})

    # The one flow ---------------------------------------------------------------------

    async def _serve(self, request: Request, name: str, handler: Handler) -> Response:
        request_id = request.scope.get("state", {}).get(REQUEST_ID) or assign_id(request.scope)
        record = OperationRecord(request_id, customer=request.headers.get("x-customer"))
        record.operation, record.operation_type = name, "rest"
        call = Call(request, request_id, record, headers={"X-Request-Id": request_id})
        started = time.perf_counter()
        with tracing.request_span(f"POST /v1/reporting/{name}", request.headers):
            response, code = await self._answer(call, handler)
        record.code = code
        record.finish(response.status_code, {}, time.perf_counter() - started)
        observe(record)
        return response

    async def _answer(self, call: Call, handler: Handler) -> tuple[Response, str]:
        try:
            payload = await self._read(call.request)
            if payload is None:  # not JSON: the documented 400 has an empty body
                return Response(status_code=400, headers=call.headers), "BAD_REQUEST"
            call.credential = self.gateway.anonymous or await authenticate(
                self.gateway.credentials, call.request.headers
            )
            call.record.token = call.credential.name
            answer = await handler(call, body.require_object(payload))
        except InvalidParameters as error:
            await self._note_bucket(call)
            return _json(invalid_body(error.problems), 422, call.headers), "BAD_REQUEST"
        except GatewayError as error:
            if error.code in INVALID:
                await self._note_bucket(call)
                problems = from_gateway_error(error, _keys(call))
                return _json(invalid_body(problems), 422, call.headers), error.code.value
            if error.code is not ErrorCode.RATE_LIMITED:
                await self._note_bucket(call)
            headers = {**call.headers, **error.headers}
            return _json(error_body(error), error.status, headers), error.code.value
        return _json(answer, 200, call.headers), "OK"

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

    async def _scope(self, call: Call) -> Scope:
        assert call.credential is not None
        call.scope = await self.gateway.planner.scope_for(call.request.headers, call.credential)
        return call.scope

    def _context(self, call: Call) -> RequestContext:
        return RequestContext(self.store, self.settings, call.scope, call.request_id)

    async def _pay(self, call: Call, bucket_type: str, cost: int) -> None:
        """Charge the call's bucket, the one a GraphQL operation for the same customers uses."""
        assert call.credential is not None
        call.bucket_type, call.cost = bucket_type, cost
        call.record.bucket_type, call.record.cost = bucket_type, cost
        limiter = self.gateway.limiter
        if limiter is None:
            return
        call.charge = await limiter.charge(self._bucket(call), cost)
        call.headers.update(call.charge.headers())
        call.record.charged = cost if call.charge.admitted else 0
        if not call.charge.admitted:
            call.record.rate_limited = True
            retry = call.charge.retry_after
            raise GatewayError(
                ErrorCode.RATE_LIMITED,
                f"The {call.charge.bucket} bucket is empty; retry in {retry} s.",
                headers={"Retry-After": str(retry)},
            )

    def _bucket(self, call: Call) -> str:
        assert call.credential is not None
        ids = call.scope.ids if call.scope else ()
        return bucket_name(call.bucket_type, ids, call.credential.organization)

    async def _note_bucket(self, call: Call) -> None:
        """A refused call is not charged; it still says which bucket it would draw from."""
        if call.charge is None and call.credential is not None and self.gateway.limiter:
            peek = await self.gateway.limiter.charge(self._bucket(call), 0)
            call.headers.update(peek.headers())

    async def _run(self, work: Awaitable[Any]) -> Any:
        seconds = self.settings.request_timeout_seconds
        try:
            with self.store.deadline(seconds):
                async with asyncio.timeout(seconds):
                    return await work
        except TimeoutError:
            raise GatewayError(
                ErrorCode.TIMEOUT,
                f"The query ran longer than {seconds:g} s and was stopped (its database "
                "work too). Narrow the range or the filter, or export large results instead.",
            ) from None

    # Endpoints ------------------------------------------------------------------------

    async def _query(self, call: Call, given: dict[str, Any]) -> dict[str, Any]:
        call.bucket_type = REPORTING
        report = body.chosen_report(given, self.catalog)
        call.record.operation = f"query {report.name}"
        arguments = body.query_arguments(given, report)
        assert call.credential is not None
        check_permits(required_permits((), (report.permit,)), call.credential.permits)
        await self._scope(call)
        query = PREPARE[report.format](report, self._context(call), **arguments)
        await self._pay(call, REPORTING, report.cost + filter_cost(query.filter))
        with tracing.span("execute"):
            answer: dict[str, Any] = await self._run(self._answer_query(query))
            return answer

    async def _answer_query(self, query: Any) -> dict[str, Any]:
        if isinstance(query, RecordsQuery):
            return answers.records_body(query, await self.store.records(query))
        if isinstance(query, TimeseriesQuery):
            return answers.timeseries_body(query, await timeseries_answer(self.store, query))
        assert isinstance(query, StatisticsQuery)
        return answers.statistics_body(query, await statistics_answer(self.store, query))

    async def _metadata(self, call: Call, given: dict[str, Any]) -> dict[str, Any]:
        _only(given, {"report"})
        report = body.chosen_report(given, self.catalog)
        assert call.credential is not None
        check_permits(required_permits((), (report.permit,)), call.credential.permits)
        if HEADER.lower() in call.request.headers:  # as GraphQL: the header picks the bucket
            await self._scope(call)
        await self._pay(call, GENERAL, METADATA_COST)
        return asdict(report_info(report, self.settings.max_page_size))

    async def _field_metadata(self, call: Call, given: dict[str, Any]) -> dict[str, Any]:
        _only(given, FIELD_METADATA_KEYS)
        report = body.chosen_report(given, self.catalog)
        arguments = _field_metadata_arguments(given)
        assert call.credential is not None
        check_permits(required_permits((), (report.permit,)), call.credential.permits)
        await self._scope(call)
        query = prepare_field_values(
            self.catalog, self._context(call), report=report.name, **arguments
        )
        await self._pay(call, GENERAL, METADATA_COST)
        found: FieldValues = await self._run(field_values(self.store, query))
        return answers.field_values_body(found)


def _keys(call: Call) -> dict[str, str]:
    """GraphQL argument → REST key, for the errors of the endpoint at hand."""
    if call.record.operation == "field_metadata":
        return {**REST_KEYS, "first": "limit"}
    return REST_KEYS


def _only(given: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(given) - allowed)
    if unknown:
        options = {"allowed": sorted(allowed), "message": "not a parameter of this endpoint"}
        raise InvalidParameters([Problem((name,), "unknown_key", options) for name in unknown])


def _field_metadata_arguments(given: Mapping[str, Any]) -> dict[str, Any]:
    problems: list[Problem] = []
    arguments: dict[str, Any] = {}
    name = given.get("field")
    if not isinstance(name, str) or not name:
        problems.append(Problem(("field",), "blank", {"message": "name a filterable field"}))
    else:
        arguments["field"] = name
    for key, argument in (("from", "from_"), ("to", "to")):
        value = given.get(key)
        if value is None:
            continue
        parsed = body.timestamp(value)
        if isinstance(parsed, Problem):
            problems.append(Problem((key,), parsed.error, parsed.options))
        else:
            arguments[argument] = parsed
    if given.get("filter") is not None:
        if isinstance(given["filter"], dict):
            arguments["filter_tree"] = given["filter"]
        else:
            problems.append(Problem(("filter",), "invalid_type", {"expected": "object"}))
    limit = given.get("limit")
    if limit is not None:
        if isinstance(limit, int) and not isinstance(limit, bool):
            arguments["first"] = limit
        else:
            problems.append(Problem(("limit",), "invalid_type", {"expected": "integer"}))
    if problems:
        raise InvalidParameters(problems)
    return arguments


def _json(payload: dict[str, Any], status: int, headers: dict[str, str]) -> Response:
    return Response(
        orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS),
        status_code=status,
        media_type=JSON,
        headers=headers,
    )

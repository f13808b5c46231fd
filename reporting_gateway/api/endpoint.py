"""GET and POST /graphql as HTTP: size limits, content types, batching, the explorer.

Everything about the operation itself happens in `pipeline.Gateway`; this module only turns
HTTP into GraphQL requests and outcomes into responses.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from reporting_gateway.api import http_cache
from reporting_gateway.api.explorer_assets import ExplorerAssets
from reporting_gateway.api.graphiql import graphiql_html
from reporting_gateway.api.last_resort import REQUEST_ID
from reporting_gateway.api.last_resort import request_id as assign_id
from reporting_gateway.api.media import GRAPHQL_RESPONSE, JSON, negotiate, status_for
from reporting_gateway.api.persisted import PersistedQueries, Reference
from reporting_gateway.api.pipeline import Gateway
from reporting_gateway.api.plan import GraphQLRequest
from reporting_gateway.api.responses import json_response, rejection
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.ops import tracing
from reporting_gateway.settings import Settings

JSON_TYPES = ("application/json", "application/graphql-response+json")


@dataclass(frozen=True)
class Submitted:
    """One operation as the client sent it: the query may be a persisted query's hash."""

    query: str | None
    variables: dict[str, Any]
    operation_name: str | None
    reference: Reference | None


class GraphQLEndpoint:
    def __init__(
        self,
        gateway: Gateway,
        settings: Settings,
        assets: ExplorerAssets,
        persisted: PersistedQueries,
    ) -> None:
        self.gateway = gateway
        self.settings = settings
        self.assets = assets
        self.persisted = persisted

    async def handle(self, request: Request) -> Response:
        with tracing.request_span(f"{request.method} /graphql", request.headers) as current:
            request_id = request.scope.get("state", {}).get(REQUEST_ID) or assign_id(request.scope)
            current.set_attribute("gateway.request_id", request_id)
            response = await self._handle(request, request_id)
            current.set_attribute("http.response.status_code", response.status_code)
            return response

    async def _handle(self, request: Request, request_id: str) -> Response:
        media = negotiate(request.headers.get("accept"))
        try:
            params = request.query_params
            if request.method == "GET" and "query" not in params and "extensions" not in params:
                return self._explorer(request, request_id)
            if media is None:
                raise GatewayError(
                    ErrorCode.NOT_ACCEPTABLE,
                    f"GraphQL answers are {GRAPHQL_RESPONSE} or {JSON}; the Accept header "
                    "admits neither.",
                )
            submitted = await self._read(request)
            if isinstance(submitted, list):
                payload: GraphQLRequest | list[GraphQLRequest] = [
                    await self._resolved(item) for item in submitted
                ]
            else:
                payload = await self._resolved(submitted)
        except GatewayError as error:
            # A malformed request keeps its own status; the rest follow the media type.
            return rejection(
                error.code,
                [error],
                production=self.settings.production,
                request_id=request_id,
                headers={"X-Request-Id": request_id, **error.headers},
                status=error.status
                if error.http_level
                else status_for(media or JSON, error.status),
            )
        if isinstance(payload, list):
            outcomes = [
                await self.gateway.run(item, request.headers, request.method, request_id)
                for item in payload
            ]
            headers = outcomes[-1].headers if outcomes else {"X-Request-Id": request_id}
            return Response(
                orjson.dumps([o.body for o in outcomes]),
                media_type="application/json",
                headers=headers,
            )
        outcome = await self.gateway.run(payload, request.headers, request.method, request_id)
        status = status_for(media, outcome.status)
        caching = http_cache.headers_for(
            request.method, outcome.status, outcome.body, self.settings.get_max_age_seconds
        )
        headers = {**outcome.headers, **caching}
        if http_cache.not_modified(request.headers.get("if-none-match"), caching.get("ETag")):
            return Response(status_code=304, headers=headers)
        with tracing.span("serialize"):
            return json_response(outcome.body, status, headers, media)

    async def _resolved(self, submitted: Submitted) -> GraphQLRequest:
        query = await self.persisted.resolve(submitted.query, submitted.reference)
        return GraphQLRequest(query, submitted.variables, submitted.operation_name)

    def _explorer(self, request: Request, request_id: str) -> Response:
        if self.settings.production or "text/html" not in request.headers.get("accept", ""):
            raise GatewayError(
                ErrorCode.BAD_REQUEST,
                "A GET request needs a `query` parameter.",
                hint='POST a JSON body {"query": …} or GET /graphql?query=….',
                status=400,
            )
        return HTMLResponse(graphiql_html(self.assets), headers={"X-Request-Id": request_id})

    async def _read(self, request: Request) -> Submitted | list[Submitted]:
        if request.method == "GET":
            params = request.query_params
            if len(str(request.url.query)) > self.settings.max_body_bytes:
                raise _too_large(self.settings.max_body_bytes)
            return Submitted(
                params.get("query"),
                _json_object(params.get("variables"), "variables"),
                params.get("operationName"),
                Reference.of(_json_object(params.get("extensions"), "extensions")),
            )
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in JSON_TYPES:
            raise GatewayError(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "POST /graphql takes Content-Type: application/json, "
                f"not {content_type or 'none'}.",
            )
        try:
            payload = orjson.loads(await read_body(request, self.settings))
        except orjson.JSONDecodeError:
            raise GatewayError(
                ErrorCode.GRAPHQL_PARSE_FAILED, "The request body is not valid JSON.", status=400
            ) from None
        if isinstance(payload, list):
            if self.settings.max_batch <= 0:
                raise GatewayError(
                    ErrorCode.BAD_REQUEST,
                    "Batched operations (a JSON array) are not accepted; "
                    "send one operation per request.",
                    hint="The operator can allow batches with REPORTING_MAX_BATCH.",
                )
            if not payload or len(payload) > self.settings.max_batch:
                raise GatewayError(
                    ErrorCode.QUERY_TOO_COMPLEX,
                    f"A batch holds 1 to {self.settings.max_batch} operations, not {len(payload)} "
                    "(REPORTING_MAX_BATCH).",
                )
            return [_operation(item) for item in payload]
        return _operation(payload)


async def read_body(request: Request, settings: Settings) -> bytes:
    """The request body, within REPORTING_MAX_BODY_BYTES and REPORTING_BODY_TIMEOUT_SECONDS."""
    limit = settings.max_body_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    body = bytearray()
    seconds = settings.body_timeout_seconds
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                body.extend(chunk)
                if len(body) > limit:
                    raise _too_large(limit)
    except TimeoutError:
        raise GatewayError(
            ErrorCode.REQUEST_TIMEOUT,
            f"The request body did not arrive within {seconds:g} s "
            "(REPORTING_BODY_TIMEOUT_SECONDS).",
            headers={"Connection": "close"},
        ) from None
    return bytes(body)


def _operation(payload: Any) -> Submitted:
    """The parameters of GraphQL over HTTP, each of its type; a malformed one is HTTP 400.
    Without a query, `extensions.persistedQuery` must name one."""
    if not isinstance(payload, dict):
        raise _malformed('The body must be a JSON object with a "query" string.')
    query = payload.get("query")
    if query is not None and not isinstance(query, str):
        raise _malformed('The body must be a JSON object with a "query" string.')
    operation_name = payload.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise _malformed('"operationName" must be a string.')
    variables = payload.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise _malformed('"variables" must be a JSON object.')
    extensions = payload.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise _malformed('"extensions" must be a JSON object.')
    return Submitted(query, variables or {}, operation_name, Reference.of(extensions))


def _malformed(message: str) -> GatewayError:
    return GatewayError(ErrorCode.BAD_REQUEST, message, status=400)


def _too_large(limit: int) -> GatewayError:
    return GatewayError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        f"The request is larger than {limit} bytes (REPORTING_MAX_BODY_BYTES).",
    )


def _json_object(text: str | None, name: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise _malformed(f"`{name}` is not valid JSON.") from None
    if not isinstance(value, dict):
        raise _malformed(f"`{name}` must be a JSON object.")
    return value

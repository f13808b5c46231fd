"""GET and POST /graphql as HTTP: size limits, content types, batching, the explorer.

Everything about the operation itself happens in `pipeline.Gateway`; this module only turns
HTTP into GraphQL requests and outcomes into responses.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from reporting_gateway.api.explorer_assets import ExplorerAssets
from reporting_gateway.api.graphiql import graphiql_html
from reporting_gateway.api.last_resort import REQUEST_ID
from reporting_gateway.api.last_resort import request_id as assign_id
from reporting_gateway.api.pipeline import Gateway
from reporting_gateway.api.plan import GraphQLRequest
from reporting_gateway.api.responses import json_response, rejection
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.settings import Settings

JSON_TYPES = ("application/json", "application/graphql-response+json")


class GraphQLEndpoint:
    def __init__(self, gateway: Gateway, settings: Settings, assets: ExplorerAssets) -> None:
        self.gateway = gateway
        self.settings = settings
        self.assets = assets

    async def handle(self, request: Request) -> Response:
        request_id = request.scope.get("state", {}).get(REQUEST_ID) or assign_id(request.scope)
        try:
            if request.method == "GET" and "query" not in request.query_params:
                return self._explorer(request, request_id)
            payload = await self._read(request)
        except GatewayError as error:
            return rejection(
                error.code,
                [error],
                production=self.settings.production,
                request_id=request_id,
                headers={"X-Request-Id": request_id, **error.headers},
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
        return json_response(outcome.body, outcome.status, outcome.headers)

    def _explorer(self, request: Request, request_id: str) -> Response:
        if self.settings.production or "text/html" not in request.headers.get("accept", ""):
            raise GatewayError(
                ErrorCode.BAD_REQUEST,
                "A GET request needs a `query` parameter.",
                hint='POST a JSON body {"query": …} or GET /graphql?query=….',
            )
        return HTMLResponse(graphiql_html(self.assets), headers={"X-Request-Id": request_id})

    async def _read(self, request: Request) -> GraphQLRequest | list[GraphQLRequest]:
        if request.method == "GET":
            params = request.query_params
            if len(params["query"]) > self.settings.max_body_bytes:
                raise _too_large(self.settings.max_body_bytes)
            variables = _json_object(params.get("variables"), "variables")
            return GraphQLRequest(params["query"], variables, params.get("operationName"))
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in JSON_TYPES:
            raise GatewayError(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "POST /graphql takes Content-Type: application/json, "
                f"not {content_type or 'none'}.",
            )
        try:
            payload = orjson.loads(await self._body(request))
        except orjson.JSONDecodeError:
            raise GatewayError(
                ErrorCode.GRAPHQL_PARSE_FAILED, "The request body is not valid JSON."
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

    async def _body(self, request: Request) -> bytes:
        limit = self.settings.max_body_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _too_large(limit)
        body = bytearray()
        seconds = self.settings.body_timeout_seconds
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


def _operation(payload: Any) -> GraphQLRequest:
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        raise GatewayError(
            ErrorCode.BAD_REQUEST, 'The body must be a JSON object with a "query" string.'
        )
    operation_name = payload.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise GatewayError(ErrorCode.BAD_REQUEST, '"operationName" must be a string.')
    variables = payload.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise GatewayError(ErrorCode.BAD_REQUEST, '"variables" must be a JSON object.')
    return GraphQLRequest(payload["query"], variables or {}, operation_name)


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
        raise GatewayError(ErrorCode.BAD_REQUEST, f"`{name}` is not valid JSON.") from None
    if not isinstance(value, dict):
        raise GatewayError(ErrorCode.BAD_REQUEST, f"`{name}` must be a JSON object.")
    return value

"""POST/GET /graphql: read the request, decide everything that can be decided before running,
then execute.

The order matters: parse and validate (cached), find the root fields the operation runs,
resolve X-Customer for the reports among them, and only then execute. A request refused on
the way gets a 4xx with GraphQL-shaped errors; nothing of it reaches the store.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    execute,
    get_operation_ast,
)
from graphql.execution.values import VariableValues, get_variable_values
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from reporting_gateway.access.customers import parse_customer_header, resolve_scope
from reporting_gateway.api.documents import Documents, RequestErrors
from reporting_gateway.api.graphiql import graphiql_html
from reporting_gateway.api.operation import RootSelection, root_selections
from reporting_gateway.api.responses import error_payload, json_response, rejection
from reporting_gateway.catalog.model import Report
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.query import Scope
from reporting_gateway.resolvers.context import RequestContext
from reporting_gateway.settings import Settings
from reporting_gateway.storage.store import Store

log = logging.getLogger("reporting_gateway.api")

JSON_TYPES = ("application/json", "application/graphql-response+json")


@dataclass(frozen=True)
class GraphQLRequest:
    query: str
    variables: dict[str, Any]
    operation_name: str | None


@dataclass(frozen=True)
class Prepared:
    """An operation that passed every check that needs no database."""

    document: DocumentNode
    operation: OperationDefinitionNode
    variables: VariableValues
    raw_variables: dict[str, Any]
    selections: list[RootSelection]
    reports: list[tuple[RootSelection, Report]]


class GraphQLEndpoint:
    def __init__(
        self,
        *,
        schema: GraphQLSchema,
        reports: Mapping[str, Report],
        store: Store,
        settings: Settings,
    ) -> None:
        self.schema = schema
        self.reports = dict(reports)  # root field name → report
        self.store = store
        self.settings = settings
        self.documents = Documents(schema)

    async def handle(self, request: Request) -> Response:
        request_id = _request_id(request)
        headers = {"X-Request-Id": request_id}
        production = self.settings.production
        try:
            if request.method == "GET" and "query" not in request.query_params:
                return self._explorer(request, headers)
            graphql_request = await self._read(request)
            prepared = self._prepare(graphql_request, request.method)
            scope = await self._scope(request) if prepared.reports else None
            context = RequestContext(self.store, self.settings, scope, request_id)
            result = await self._execute(prepared, graphql_request, context)
        except GatewayError as error:
            return rejection(
                error.code,
                [error],
                production=production,
                request_id=request_id,
                headers={**headers, **error.headers},
            )
        except RequestErrors as error:
            return rejection(
                error.code,
                error.errors,
                production=production,
                request_id=request_id,
                headers={**headers, **error.headers},
            )
        except Exception as error:  # a bug: answer in GraphQL's shape, log it with the request id
            return rejection(
                ErrorCode.INTERNAL,
                [GraphQLError(str(error), original_error=error)],
                production=production,
                request_id=request_id,
                headers=headers,
            )
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [
                error_payload(
                    e,
                    default_code=ErrorCode.BAD_REQUEST,
                    production=production,
                    request_id=request_id,
                )
                for e in result.errors
            ]
        return json_response(body, headers=headers)

    def _explorer(self, request: Request, headers: dict[str, str]) -> Response:
        if self.settings.production or "text/html" not in request.headers.get("accept", ""):
            raise GatewayError(
                ErrorCode.BAD_REQUEST,
                "A GET request needs a `query` parameter.",
                hint='POST a JSON body {"query": …} or GET /graphql?query=….',
            )
        return HTMLResponse(graphiql_html(), headers=headers)

    async def _read(self, request: Request) -> GraphQLRequest:
        if request.method == "GET":
            params = request.query_params
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
            payload = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            raise GatewayError(
                ErrorCode.GRAPHQL_PARSE_FAILED, "The request body is not valid JSON."
            ) from None
        if isinstance(payload, list):
            raise GatewayError(
                ErrorCode.BAD_REQUEST,
                "Batched operations (a JSON array) are not accepted; "
                "send one operation per request.",
            )
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            raise GatewayError(
                ErrorCode.BAD_REQUEST, 'The body must be a JSON object with a "query" string.'
            )
        operation_name = payload.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            raise GatewayError(ErrorCode.BAD_REQUEST, '"operationName" must be a string.')
        given: Any = payload.get("variables")
        if given is not None and not isinstance(given, dict):
            raise GatewayError(ErrorCode.BAD_REQUEST, '"variables" must be a JSON object.')
        return GraphQLRequest(payload["query"], given or {}, operation_name)

    def _prepare(self, graphql_request: GraphQLRequest, method: str) -> Prepared:
        document = self.documents.load(graphql_request.query)
        operation = get_operation_ast(document, graphql_request.operation_name)
        if operation is None:
            message = (
                f"No operation named {graphql_request.operation_name!r} in the document."
                if graphql_request.operation_name
                else "The document has several operations; name the one to run in operationName."
            )
            raise RequestErrors(ErrorCode.BAD_REQUEST, [GraphQLError(message)])
        if method == "GET" and operation.operation is not OperationType.QUERY:
            raise GatewayError(
                ErrorCode.METHOD_NOT_ALLOWED,
                f"A {operation.operation.value} cannot be sent with GET; use POST.",
                headers={"Allow": "POST"},
            )
        variables = get_variable_values(
            self.schema, operation.variable_definitions or (), graphql_request.variables
        )
        if isinstance(variables, list):
            raise RequestErrors(ErrorCode.BAD_REQUEST, variables)
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        selections = root_selections(operation, fragments, variables)
        reports = [
            (s, self.reports[s.field_name])
            for s in selections
            if operation.operation is OperationType.QUERY and s.field_name in self.reports
        ]
        return Prepared(
            document, operation, variables, graphql_request.variables, selections, reports
        )

    async def _scope(self, request: Request) -> Scope:
        selector = parse_customer_header(request.headers.getlist("x-customer"))
        return resolve_scope(selector, await self.store.customers())

    async def _execute(
        self, prepared: Prepared, graphql_request: GraphQLRequest, context: RequestContext
    ) -> ExecutionResult:
        result = execute(
            self.schema,
            prepared.document,
            context_value=context,
            variable_values=prepared.raw_variables,
            operation_name=graphql_request.operation_name,
        )
        if not isinstance(result, ExecutionResult):
            result = await result
        return result


def _request_id(request: Request) -> str:
    given = request.headers.get("x-request-id", "")
    if 0 < len(given) <= 64 and given.replace("-", "").isalnum():
        return given
    return secrets.token_hex(8)


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

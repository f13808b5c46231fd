"""Everything decided about an operation before it runs: the plan.

From the document, the variables, the token and the X-Customer header: the root fields that
will execute (fragments, aliases, @skip/@include resolved), the permits they need, the
customers, each report field's checked query, and the cost. Execution then only runs the
prepared queries; `estimateCost` is this same planning without running anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    get_operation_ast,
)
from graphql.execution.values import get_variable_values
from starlette.datastructures import Headers

from reporting_gateway.access.cost import filter_cost
from reporting_gateway.access.customers import HEADER, parse_customer_header, resolve_scope
from reporting_gateway.access.limiter import bucket_name
from reporting_gateway.access.limits import check_variables
from reporting_gateway.access.permits import check_permits, required_permits
from reporting_gateway.access.policy import GENERAL, INTROSPECTION, REPORTING, FieldPolicy
from reporting_gateway.api.documents import Documents, RequestErrors
from reporting_gateway.api.operation import RootSelection, arguments_of, root_selections
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.query import Scope
from reporting_gateway.resolvers.context import RequestContext
from reporting_gateway.settings import Settings
from reporting_gateway.storage.state.credentials import Credential
from reporting_gateway.storage.store import Store

ArgumentReader = Callable[[str, dict[str, Any], str], dict[str, Any]]


@dataclass(frozen=True)
class GraphQLRequest:
    query: str
    variables: dict[str, Any]
    operation_name: str | None


@dataclass
class Plan:
    document: DocumentNode
    operation: OperationDefinitionNode
    variables: dict[str, Any]
    selections: list[tuple[RootSelection, FieldPolicy]]
    permits: list[str]
    scope: Scope | None
    cost: int = 0
    prepared: dict[str, Any] = field(default_factory=dict)

    @property
    def bucket_type(self) -> str:
        return REPORTING if any(p.bucket_type == REPORTING for _, p in self.selections) else GENERAL

    def bucket(self, organization: str) -> str:
        return bucket_name(self.bucket_type, self.scope.ids if self.scope else (), organization)


class Planner:
    def __init__(
        self,
        *,
        schema: GraphQLSchema,
        documents: Documents,
        policies: Mapping[str, FieldPolicy],
        arguments: ArgumentReader,
        store: Store,
        settings: Settings,
    ) -> None:
        self.schema = schema
        self.documents = documents
        self.policies = policies
        self.arguments = arguments
        self.store = store
        self.settings = settings

    def operation(self, request: GraphQLRequest) -> OperationDefinitionNode | None:
        """The operation a request names, if its document is already known (for the logs of
        a request refused while planning). Never parses: a refusal stays cheap, and nobody
        can make the gateway parse and validate a document before it knows who is asking."""
        document = self.documents.known(request.query)
        if document is None:
            return None
        try:
            return _operation(document, request.operation_name)
        except RequestErrors:
            return None

    async def plan(
        self,
        request: GraphQLRequest,
        headers: Headers,
        credential: Credential,
        *,
        enforce_permits: bool = True,
    ) -> Plan:
        document = self.documents.load(request.query)
        operation = _operation(document, request.operation_name)
        check_variables(request.variables, self.documents.limits)
        variables = get_variable_values(
            self.schema, operation.variable_definitions or (), request.variables
        )
        if isinstance(variables, list):
            raise RequestErrors(ErrorCode.BAD_REQUEST, variables, status=400)  # GraphQL over HTTP
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        selections = [
            (selection, self.policies[selection.field_name])
            for selection in root_selections(operation, fragments, variables)
        ]
        limit = self.settings.max_root_fields
        if len(selections) > limit:
            raise GatewayError(
                ErrorCode.QUERY_TOO_COMPLEX,
                f"The operation selects {len(selections)} root fields; at most {limit} are allowed "
                "(REPORTING_MAX_ROOT_FIELDS).",
            )
        root = self.schema.get_root_type(operation.operation)
        assert root is not None
        raw = {
            selection.response_key: arguments_of(self.schema, root, selection, variables)
            for selection, policy in selections
            if policy.prepare is not None or policy.argument_permits is not None
        }
        by_arguments = [
            permit
            for selection, policy in selections
            if policy.argument_permits is not None
            for permit in policy.argument_permits(raw[selection.response_key])
        ]
        permits = required_permits((policy for _, policy in selections), by_arguments)
        if enforce_permits:
            check_permits(permits, credential.permits)
        needs_customers = any(policy.needs_customers for _, policy in selections)
        # Introspection never reads X-Customer: a bad header must not cost a client (GraphiQL,
        # codegen) its schema, and so its docs and autocompletion.
        introspection = all(s.field_name in INTROSPECTION for s, _ in selections)
        scope = (
            await self.scope_for(headers, credential)
            if needs_customers or (HEADER.lower() in headers and not introspection)
            else None
        )
        plan = Plan(document, operation, request.variables, selections, permits, scope)
        self._prepare(plan, raw)
        return plan

    def _prepare(self, plan: Plan, raw: dict[str, dict[str, Any]]) -> None:
        """Check every field's arguments and price them, before any of them runs."""
        context = self.context(plan.scope)
        root = self.schema.get_root_type(plan.operation.operation)
        assert root is not None
        for selection, policy in plan.selections:
            plan.cost += policy.cost
            if policy.prepare is None:
                continue
            arguments = self.arguments(selection.field_name, raw[selection.response_key], root.name)
            query = policy.prepare(context, **arguments)
            plan.prepared[selection.response_key] = query
            if policy.prices_filter:
                plan.cost += filter_cost(query.filter)
            if policy.prices_query:
                plan.cost += query.cost

    def context(self, scope: Scope | None, request_id: str = "") -> RequestContext:
        return RequestContext(self.store, self.settings, scope, request_id)

    async def scope_for(self, headers: Headers, credential: Credential) -> Scope:
        """The customers X-Customer selects among those the credential may read."""
        selector = parse_customer_header(headers.getlist(HEADER))
        return resolve_scope(selector, await self.store.customers(), credential.customers)


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode:
    operation = get_operation_ast(document, name)
    if operation is None:
        message = (
            f"No operation named {name!r} in the document."
            if name
            else "The document has several operations; name the one to run in operationName."
        )
        raise RequestErrors(ErrorCode.BAD_REQUEST, [GraphQLError(message)])
    return operation

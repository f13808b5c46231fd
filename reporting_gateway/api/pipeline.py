"""One GraphQL operation, from token to response: authenticate, plan, charge, execute.

Every refusal happens before execution and before the charge, except the rate limit
itself; a refused operation touches no report data and costs nothing.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass, field
from typing import Any

from graphql import ExecutionResult, GraphQLSchema, OperationType, execute
from starlette.datastructures import Headers

from reporting_gateway.access.limiter import Charge, Limiter, bucket_name
from reporting_gateway.access.tokens import authenticate
from reporting_gateway.api.documents import RequestErrors
from reporting_gateway.api.executor import PlainObjectExecutor
from reporting_gateway.api.plan import GraphQLRequest, Plan, Planner
from reporting_gateway.api.responses import error_payload
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.ops import tracing
from reporting_gateway.ops.observe import OperationRecord, observe
from reporting_gateway.query import REPORT_QUERIES
from reporting_gateway.resolvers.access import AnsweredFrom, CostEstimate, RateLimitState
from reporting_gateway.settings import Settings
from reporting_gateway.storage.state.credentials import Credential, Credentials

log = logging.getLogger("reporting_gateway.api")


@dataclass
class Outcome:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class Gateway:
    def __init__(
        self,
        *,
        schema: GraphQLSchema,
        planner: Planner,
        credentials: Credentials,
        limiter: Limiter | None,
        settings: Settings,
        anonymous: Credential | None = None,
        exports: Any = None,
    ) -> None:
        self.schema = schema
        self.planner = planner
        self.credentials = credentials
        self.limiter = limiter
        self.settings = settings
        self.anonymous = anonymous  # the credential used when authentication is switched off
        self.exports = exports

    async def run(
        self, request: GraphQLRequest, headers: Headers, method: str, request_id: str
    ) -> Outcome:
        """Run one operation, then count it in the metrics and log it (once, whatever the
        outcome)."""
        started = time.perf_counter()
        record = OperationRecord(request_id, customer=headers.get("x-customer"))
        outcome = await self._run(request, headers, method, request_id, record)
        if record.operation_type is None and (operation := self.planner.operation(request)):
            record.operation_type = operation.operation.value
            record.operation = operation.name.value if operation.name else None
        record.finish(outcome.status, outcome.body, time.perf_counter() - started)
        observe(record)
        return outcome

    async def _run(
        self,
        request: GraphQLRequest,
        headers: Headers,
        method: str,
        request_id: str,
        record: OperationRecord,
    ) -> Outcome:
        out = {"X-Request-Id": request_id}
        charge: Charge | None = None
        try:
            with tracing.span("authenticate"):
                credential = self.anonymous or await authenticate(self.credentials, headers)
            record.token = credential.name
            with tracing.span("plan"):
                plan = await self.planner.plan(request, headers, credential)
            record.operation = plan.operation.name.value if plan.operation.name else None
            record.operation_type = plan.operation.operation.value
            record.bucket_type, record.cost = plan.bucket_type, plan.cost
            tracing.annotate(
                **{
                    "graphql.operation.type": record.operation_type,
                    "graphql.operation.name": record.operation or "",
                    "gateway.cost": plan.cost,
                }
            )
            if method == "GET" and plan.operation.operation is not OperationType.QUERY:
                raise GatewayError(
                    ErrorCode.METHOD_NOT_ALLOWED,
                    f"A {plan.operation.operation.value} cannot be sent with GET; use POST.",
                    headers={"Allow": "POST"},
                )
            with tracing.span("charge", bucket=plan.bucket(credential.organization)):
                charge = await self._charge(plan, credential)
            if charge is not None:
                out.update(charge.headers())
                record.charged = plan.cost if charge.admitted else 0
                record.rate_limited = not charge.admitted
            if charge is not None and not charge.admitted:
                raise _rate_limited(charge)
            with tracing.span("execute"):
                result, answered = await self._execute(plan, credential, headers, request_id)
        except GatewayError as error:
            sent = {**out, **error.headers}
            return self._refusal(error.code, [error], sent, request_id, charge, error.status)
        except RequestErrors as error:
            sent = {**out, **error.headers}
            return self._refusal(error.code, error.errors, sent, request_id, charge, error.status)
        except Exception as error:  # a bug: answered INTERNAL, logged and counted like the rest
            return self._refusal(ErrorCode.INTERNAL, [error], out, request_id, charge)
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [
                self._error(e, ErrorCode.BAD_REQUEST, request_id) for e in result.errors
            ]
        body["extensions"] = self._extensions(request_id, charge, answered)
        return Outcome(200, body, out)

    async def _charge(self, plan: Plan, credential: Credential) -> Charge | None:
        if self.limiter is None:
            return None
        return await self.limiter.charge(plan.bucket(credential.organization), plan.cost)

    async def _execute(
        self, plan: Plan, credential: Credential, headers: Headers, request_id: str
    ) -> tuple[ExecutionResult, dict[str, str]]:
        """The result, and what answered each report field (a rollup or the facts)."""
        context = self.planner.context(plan.scope, request_id)
        context.prepared = plan.prepared
        context.access = _Hooks(self, plan, credential, headers)
        context.exports = self.exports
        seconds = self.settings.request_timeout_seconds
        try:
            with self.planner.store.deadline(seconds):
                async with asyncio.timeout(seconds):
                    result = execute(
                        self.schema,
                        plan.document,
                        context_value=context,
                        variable_values=plan.variables,
                        operation_name=plan.operation.name.value if plan.operation.name else None,
                        executor_class=PlainObjectExecutor,
                    )
                    if not isinstance(result, ExecutionResult):
                        result = await result
        except TimeoutError:
            raise GatewayError(
                ErrorCode.TIMEOUT,
                f"The operation ran longer than {self.settings.request_timeout_seconds:g} s "
                "and was stopped (its database work too).",
                hint="Narrow the range or the filter, or export large results instead.",
            ) from None
        return result, context.answered_from

    def _refusal(
        self,
        code: ErrorCode,
        errors: list[Any],
        headers: dict[str, str],
        request_id: str,
        charge: Charge | None,
        status: int | None = None,
    ) -> Outcome:
        body = {
            "errors": [self._error(e, code, request_id) for e in errors],
            "extensions": self._extensions(request_id, charge),
        }
        return Outcome(status or code.status, body, headers)

    def _error(self, error: Any, code: ErrorCode, request_id: str) -> dict[str, Any]:
        return error_payload(
            error, default_code=code, production=self.settings.production, request_id=request_id
        )

    @staticmethod
    def _extensions(
        request_id: str, charge: Charge | None, answered: dict[str, str] | None = None
    ) -> dict[str, Any]:
        extensions: dict[str, Any] = {"requestId": request_id}
        if charge is not None:
            extensions["rateLimit"] = charge.extension()
        if answered:
            extensions["answeredFrom"] = answered
        return extensions


def _rate_limited(charge: Charge) -> GatewayError:
    return GatewayError(
        ErrorCode.RATE_LIMITED,
        f"The {charge.bucket} bucket is empty; retry in {charge.retry_after} s.",
        details={"bucket": charge.bucket, "remaining": math.floor(charge.remaining)},
        headers={"Retry-After": str(charge.retry_after)},
    )


@dataclass
class _Hooks:
    """What the free `rateLimit` and `estimateCost` queries need from the gateway."""

    gateway: Gateway
    plan: Plan
    credential: Credential
    headers: Headers

    async def rate_limit(self, bucket_type: str) -> RateLimitState | None:
        charge = await self._peek(bucket_type)
        return RateLimitState.of(charge) if charge is not None else None

    async def estimate(
        self, query: str, variables: dict[str, Any], operation_name: str | None
    ) -> CostEstimate:
        request = GraphQLRequest(query, variables, operation_name)
        try:
            plan = await self.gateway.planner.plan(
                request, self.headers, self.credential, enforce_permits=False
            )
        except RequestErrors as error:
            raise GatewayError(error.code, f"The estimated query is not valid: {error}") from None
        charge = await self._peek(plan.bucket_type, plan)
        missing = [p for p in plan.permits if p not in self.credential.permits]
        store = self.gateway.planner.store
        answered = [
            AnsweredFrom(key, store.answered_from(query))
            for key, query in plan.prepared.items()
            if isinstance(query, REPORT_QUERIES)
        ]
        return CostEstimate.of(
            plan.cost,
            plan.permits,
            missing,
            charge,
            plan.bucket(self.credential.organization),
            answered,
        )

    async def _peek(self, bucket_type: str, plan: Plan | None = None) -> Charge | None:
        limiter = self.gateway.limiter
        if limiter is None:
            return None
        scope = (plan or self.plan).scope
        name = bucket_name(bucket_type, scope.ids if scope else (), self.credential.organization)
        return await limiter.charge(name, 0)

"""What every resolver can reach: the store, the settings and the request's customer scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.ops import tracing
from reporting_gateway.query import Scope
from reporting_gateway.settings import Settings
from reporting_gateway.storage.store import Store

Q = TypeVar("Q")


@dataclass
class RequestContext:
    store: Store
    settings: Settings
    scope: Scope | None = None  # resolved from X-Customer when the operation reads reports
    request_id: str = ""
    prepared: dict[str, Any] = field(default_factory=dict)  # response key → its checked query
    access: Any = None  # the gateway's hooks for rateLimit/estimateCost (see api/pipeline.py)
    exports: Any = None  # export jobs (see exports/service.py)
    extras: dict[str, Any] = field(default_factory=dict)
    answered_from: dict[str, str] = field(default_factory=dict)  # response key → rollup/facts

    def require_scope(self) -> Scope:
        if self.scope is None:  # the HTTP layer resolves X-Customer before running reports
            raise GatewayError(ErrorCode.CUSTOMER_HEADER_MISSING, "Send the X-Customer header.")
        return self.scope


def prepared_query(
    info: Any, kind: type[Q], prepare: Callable[..., Q], report: Any, arguments: dict[str, Any]
) -> Q:
    """The query the gateway checked and priced before execution, or (outside the gateway,
    e.g. a bare schema.execute) the same query prepared now from the resolver's arguments."""
    context: RequestContext = info.context
    query = context.prepared.get(info.path.key)
    return query if isinstance(query, kind) else prepare(report, context, **arguments)


def note_answer(info: Any, query: Any) -> None:
    """Remember what answers this field (a rollup's name or `facts`) for the response's
    `extensions.answeredFrom`."""
    context: RequestContext = info.context
    source = context.answered_from[info.path.key] = context.store.answered_from(query)
    tracing.annotate(**{f"answered_from.{info.path.key}": source})

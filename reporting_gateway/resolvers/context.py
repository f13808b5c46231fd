"""What every resolver can reach: the store, the settings and the request's customer scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.query import Scope
from reporting_gateway.settings import Settings
from reporting_gateway.storage.store import Store


@dataclass
class RequestContext:
    store: Store
    settings: Settings
    scope: Scope | None = None  # resolved from X-Customer when the operation reads reports
    request_id: str = ""
    extras: dict[str, Any] = field(default_factory=dict)

    def require_scope(self) -> Scope:
        if self.scope is None:  # the HTTP layer resolves X-Customer before running reports
            raise GatewayError(ErrorCode.CUSTOMER_HEADER_MISSING, "Send the X-Customer header.")
        return self.scope

"""Permits: Reporting:Api:Query plus the permit of every field an operation selects."""

from __future__ import annotations

from collections.abc import Iterable

from reporting_gateway.access.policy import FieldPolicy
from reporting_gateway.catalog import QUERY_PERMIT
from reporting_gateway.errors import ErrorCode, GatewayError


def required_permits(policies: Iterable[FieldPolicy], extra: Iterable[str] = ()) -> list[str]:
    return sorted(
        {QUERY_PERMIT, *extra, *(permit for policy in policies for permit in policy.permits)}
    )


def check_permits(required: list[str], granted: frozenset[str]) -> None:
    missing = [permit for permit in required if permit not in granted]
    if missing:
        raise GatewayError(
            ErrorCode.FORBIDDEN,
            f"The token lacks the permit(s) this operation needs: {', '.join(missing)}.",
            details={"missingPermits": missing},
            hint="Ask the operator to grant them, or leave those fields out.",
        )

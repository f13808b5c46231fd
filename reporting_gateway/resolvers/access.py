"""The free queries about access: `rateLimit` (a bucket's state) and `estimateCost` (a dry run)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reporting_gateway.errors import ErrorCode, GatewayError


@dataclass(frozen=True)
class RateLimitState:
    bucket: str
    capacity: int
    remaining: int
    refill_per_second: float
    reset_at: datetime

    @classmethod
    def of(cls, charge: Any) -> RateLimitState:
        return cls(
            charge.bucket,
            charge.capacity,
            math.floor(charge.remaining),
            charge.refill_per_second,
            charge.reset_at,
        )


@dataclass(frozen=True)
class AnsweredFrom:
    field: str  # the response key (alias) of a report field
    source: str  # the rollup that answers it, or `facts`


@dataclass(frozen=True)
class CostEstimate:
    cost: int
    bucket: str
    permits: list[str]
    missing_permits: list[str]
    remaining: int | None
    would_be_admitted: bool
    answered_from: list[AnsweredFrom]

    @classmethod
    def of(
        cls,
        cost: int,
        permits: list[str],
        missing: list[str],
        charge: Any,
        bucket: str,
        answered_from: list[AnsweredFrom],
    ) -> CostEstimate:
        remaining = math.floor(charge.remaining) if charge is not None else None
        admitted = not missing and (cost == 0 or remaining is None or charge.remaining > 0)
        return cls(cost, bucket, permits, missing, remaining, admitted, answered_from)


def _hooks(info: Any) -> Any:
    hooks = info.context.access
    if hooks is None:
        raise GatewayError(ErrorCode.INTERNAL, "access hooks are not set up for this request")
    return hooks


async def resolve_rate_limit(info: Any, *, type: Any) -> RateLimitState | None:
    return await _hooks(info).rate_limit(type.value)  # type: ignore[no-any-return]


async def resolve_estimate_cost(
    info: Any, *, query: str, variables: Any = None, operation_name: str | None = None
) -> CostEstimate:
    return await _hooks(info).estimate(query, variables or {}, operation_name)  # type: ignore[no-any-return]

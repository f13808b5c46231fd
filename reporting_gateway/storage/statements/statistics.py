"""Statistics statements: one GROUP BY over the period, labelled like a timeseries series.

The period is read per timezone: customers in different timezones each get their local
wall-clock `from`/`to`, as one OR of per-timezone ranges. Over a rollup the period is a set
of runs of whole buckets (`rollups/periods.py`); its edges that no bucket covers are read
from the facts by a second statement and added.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from reporting_gateway.catalog.model import Interval
from reporting_gateway.query import Scope
from reporting_gateway.storage.statements.source import Source

Span = tuple[datetime | None, datetime | None]


def period(
    scope: Scope,
    starts: Mapping[str, datetime | None],
    ends: Mapping[str, datetime | None],
    source: Source,
) -> list[ColumnElement[bool]]:
    """Rows of each customer inside its own timezone's reading of the period (conditions to
    add to the scope's own; none for a period open at both ends)."""
    assert source.time is not None
    time = source.time
    return _per_timezone(
        scope,
        source.tenant,
        {tz: [_bounds(time, starts.get(tz), ends.get(tz))] for tz in scope.timezones},
    )


def spans(scope: Scope, ranges: Mapping[str, Sequence[Span]], source: Source) -> list[Any]:
    """Rows of each customer inside any of its timezone's ranges (the edges of a period)."""
    assert source.time is not None
    time = source.time
    return _per_timezone(
        scope,
        source.tenant,
        {tz: [_bounds(time, a, b) for a, b in ranges.get(tz, ())] for tz in scope.timezones},
    )


def covered(
    scope: Scope,
    pieces: Mapping[str, Sequence[tuple[Interval, datetime | None, datetime | None]]],
    source: Source,
) -> list[ColumnElement[bool]]:
    """Rollup rows of each customer in the runs of buckets its timezone's period holds."""
    assert source.time is not None
    grain, time = source.from_.c.grain, source.time
    return _per_timezone(
        scope,
        source.tenant,
        {
            tz: [[grain == g.value, *_bounds(time, a, b)] for g, a, b in pieces.get(tz, ())]
            for tz in scope.timezones
        },
    )


def _per_timezone(
    scope: Scope, tenant: ColumnElement[Any], parts: Mapping[str, list[list[ColumnElement[bool]]]]
) -> list[ColumnElement[bool]]:
    """OR over timezones of (its customers AND any of its parts). A part is an AND of
    conditions; an empty part holds every row, no part at all holds none."""

    def any_part(conditions: list[list[ColumnElement[bool]]]) -> ColumnElement[bool] | None:
        if not conditions:
            return sa.false()
        if any(not c for c in conditions):
            return None
        return sa.or_(*(sa.and_(*c) for c in conditions))

    per_zone = {tz: any_part(parts[tz]) for tz in sorted(parts)}
    if all(c is None for c in per_zone.values()):
        return []
    if len(per_zone) == 1:
        return [c for c in per_zone.values() if c is not None]
    return [
        sa.or_(
            *(
                sa.and_(tenant.in_(scope.ids_in(tz)), *([c] if c is not None else []))
                for tz, c in per_zone.items()
            )
        )
    ]


def _bounds(
    time: ColumnElement[Any], start: datetime | None, end: datetime | None
) -> list[ColumnElement[bool]]:
    return [
        *([time >= start] if start is not None else []),
        *([time < end] if end is not None else []),
    ]

"""Statistics statements: one GROUP BY over the period, labelled like a timeseries series.

The period is read per timezone: customers in different timezones each get their local
wall-clock `from`/`to`, as one OR of per-timezone ranges.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from reporting_gateway.query import Scope, StatisticsQuery
from reporting_gateway.storage.statements.records import Statement
from reporting_gateway.storage.statements.source import Source
from reporting_gateway.storage.statements.timeseries import conditions, counted, label_columns


def select_statistics(query: StatisticsQuery, source: Source) -> tuple[Statement, tuple[str, ...]]:
    assert source.time is not None
    keys = query.report.label_keys(query.aggregation, query.scope.cross_customer)
    measure = counted(query.report.measure, source)
    labels = label_columns(source, keys, query.report.tenant_field)
    statement = (
        sa.select(*labels, measure.label("value"))
        .select_from(source.from_)
        .where(
            *conditions(source, query.scope, query.filter, query.report),
            *period(query.scope, query.start, query.end, source),
        )
        .group_by(*labels)
    )
    return statement, keys


def period(
    scope: Scope,
    starts: dict[str, datetime | None],
    ends: dict[str, datetime | None],
    source: Source,
) -> list[ColumnElement[bool]]:
    """Rows of each customer inside its own timezone's reading of the period (conditions to
    add to the scope's own; none for a period open at both ends)."""
    assert source.time is not None
    bounds = {tz: _bounds(source.time, starts.get(tz), ends.get(tz)) for tz in scope.timezones}
    if not any(bounds.values()):
        return []
    if len(bounds) == 1:
        return next(iter(bounds.values()))
    return [
        sa.or_(
            *(
                sa.and_(source.tenant.in_(scope.ids_in(timezone)), *bounds[timezone])
                for timezone in sorted(bounds)
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

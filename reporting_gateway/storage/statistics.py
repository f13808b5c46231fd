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
from reporting_gateway.storage.records import Statement
from reporting_gateway.storage.sources import Source
from reporting_gateway.storage.timeseries import conditions, counted, label_columns


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
            period(query.scope, query.start, query.end, source),
        )
        .group_by(*labels)
    )
    return statement, keys


def period(
    scope: Scope,
    starts: dict[str, datetime | None],
    ends: dict[str, datetime | None],
    source: Source,
) -> ColumnElement[bool]:
    """Rows of each customer inside its own timezone's reading of the period."""
    assert source.time is not None
    ranges = []
    for timezone in sorted(scope.timezones):
        start, end = starts.get(timezone), ends.get(timezone)
        bounds: list[ColumnElement[Any]] = [
            source.tenant.in_([c.id for c in scope.customers if c.timezone == timezone])
        ]
        if start is not None:
            bounds.append(source.time >= start)
        if end is not None:
            bounds.append(source.time < end)
        ranges.append(sa.and_(*bounds))
    return sa.or_(*ranges)

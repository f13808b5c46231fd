"""Field metadata in SQL: a field's values with their counts (top N), or its min and max."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from reporting_gateway.query import FieldValuesQuery
from reporting_gateway.storage.dialect import array_elements
from reporting_gateway.storage.statements.records import Statement
from reporting_gateway.storage.statements.source import Source
from reporting_gateway.storage.statements.statistics import period
from reporting_gateway.storage.statements.timeseries import conditions


def _where(query: FieldValuesQuery, source: Source) -> list[Any]:
    return [
        *conditions(source, query.scope, query.filter, query.report),
        *period(query.scope, query.start, query.end, source),
    ]


def select_values(query: FieldValuesQuery, source: Source, dialect: str) -> Statement:
    """The most frequent values first; one row more than asked, to tell a cut list."""
    column = source.columns[query.field]
    from_: Any = source.from_
    if query.report.field(query.field).type.is_array:
        elements = array_elements(column, dialect)
        from_ = from_.join(elements, sa.true())
        column = elements.c.value
    count = sa.func.count().label("rows")
    return (
        sa.select(column.label("value"), count)
        .select_from(from_)
        .where(*_where(query, source))
        .group_by(column)
        .order_by(count.desc(), column)
        .limit(query.first + 1)
    )


def select_range(query: FieldValuesQuery, source: Source) -> Statement:
    column = source.columns[query.field]
    return (
        sa.select(
            sa.func.min(column).label("minimum"),
            sa.func.max(column).label("maximum"),
            sa.func.count(column).label("rows"),
        )
        .select_from(source.from_)
        .where(*_where(query, source))
    )

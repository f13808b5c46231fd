"""Every SQL difference between SQLite and PostgreSQL, as `@compiles` rules in one place.

The rest of `storage/` builds dialect-neutral Core expressions from these constructs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal


class ArrayOverlaps(ColumnElement[bool]):
    """True when an integer-array column shares at least one element with `values`."""

    inherit_cache = False
    type = sa.Boolean()

    def __init__(self, column: ColumnElement[Any], values: Sequence[int]) -> None:
        self.column = column
        self.values = list(values)


@compiles(ArrayOverlaps, "postgresql")
def _overlaps_postgresql(element: ArrayOverlaps, compiler: SQLCompiler, **kw: Any) -> str:
    values = sa.bindparam(None, element.values, type_=postgresql.ARRAY(sa.Integer))
    return f"({compiler.process(element.column, **kw)} && {compiler.process(values, **kw)})"


@compiles(ArrayOverlaps, "sqlite")
def _overlaps_sqlite(element: ArrayOverlaps, compiler: SQLCompiler, **kw: Any) -> str:
    elements = sa.func.json_each(element.column).table_valued("value").alias("array_element")
    shared = sa.exists(
        sa.select(sa.literal(1)).select_from(elements).where(elements.c.value.in_(element.values))
    )
    return compiler.process(shared, **kw)


class CurrentYear(FunctionElement[int]):
    """This calendar year (UTC), evaluated by the database at query time."""

    inherit_cache = True
    type = sa.Integer()
    name = "current_year"


@compiles(CurrentYear, "postgresql")
def _current_year_postgresql(element: CurrentYear, compiler: SQLCompiler, **kw: Any) -> str:
    return "CAST(EXTRACT(YEAR FROM (now() AT TIME ZONE 'UTC')) AS INTEGER)"


@compiles(CurrentYear, "sqlite")
def _current_year_sqlite(element: CurrentYear, compiler: SQLCompiler, **kw: Any) -> str:
    return "CAST(strftime('%Y', 'now') AS INTEGER)"


def array_elements(column: ColumnElement[Any], dialect: str) -> Any:
    """The elements of an integer-array column as a table joined to its row (`.c.value`)."""
    if dialect == "postgresql":
        return sa.func.unnest(column).table_valued("value").render_derived(name="element")
    return sa.func.json_each(column).table_valued("value").alias("element")


class LastBy(ColumnElement[Any]):
    """In a GROUP BY: `value` of the group's row with the latest `time`. On SQLite the
    select must also hold `max(time)` (SQLite then takes bare columns from that row)."""

    inherit_cache = True  # its cache key is its parts: SQLAlchemy compiles it once a shape
    _traverse_internals = [
        ("value", InternalTraversal.dp_clauseelement),
        ("time", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, value: ColumnElement[Any], time: ColumnElement[Any]) -> None:
        self.value = value
        self.time = time
        self.type = value.type


@compiles(LastBy, "postgresql")
def _last_by_postgresql(element: LastBy, compiler: SQLCompiler, **kw: Any) -> str:
    ordered = postgresql.aggregate_order_by(element.value, element.time.desc())
    return f"({compiler.process(sa.func.array_agg(ordered), **kw)})[1]"


@compiles(LastBy, "sqlite")
def _last_by_sqlite(element: LastBy, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.value, **kw)


class Unindexed(ColumnElement[Any]):
    """A column compared without offering the comparison to SQLite's index choice (unary
    `+`): a range join's per-bucket bounds then drive the index, and a statement's overall
    bounds only filter. PostgreSQL plans with every bound, so there it is the column itself."""

    inherit_cache = True  # its cache key is its column: SQLAlchemy compiles it once a shape
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column
        self.type = column.type


@compiles(Unindexed, "sqlite")
def _unindexed_sqlite(element: Unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(element.column, **kw)}"


@compiles(Unindexed, "postgresql")
def _unindexed_postgresql(element: Unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column, **kw)

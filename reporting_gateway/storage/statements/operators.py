"""Filter operator name → a small Core builder. Same keys as `catalog/operators.py` (tested).

Null semantics are two-valued so that `not` is always the complement: a missing value
equals nothing and differs from everything. `equal: null` is IS NULL, `not_equal: null`
IS NOT NULL (spec §2), `not_equal`/`not_in` match missing values, the other comparisons
never do. The IS [NOT] NULL guards are only added where the column can be null.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from reporting_gateway.catalog.model import Field
from reporting_gateway.storage.dialect import ArrayOverlaps

Column = ColumnElement[Any]
Predicate = ColumnElement[bool]
Builder = Callable[[Column, Any, Field], Predicate]


def _present(column: Column, field: Field, predicate: Predicate) -> Predicate:
    """`predicate`, and false (never unknown) where the value is missing."""
    return sa.and_(column.is_not(None), predicate) if field.nullable else predicate


def _or_missing(column: Column, field: Field, predicate: Predicate) -> Predicate:
    """`predicate`, and true where the value is missing."""
    return sa.or_(column.is_(None), predicate) if field.nullable else predicate


def _equal(column: Column, value: Any, field: Field) -> Predicate:
    return column.is_(None) if value is None else _present(column, field, column == value)


def _not_equal(column: Column, value: Any, field: Field) -> Predicate:
    return column.is_not(None) if value is None else _or_missing(column, field, column != value)


def _in(column: Column, values: list[Any], field: Field) -> Predicate:
    if field.type.is_array:
        return _present(column, field, ArrayOverlaps(column, values))
    return _present(column, field, column.in_(values))


def _not_in(column: Column, values: list[Any], field: Field) -> Predicate:
    if field.type.is_array:
        return _or_missing(column, field, sa.not_(ArrayOverlaps(column, values)))
    return _or_missing(column, field, column.not_in(values))


def _ordered(compare: Callable[[Column, Any], Predicate]) -> Builder:
    return lambda column, value, field: _present(column, field, compare(column, value))


BUILDERS: dict[str, Builder] = {
    "equal": _equal,
    "not_equal": _not_equal,
    "greater_than": _ordered(lambda c, v: c > v),
    "greater_or_equal_to": _ordered(lambda c, v: c >= v),
    "less_than": _ordered(lambda c, v: c < v),
    "less_or_equal_to": _ordered(lambda c, v: c <= v),
    "in": _in,
    "not_in": _not_in,
}

LOGICAL: dict[str, Callable[[list[Predicate]], Predicate]] = {
    "and": lambda operations: sa.and_(*operations),
    "or": lambda operations: sa.or_(*operations),
    "not": lambda operations: sa.not_(operations[0]),
}

"""Request values as named bound parameters, so that statements built once serve every request
of the same shape (`records.plan_records` keeps them): building a page's statements costs more
CPU than the database spends on a small page.

A filter's shape is its tree with each value replaced by a `Slot`: fields, operators, and the
Python types of the values (which decide a parameter's SQL type, as they do for a literal).
A null stays in the tree (it makes `IS NULL`, not a comparison); so do an array field's list
and any value of a field the report cannot filter by, whose statements are built per request
as before (an overlap test holds its values; compiling a bad field names it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.types import TypeEngine

from reporting_gateway.catalog.model import Report
from reporting_gateway.catalog.operators import OPERATORS
from reporting_gateway.query import Condition, FilterNode, Logical

MANY = frozenset(o.name for o in OPERATORS if o.takes_list)  # a list value: expanding


@dataclass(frozen=True)
class Slot:
    """Where one request's value goes in a shared statement."""

    name: str
    many: bool  # a list: an expanding parameter (IN)
    kind: object  # what decides the parameter's type: the Python type(s) of the value
    sample: Any = field(default=None, compare=False)  # the value of the request that built it

    def bind(self, column: ColumnElement[Any]) -> BindParameter[Any]:
        first = (self.sample[0] if self.sample else None) if self.many else self.sample
        return sa.bindparam(
            self.name, type_=bound_type(column, first), expanding=self.many, required=True
        )


def bound_type(column: ColumnElement[Any], sample: Any) -> TypeEngine[Any]:
    """The type SQLAlchemy gives a literal compared with `column`: the column's, unless the
    value is of another kind (an ISO string compared with a timestamp stays a string)."""
    if sample is None:
        return column.type
    return column.type.coerce_compared_value(operators.eq, sample)


def kind_of(value: Any) -> object:
    if isinstance(value, list | tuple):
        return ("many", frozenset(type(item) for item in value))
    return type(value)


def slot(name: str, value: Any, params: dict[str, Any], *, many: bool = False) -> Slot:
    params[name] = list(value) if many else value
    return Slot(name, many, kind_of(value), value)


def template_filter(
    node: FilterNode, report: Report, params: dict[str, Any]
) -> tuple[FilterNode, bool]:
    """The shape of a filter tree, its values added to `params`, and whether the shape can be
        shared (not for an array field, whose overlap test is built per request, nor for a field
    the report cannot filter by, which compiling refuses)."""
    if isinstance(node, Logical):
        shared = True
        operations = []
        for child in node.operations:
            operation, child_shared = template_filter(child, report, params)
            operations.append(operation)
            shared = shared and child_shared
        return Logical(node.operator, tuple(operations)), shared
    if node.value is None:
        return node, True
    if not report.has_field(node.field):
        return node, False
    described = report.field(node.field)
    if described.type.is_array or not described.filterable:
        return node, False
    value = slot(f"rg_filter_{len(params)}", node.value, params, many=node.operator in MANY)
    return Condition(node.field, node.operator, value), True

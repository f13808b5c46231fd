"""FilterNode tree → one Core boolean expression with bound parameters.

The tree reaching here was built and type-checked by `resolvers/arguments.py`; this module
still refuses a field without a source column or an unknown operator, naming the path, so
a catalog/source mismatch can never turn into "match everything". A value may be a `Slot`
(`slots.py`): the statement then takes it as a named parameter, for every request of its shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.sql.elements import ColumnElement

from reporting_gateway.catalog.model import Report
from reporting_gateway.errors import bad_filter
from reporting_gateway.query import Condition, FilterNode, Logical
from reporting_gateway.storage.statements.operators import BUILDERS, LOGICAL
from reporting_gateway.storage.statements.slots import Slot


def compile_filter(
    node: FilterNode,
    report: Report,
    columns: Mapping[str, ColumnElement[Any]],
    path: str = "filter",
) -> ColumnElement[bool]:
    if isinstance(node, Logical):
        operations = [
            compile_filter(child, report, columns, f"{path}.{node.operator}[{i}]")
            for i, child in enumerate(node.operations)
        ]
        return LOGICAL[node.operator](operations)
    return _compile_condition(node, report, columns, path)


def _compile_condition(
    node: Condition,
    report: Report,
    columns: Mapping[str, ColumnElement[Any]],
    path: str,
) -> ColumnElement[bool]:
    column = columns.get(node.field)
    if (
        column is None
        or not report.has_field(node.field)
        or not report.field(node.field).filterable
    ):
        raise bad_filter(f"{path}.{node.field}", f"report {report.name} cannot filter by it")
    builder = BUILDERS.get(node.operator)
    if builder is None:
        raise bad_filter(f"{path}.{node.field}", f"unknown operator {node.operator!r}")
    value = node.value.bind(column) if isinstance(node.value, Slot) else node.value
    return builder(column, value, report.field(node.field))


def tenant_is(column: ColumnElement[Any], ids: Sequence[int]) -> ColumnElement[bool]:
    """`tenant IN (…)`, or `tenant = :id` for the one customer most requests read: an IN list
    is an expanding parameter, which SQLAlchemy rewrites into the SQL text on every execution
    (a tenth of a millisecond a query); an equality compiles once per statement shape.
    Records plans bind the customers by name instead (`records.customers_are`)."""
    return column == ids[0] if len(ids) == 1 else column.in_(ids)

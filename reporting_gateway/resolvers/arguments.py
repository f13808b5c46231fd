"""GraphQL arguments → the values of `query.py`. Both filter front doors meet here.

The typed `filter` (a strawberry input object) and the REST-style `filterTree` (JSON) become
the same `FilterNode` tree: the same checks, the same coercion, the same errors with the path
to the offending node. Sibling keys of a typed filter are an implicit `and`, flattened into
an explicit `and` child so the tree (and its cost) matches what a REST client would write.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from strawberry import UNSET

from reporting_gateway.catalog.model import Aggregation, Field, Kind, Report
from reporting_gateway.catalog.operators import OPERATORS_BY_NAME, Operator
from reporting_gateway.errors import bad_filter, bad_request
from reporting_gateway.query import Condition, FilterNode, Logical
from reporting_gateway.resolvers.filter_size import FilterLimits
from reporting_gateway.schema.naming import catalog_name
from reporting_gateway.schema.naming import field_name as _camel
from reporting_gateway.timebuckets import check_year

_LOGICAL = ("and", "or", "not")
INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # GraphQL's Int


def filter_node(report: Report, typed: Any, tree: Any, limits: FilterLimits) -> FilterNode | None:
    """Either filter form as the one tree, checked against the size limits."""
    if typed is not None and tree is not None:
        raise bad_request(
            "Give either `filter` or `filterTree`, not both.",
            path="filterTree",
            hint="`filter` is the typed form of the same tree; combine them with an `and`.",
        )
    if typed is not None:
        return limits.check(from_input(report, typed, "filter"), "filter")
    if tree is not None:
        return limits.check(from_tree(report, tree, "filterTree"), "filterTree")
    return None


def aggregation(report: Report, value: Any) -> Aggregation | None:
    """The catalog aggregation behind an `aggregateBy` enum value (or its REST name)."""
    return report.aggregation(getattr(value, "value", value)) if value is not None else None


def from_input(report: Report, value: Any, path: str) -> FilterNode:
    """A typed `<Report>Filter` input object → FilterNode."""
    nodes: list[FilterNode] = []
    for attribute, given in vars(value).items():
        if given is UNSET:
            continue
        name = catalog_name(attribute)
        where = f"{path}.{_camel(name)}"
        if name in ("and", "or"):
            if given is None or not given:
                raise bad_filter(where, f"`{name}` needs at least one filter")
            children = [from_input(report, child, f"{where}[{i}]") for i, child in enumerate(given)]
            nodes.append(Logical(name, tuple(children)))  # type: ignore[arg-type]
        elif name == "not":
            if given is None:
                raise bad_filter(where, "`not` needs a filter")
            nodes.append(Logical("not", (from_input(report, given, where),)))
        else:
            if given is None:
                raise bad_filter(where, "give at least one condition, or leave the field out")
            nodes.extend(_field_conditions(report, name, given, where))
    if not nodes:
        raise bad_filter(path, "an empty filter would match everything; leave `filter` out instead")
    return _conjunction(nodes)


def _field_conditions(report: Report, field: str, operators: Any, path: str) -> list[FilterNode]:
    conditions: list[FilterNode] = []
    for attribute, value in vars(operators).items():
        if value is UNSET:
            continue
        operator = catalog_name(attribute)
        conditions.append(condition(report, field, operator, value, f"{path}.{_camel(operator)}"))
    if not conditions:
        raise bad_filter(path, "give at least one condition (equal, in, …)")
    return conditions


def _conjunction(nodes: list[FilterNode]) -> FilterNode:
    if len(nodes) == 1:
        return nodes[0]
    flat: list[FilterNode] = []
    for node in nodes:
        if isinstance(node, Logical) and node.operator == "and":
            flat.extend(node.operations)
        else:
            flat.append(node)
    return Logical("and", tuple(flat))


def as_tree(node: FilterNode) -> dict[str, Any]:
    """A checked FilterNode → the REST-style JSON tree that `from_tree` reads back into it
    (an export keeps its filter in this form, to run it again when it resumes)."""
    if isinstance(node, Logical):
        return {"type": node.operator, "operations": [as_tree(child) for child in node.operations]}
    value = node.value
    if isinstance(value, list):
        value = [item.isoformat() if isinstance(item, datetime) else item for item in value]
    elif isinstance(value, datetime):
        value = value.isoformat()
    return {"type": node.operator, "field": node.field, "value": value}


def from_tree(report: Report, node: Any, path: str) -> FilterNode:
    """A REST-style JSON filter node → FilterNode (spec §2)."""
    if not isinstance(node, dict):
        raise bad_filter(
            path, 'a filter node is an object with a "type", e.g. {"type": "equal", ...}'
        )
    given = node.get("type")
    # An object or array is no type name (nor hashable): named in the error as written.
    kind: Any = given if isinstance(given, str) else repr(given)[:40]
    if kind in _LOGICAL:
        _only_keys(node, {"type", "operations"}, path)
        operations = node.get("operations")
        if not isinstance(operations, list) or not operations:
            raise bad_filter(
                f"{path}.operations", f"`{kind}` needs a non-empty array of filter nodes"
            )
        if kind == "not" and len(operations) != 1:
            raise bad_filter(f"{path}.operations", "`not` takes exactly one operation")
        children = tuple(
            from_tree(report, child, f"{path}.operations[{i}]")
            for i, child in enumerate(operations)
        )
        return Logical(kind, children)
    if kind not in OPERATORS_BY_NAME:
        known = ", ".join([*_LOGICAL, *OPERATORS_BY_NAME])
        raise bad_filter(f"{path}.type", f"unknown node type {kind!r}; the types are: {known}")
    _only_keys(node, {"type", "field", "value"}, path)
    field = node.get("field")
    if not isinstance(field, str):
        raise bad_filter(f"{path}.field", "name the field to compare, as a string")
    if "value" not in node:
        raise bad_filter(f"{path}.value", f"`{kind}` needs a value")
    return condition(report, field, kind, node["value"], f"{path}.value")


def _only_keys(node: dict[str, Any], allowed: set[str], path: str) -> None:
    extra = set(node) - allowed
    if extra:
        raise bad_filter(
            path, f"unexpected key(s) {', '.join(sorted(extra))} in a `{node['type']}` node"
        )


def condition(
    report: Report, field_name: str, operator_name: str, value: Any, path: str
) -> Condition:
    """A checked, typed comparison: filterable field, fitting operator, well-typed value."""
    if not report.has_field(field_name) or not report.field(field_name).filterable:
        filterable = ", ".join(f.name for f in report.filterable_fields) or "none"
        reason = (
            "is chosen by the X-Customer header"
            if field_name == report.tenant_field
            else "is not filterable"
        )
        raise bad_filter(
            path,
            f"field {field_name!r} {reason} in report {report.name} (filterable: {filterable})",
        )
    field = report.field(field_name)
    operator = OPERATORS_BY_NAME[operator_name]
    if not operator.fits(field):
        raise bad_filter(
            path, f"`{operator.name}` does not apply to {field.name} (a {field.type} field)"
        )
    return Condition(field.name, operator.name, _value(field, operator, value, path))


def _value(field: Field, operator: Operator, value: Any, path: str) -> Any:
    if value is None:
        if operator.accepts_null:
            return None
        raise bad_filter(path, f"`{operator.name}` needs a value; only equal/not_equal accept null")
    if operator.takes_list:
        if not isinstance(value, list | tuple):
            raise bad_filter(path, f"`{operator.name}` takes an array of values, e.g. [1, 2]")
        return [_scalar(field, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if field.type.is_array:
        raise bad_filter(path, f"{field.name} is an array field; use in/not_in")
    return _scalar(field, value, path)


def _scalar(field: Field, value: Any, path: str) -> Any:
    kind = field.type.kind
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None:
        raise bad_filter(path, "null is not allowed inside an array; use equal: null")
    if kind is Kind.ENUM:
        allowed = field.type.values.values if field.type.values else ()
        if value not in allowed:
            raise bad_filter(path, f"{value!r} is not a {field.name}; one of: {', '.join(allowed)}")
        return value
    if kind is Kind.INT and isinstance(value, int) and not isinstance(value, bool):
        if not INT_MIN <= value <= INT_MAX:
            raise bad_filter(
                path, f"{value} is out of range: an Int is 32-bit, like the typed filter's"
            )
        return value
    if kind is Kind.FLOAT and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind in (Kind.STRING,) and isinstance(value, str):
        return value
    if kind is Kind.BOOL and isinstance(value, bool):
        return value
    if kind is Kind.DATETIME:
        return _datetime(value, path)
    raise bad_filter(path, f"{value!r} is not a valid {field.type} value for {field.name}")


def _datetime(value: Any, path: str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise bad_filter(path, f"{value!r} is not an ISO 8601 timestamp") from None
    if not isinstance(value, datetime):
        raise bad_filter(path, f"{value!r} is not a timestamp")
    try:
        check_year(value)
    except ValueError as error:
        raise bad_filter(path, f"{value.isoformat()}: {error}") from None
    if value.tzinfo is None:
        raise bad_filter(
            path,
            "a timestamp in a filter needs a UTC offset",
            hint="Write e.g. 2026-01-31T00:00:00+01:00 or 2026-01-31T00:00:00Z.",
        )
    return value

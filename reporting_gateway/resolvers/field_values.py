"""`fieldMetadata`: what values a field takes for the selected customers, for filter pickers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reporting_gateway import timebuckets
from reporting_gateway.catalog.model import Report
from reporting_gateway.errors import bad_request
from reporting_gateway.query import FieldValuesQuery
from reporting_gateway.resolvers.arguments import filter_node
from reporting_gateway.resolvers.context import RequestContext, prepared_query
from reporting_gateway.resolvers.filter_size import FilterLimits
from reporting_gateway.schema.naming import enum_value, report_field
from reporting_gateway.storage.store import Store

MAX_VALUES = 1000


@dataclass(frozen=True)
class FieldValue:
    value: Any
    graphql_value: str | None
    count: int


@dataclass(frozen=True)
class FieldValues:
    report: str
    field: str
    type: str
    values: list[FieldValue] | None
    cut: bool
    minimum: Any
    maximum: Any
    count: int


def prepare_field_values(
    catalog: Mapping[str, Report],
    context: RequestContext,
    *,
    report: Any,
    field: str,
    from_: datetime | None = None,
    to: datetime | None = None,
    filter_tree: Any = None,
    first: int = 100,
) -> FieldValuesQuery:
    chosen = catalog[getattr(report, "value", report)]  # a GraphQL enum value, or its REST name
    by_graphql_name = {report_field(f.name): f.name for f in chosen.fields}
    name = by_graphql_name.get(field, field)
    if not chosen.has_field(name) or not chosen.field(name).filterable:
        filterable = ", ".join(f.name for f in chosen.filterable_fields)
        raise bad_request(
            f"Report {chosen.name} has no filterable field {field[:60]!r} "
            f"(filterable: {filterable}).",
            path="field",
        )
    if not 1 <= first <= MAX_VALUES:
        raise bad_request(f"`first` must be between 1 and {MAX_VALUES}, not {first}.", path="first")
    scope = context.require_scope()
    if (from_ is not None or to is not None) and not context.store.has_period(chosen):
        raise bad_request(f"Report {chosen.name} has no time to limit with from/to.", path="from")
    start: dict[str, datetime | None] = {}
    end: dict[str, datetime | None] = {}
    for timezone in scope.timezones:
        tz = timebuckets.zone(timezone)
        for bound, value, label in ((start, from_, "from"), (end, to, "to")):
            bound[timezone] = (
                None
                if value is None
                else timebuckets.localize(
                    timebuckets.read_range_bound(value, scope.timezones, label), tz
                )
            )
    node = filter_node(chosen, None, filter_tree, FilterLimits.of(context.settings))
    return FieldValuesQuery(chosen, scope, name, start, end, node, first)


async def resolve_field_values(
    info: Any, *, catalog: Mapping[str, Report], **arguments: Any
) -> FieldValues:
    def prepare(context: RequestContext, **given: Any) -> FieldValuesQuery:
        return prepare_field_values(catalog, context, **given)

    query = prepared_query(info, FieldValuesQuery, _without_report(prepare), None, arguments)
    return await field_values(info.context.store, query)


async def field_values(store: Store, query: FieldValuesQuery) -> FieldValues:
    """What both APIs answer for a checked field metadata query."""
    field = query.report.field(query.field)
    found = await store.field_values(query)
    values = None
    if found.values is not None:
        names = field.type.values
        values = [
            FieldValue(value, enum_value(value) if names and value is not None else None, count)
            for value, count in found.values
        ]
    return FieldValues(
        report=query.report.name,
        field=field.name,
        type=str(field.type),
        values=values,
        cut=found.cut,
        minimum=_json(found.minimum),
        maximum=_json(found.maximum),
        count=found.count,
    )


def _without_report(prepare: Any) -> Any:
    """prepared_query passes a report first; this field's report is among its arguments."""
    return lambda _report, context, **arguments: prepare(context, **arguments)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value

"""build_schema(catalog) → strawberry.Schema: one loop, one root field per report.

Nothing here names a report. A report's root field, types, arguments, directives and
descriptions all come from its catalog entry; its behaviour comes from the one generic
resolver of its format.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types.arguments import convert_arguments

from reporting_gateway.catalog.model import Format, Report
from reporting_gateway.resolvers.records import resolve_records
from reporting_gateway.resolvers.statistics import resolve_statistics
from reporting_gateway.resolvers.timeseries import resolve_timeseries
from reporting_gateway.schema import naming
from reporting_gateway.schema.access import build_access_fields
from reporting_gateway.schema.aggregations import build_aggregation_enum
from reporting_gateway.schema.connections import build_connection_type
from reporting_gateway.schema.directives import Cost, Permit
from reporting_gateway.schema.filters import build_filter_input
from reporting_gateway.schema.metadata import build_metadata_fields
from reporting_gateway.schema.scalars import SCALARS
from reporting_gateway.schema.statistics import build_statistics_type
from reporting_gateway.schema.timeseries import build_interval_input, build_timeseries_type
from reporting_gateway.schema.types import Types, argument, make_class, resolver_field

DEFAULT_PAGE_SIZE = 100

Resolver = Callable[..., Awaitable[Any]]
_RESOLVERS: dict[Format, Resolver] = {
    Format.RECORDS: resolve_records,
    Format.TIMESERIES: resolve_timeseries,
    Format.STATISTICS: resolve_statistics,
}
_RETURN_TYPES = {
    Format.RECORDS: build_connection_type,
    Format.TIMESERIES: build_timeseries_type,
    Format.STATISTICS: build_statistics_type,
}


def _common_arguments(types: Types, report: Report) -> list[inspect.Parameter]:
    arguments = []
    filter_input = build_filter_input(types, report)
    if filter_input is not None:
        arguments += [
            argument(
                "filter", filter_input | None, None, "Typed filter: the operators of each field."
            ),
            argument(
                "filter_tree",
                JSON | None,
                None,
                'The same filter as a REST-style JSON tree: {"type": "and", "operations": '
                '[{"type": "equal", "field": "channel", "value": "sms"}]}.',
                "filterTree",
            ),
        ]
    aggregation = build_aggregation_enum(types, report)
    if aggregation is not None:
        arguments.append(
            argument(
                "aggregate_by", aggregation | None, None, "How to group the result.", "aggregateBy"
            )
        )
    return arguments


def _format_arguments(types: Types, report: Report) -> list[inspect.Parameter]:
    if report.format is Format.RECORDS:
        return [
            argument(
                "first",
                int,
                DEFAULT_PAGE_SIZE,
                "Records per page: 1 to the server maximum (1000 by default).",
            ),
            argument("after", str | None, None, "Continue after this cursor (an `endCursor`)."),
        ]
    local = (
        "Without an offset it is read in the customers' timezone, or as local wall-clock time "
        "in each customer's timezone when they differ."
    )
    if report.format is Format.TIMESERIES:
        intervals = build_interval_input(types, report)
        return [
            argument(
                "from_",
                datetime,
                inspect.Parameter.empty,
                f"Start of the range (its bucket is included). {local}",
                "from",
            ),
            argument(
                "to", datetime, inspect.Parameter.empty, f"End of the range (exclusive). {local}"
            ),
            argument("interval", intervals, intervals.AUTO, "Bucket width; AUTO picks by range."),
            argument(
                "fill_gaps",
                bool,
                False,
                "Return every bucket: counts of empty buckets as 0.",
                "fillGaps",
            ),
        ]
    return [
        argument(
            "from_",
            datetime | None,
            None,
            f"Start of the period (default: all time). {local}",
            "from",
        ),
        argument(
            "to", datetime | None, None, f"End of the period, exclusive (default: now). {local}"
        ),
    ]


def build_root_field(types: Types, report: Report) -> tuple[str, Any, Any]:
    return_type = _RETURN_TYPES[report.format](types, report)
    resolver = _RESOLVERS[report.format]

    async def resolve(info: Any, **arguments: Any) -> Any:
        return await resolver(report, info, **arguments)

    description = (
        f"{report.description}\n\nFormat: {report.format.value}. Permit: {report.permit}. "
        f"Cost: {report.cost} tokens."
    )
    field = resolver_field(
        naming.root_field(report.name),
        resolve,
        [*_format_arguments(types, report), *_common_arguments(types, report)],
        return_type | None,
        description,
        [Permit(name=report.permit), Cost(tokens=report.cost)],
    )
    return report.name, return_type | None, field


Fields = list[tuple[str, Any, Any]]
# Root fields that are not reports (geo, exports), built from the schema's shared types and the
# catalog: (query fields, mutation fields). The outer layer passes them in (`gateway_schema.py`),
# so this package never imports the packages that build on it.
Provider = Callable[[Types, Mapping[str, Report]], tuple[Fields, Fields]]


def build_schema(
    reports: Iterable[Report], providers: Sequence[Provider] = ()
) -> strawberry.Schema:
    types = Types()
    types.names.register("Query", "the root query type")
    catalog = {report.name: report for report in reports}
    fields = [build_root_field(types, report) for report in catalog.values()]
    fields += build_access_fields(types)
    fields += build_metadata_fields(types, catalog)
    mutations: Fields = []
    for provide in providers:
        queries, provided = provide(types, catalog)
        fields += queries
        mutations += provided
    query = make_class("Query", fields, description="Reports of the loyalty-club Reporting API.")
    mutation = make_class("Mutation", mutations, description="Export jobs.") if mutations else None
    return strawberry.Schema(query=query, mutation=mutation, scalar_overrides=SCALARS)


def report_fields(reports: Iterable[Report]) -> dict[str, Report]:
    """Root field name → the report it serves."""
    return {
        naming.root_field(report.name): report for report in reports if report.format in _RESOLVERS
    }


class ArgumentReader:
    """Raw GraphQL argument values of a root field → the Python values its resolver receives.

    The gateway prepares report queries before execution from the same converted values the
    resolvers would get, so both see identical enums, inputs and defaults.
    """

    def __init__(self, schema: strawberry.Schema) -> None:
        self._schema = schema
        self._fields: dict[tuple[str, str], Any] = {}  # strawberry searches its types each time

    def __call__(
        self, field_name: str, raw: dict[str, Any], type_name: str = "Query"
    ) -> dict[str, Any]:
        field = self._fields.get((type_name, field_name))
        if field is None:
            field = self._schema.get_field_for_type(field_name=field_name, type_name=type_name)
            if field is None:
                raise KeyError(field_name)
            self._fields[type_name, field_name] = field
        return convert_arguments(
            raw,
            field.arguments,
            scalar_registry=self._schema.schema_converter.scalar_registry,
            config=self._schema.config,
        )

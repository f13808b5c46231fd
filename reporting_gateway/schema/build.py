"""build_schema(catalog) → strawberry.Schema: one loop, one root field per report.

Nothing here names a report. A report's root field, types, arguments, directives and
descriptions all come from its catalog entry; its behaviour comes from the one generic
resolver of its format.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from reporting_gateway.catalog.model import Format, Report
from reporting_gateway.resolvers.records import resolve_records
from reporting_gateway.resolvers.statistics import resolve_statistics
from reporting_gateway.resolvers.timeseries import resolve_timeseries
from reporting_gateway.schema import naming
from reporting_gateway.schema.aggregations import build_aggregation_enum
from reporting_gateway.schema.connections import build_connection_type
from reporting_gateway.schema.directives import Cost, Permit
from reporting_gateway.schema.filters import build_filter_input
from reporting_gateway.schema.statistics import build_statistics_type
from reporting_gateway.schema.timeseries import build_interval_input, build_timeseries_type
from reporting_gateway.schema.types import Types, make_class

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


def _argument(
    name: str, annotation: Any, default: Any, description: str, graphql_name: str | None = None
) -> inspect.Parameter:
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[
            annotation, strawberry.argument(name=graphql_name, description=description)
        ],
    )


def _common_arguments(types: Types, report: Report) -> list[inspect.Parameter]:
    arguments = []
    filter_input = build_filter_input(types, report)
    if filter_input is not None:
        arguments += [
            _argument(
                "filter", filter_input | None, None, "Typed filter (spec §2 operators per field)."
            ),
            _argument(
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
            _argument(
                "aggregate_by", aggregation | None, None, "How to group the result.", "aggregateBy"
            )
        )
    return arguments


def _format_arguments(types: Types, report: Report) -> list[inspect.Parameter]:
    if report.format is Format.RECORDS:
        return [
            _argument(
                "first",
                int,
                DEFAULT_PAGE_SIZE,
                "Records per page: 1 to the server maximum (1000 by default).",
            ),
            _argument("after", str | None, None, "Continue after this cursor (an `endCursor`)."),
        ]
    local = (
        "Without an offset it is read in the customers' timezone, or as local wall-clock time "
        "in each customer's timezone when they differ."
    )
    if report.format is Format.TIMESERIES:
        intervals = build_interval_input(types, report)
        return [
            _argument(
                "from_",
                datetime,
                inspect.Parameter.empty,
                f"Start of the range (its bucket is included). {local}",
                "from",
            ),
            _argument(
                "to", datetime, inspect.Parameter.empty, f"End of the range (exclusive). {local}"
            ),
            _argument("interval", intervals, intervals.AUTO, "Bucket width; AUTO picks by range."),
            _argument(
                "fill_gaps",
                bool,
                False,
                "Return every bucket: counts of empty buckets as 0.",
                "fillGaps",
            ),
        ]
    return [
        _argument(
            "from_",
            datetime | None,
            None,
            f"Start of the period (default: all time). {local}",
            "from",
        ),
        _argument(
            "to", datetime | None, None, f"End of the period, exclusive (default: now). {local}"
        ),
    ]


def build_root_field(types: Types, report: Report) -> tuple[str, Any, Any]:
    return_type = _RETURN_TYPES[report.format](types, report)
    resolver = _RESOLVERS[report.format]

    async def resolve(info: strawberry.Info, **arguments: Any) -> Any:
        return await resolver(report, info, **arguments)

    parameters = [
        inspect.Parameter("info", inspect.Parameter.KEYWORD_ONLY, annotation=strawberry.Info),
        *_format_arguments(types, report),
        *_common_arguments(types, report),
    ]
    resolve.__signature__ = inspect.Signature(parameters, return_annotation=return_type | None)  # type: ignore[attr-defined]
    resolve.__name__ = naming.root_field(report.name)
    description = (
        f"{report.description}\n\nFormat: {report.format.value}. Permit: {report.permit}. "
        f"Cost: {report.cost} tokens."
    )
    field = strawberry.field(
        resolver=resolve,
        name=naming.root_field(report.name),
        description=description,
        directives=[Permit(name=report.permit), Cost(tokens=report.cost)],
    )
    return report.name, return_type | None, field


def build_schema(reports: Iterable[Report]) -> strawberry.Schema:
    types = Types()
    types.names.register("Query", "the root query type")
    fields = [build_root_field(types, report) for report in reports if report.format in _RESOLVERS]
    query = make_class("Query", fields, description="Reports of the loyalty-club Reporting API.")
    return strawberry.Schema(query=query)


def report_fields(reports: Iterable[Report]) -> dict[str, Report]:
    """Root field name → the report it serves."""
    return {
        naming.root_field(report.name): report for report in reports if report.format in _RESOLVERS
    }

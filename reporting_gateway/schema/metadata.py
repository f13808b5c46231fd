"""`reports`, `reportMetadata` and `fieldMetadata` (spec §6): types and root fields."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from strawberry.scalars import JSON

from reporting_gateway.catalog.model import Format, Report
from reporting_gateway.resolvers.field_values import MAX_VALUES, resolve_field_values
from reporting_gateway.resolvers.metadata import resolve_report_metadata, resolve_reports
from reporting_gateway.schema import naming
from reporting_gateway.schema.timeseries import build_interval_enum
from reporting_gateway.schema.types import (
    Types,
    argument,
    described_class,
    list_of,
    make_enum,
    resolver_field,
)

Rows = list[tuple[str, Any, str]]


def _type(types: Types, name: str, rows: Rows, description: str) -> Any:
    return described_class(types.names, name, "the metadata queries", rows, description)


def build_report_name_enum(types: Types, catalog: Mapping[str, Report]) -> Any:
    return types.shared(
        "ReportName",
        "the catalog",
        lambda: make_enum(
            "ReportName",
            {naming.enum_value(name): name for name in catalog},
            "Every report.",
            {name: report.description for name, report in catalog.items()},
        ),
    )


def build_metadata_fields(
    types: Types, catalog: Mapping[str, Report]
) -> list[tuple[str, Any, Any]]:
    interval = build_interval_enum(types)
    report_name = build_report_name_enum(types, catalog)
    field = _type(
        types,
        "ReportField",
        [
            ("name", str, "Name in the REST API and filterTree."),
            ("graphql_name", str, "Name in GraphQL types and typed filters."),
            (
                "type",
                str,
                "Catalog type: int, float, string, bool, datetime, json or an enum; [..]: array.",
            ),
            ("kind", str, "Scalar kind of the values."),
            ("is_array", bool, "The field holds a list."),
            ("enum_type", str | None, "The GraphQL enum of the values, for enum fields."),
            ("enum_values", list[str] | None, "Allowed values (REST spelling), for enum fields."),
            ("graphql_enum_values", list[str] | None, "The same values as GraphQL enum names."),
            ("filterable", bool, "Usable in filters."),
            ("operators", list[str], "Filter operators that apply (GraphQL names)."),
            ("filter_only", bool, "Only for filtering; not returned."),
            ("nullable", bool, "May be missing."),
            ("lists_values", bool, "Whether fieldMetadata lists its values (else min and max)."),
            ("description", str, "What it means."),
        ],
        "A field of a report.",
    )
    aggregation = _type(
        types,
        "ReportAggregation",
        [
            ("name", str, "Name in the REST API."),
            ("value", str, "The aggregateBy enum value."),
            ("label_keys", list[str], "Label keys of a series (for one customer)."),
            ("across_customers", bool, "Sums across customers (no loyalty_club_id split)."),
            ("description", str, "What it does."),
        ],
        "An aggregation of a report.",
    )
    retention = _type(
        types,
        "IntervalRetention",
        [
            ("interval", interval, "The interval."),
            ("days", int | None, "Days of data kept at it; null: forever."),
        ],
        "How far back data at an interval reaches.",
    )
    limits = _type(
        types,
        "ReportLimits",
        [
            ("max_page_size", int, "Largest `first`."),
            ("max_buckets", int, "Most time buckets per timeseries query."),
            ("max_data_points", int, "Most non-null values per timeseries answer."),
            ("retention", list_of(retention), "Retention per interval."),
        ],
        "Limits that apply to a report.",
    )
    report_format = types.shared(
        "ReportFormat",
        "the metadata queries",
        lambda: make_enum(
            "ReportFormat",
            {f.name: f.value for f in Format},
            "How a report's answers are shaped.",
            {
                Format.RECORDS.value: "Rows, paginated as a Relay connection.",
                Format.TIMESERIES.value: "Values per time bucket, one series per label.",
                Format.STATISTICS.value: "Totals over a period, one per label.",
            },
        ),
    )
    metadata = _type(
        types,
        "ReportMetadata",
        [
            ("name", str, "Name in the REST API."),
            ("field", str, "The root field that serves it."),
            ("format", report_format, "How its answers are shaped."),
            ("description", str, "What it reports."),
            ("permit", str, "Permit it needs (besides Reporting:Api:Query)."),
            ("cost", int, "Rate-limit tokens per query, before filter nodes."),
            ("measure", str | None, "What a value means (timeseries and statistics)."),
            ("tenant_field", str, "The customer field: loyalty_club_id or community_id."),
            ("label_keys", list[str], "Label keys without aggregation."),
            ("intervals", list_of(interval), "Intervals it offers (timeseries)."),
            ("fields", list_of(field), "Its fields."),
            ("aggregations", list_of(aggregation), "Its aggregations."),
            ("limits", limits, "Limits that apply to it."),
        ],
        "What a report offers; generated from the same catalog as the schema.",
    )
    value = _type(
        types,
        "FieldValue",
        [
            (
                "value",
                JSON | None,
                "The value as the REST API and filterTree spell it; null: missing.",
            ),
            ("graphql_value", str | None, "The GraphQL enum name, for enum fields."),
            ("count", int, "Rows with this value."),
        ],
        "One value of a field, with how often it occurs.",
    )
    values = _type(
        types,
        "FieldMetadata",
        [
            ("report", str, "The report."),
            ("field", str, "The field (REST name)."),
            ("type", str, "Its catalog type."),
            (
                "values",
                list_of(value) | None,
                "Values, most frequent first; null for numeric and time fields.",
            ),
            ("cut", bool, "More values exist than were returned."),
            ("minimum", JSON | None, "Smallest value, for numeric and time fields."),
            ("maximum", JSON | None, "Largest value, for numeric and time fields."),
            ("count", int, "Rows with a value for the field in the time frame."),
        ],
        "The values a field takes for the selected customers, for a filter picker.",
    )

    def bound(resolver: Any) -> Any:
        return functools.partial(resolver, catalog=catalog)

    report = argument("report", report_name, inspect.Parameter.empty, "The report.")
    return [
        (
            naming.REPORTS_FIELD,
            list_of(metadata),
            resolver_field(
                naming.REPORTS_FIELD,
                bound(resolve_reports),
                [],
                list_of(metadata),
                "Metadata of every report this token may query. Cost 1.",
            ),
        ),
        (
            naming.REPORT_METADATA_FIELD,
            metadata,
            resolver_field(
                naming.REPORT_METADATA_FIELD,
                bound(resolve_report_metadata),
                [report],
                metadata,
                "Metadata of one report: format, fields, filters, aggregations, intervals, limits, "
                "permit and cost. Needs the report's permit. Cost 1.",
            ),
        ),
        (
            naming.FIELD_METADATA_FIELD,
            values,
            resolver_field(
                naming.FIELD_METADATA_FIELD,
                bound(resolve_field_values),
                [
                    report,
                    argument(
                        "field",
                        str,
                        inspect.Parameter.empty,
                        "A filterable field (REST or GraphQL name).",
                    ),
                    argument(
                        "from_",
                        datetime | None,
                        None,
                        "Start of the time frame (as for statistics).",
                        "from",
                    ),
                    argument("to", datetime | None, None, "End of the time frame, exclusive."),
                    argument(
                        "filter_tree",
                        JSON | None,
                        None,
                        "Only rows matching this filter (JSON tree).",
                        "filterTree",
                    ),
                    argument("first", int, 100, f"Most values to list (1 to {MAX_VALUES})."),
                ],
                values,
                "The values a field takes for the selected customers (X-Customer) in a time "
                "frame, with counts, or its min and max. Needs the report's permit. Cost 1.",
            ),
        ),
    ]

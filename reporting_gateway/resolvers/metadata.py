"""Report metadata (spec §6): what a report offers, generated from its catalog entry.

The same entry generates the schema, so what `reportMetadata` says and what the schema
accepts cannot disagree (tests/api/test_metadata_api.py checks every report against the
schema itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reporting_gateway.catalog.model import Interval, Report
from reporting_gateway.catalog.operators import operators_for
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.resolvers.series import MAX_DATA_POINTS
from reporting_gateway.schema import naming
from reporting_gateway.timebuckets import MAX_BUCKETS


@dataclass(frozen=True)
class FieldInfo:
    name: str
    graphql_name: str
    type: str
    kind: str
    is_array: bool
    enum_type: str | None
    enum_values: list[str] | None
    graphql_enum_values: list[str] | None
    filterable: bool
    operators: list[str]
    filter_only: bool
    nullable: bool
    lists_values: bool
    description: str


@dataclass(frozen=True)
class AggregationInfo:
    name: str
    value: str
    label_keys: list[str]
    across_customers: bool
    description: str


@dataclass(frozen=True)
class RetentionInfo:
    interval: str
    days: int | None


@dataclass(frozen=True)
class LimitsInfo:
    max_page_size: int
    max_buckets: int
    max_data_points: int
    retention: list[RetentionInfo]


@dataclass(frozen=True)
class ReportInfo:
    name: str
    field: str
    format: str
    description: str
    permit: str
    cost: int
    measure: str | None
    tenant_field: str
    label_keys: list[str]
    intervals: list[str]
    fields: list[FieldInfo]
    aggregations: list[AggregationInfo]
    limits: LimitsInfo


def field_info(report: Report, name: str) -> FieldInfo:
    field = report.field(name)
    values = field.type.values
    return FieldInfo(
        name=field.name,
        graphql_name=naming.report_field(field.name),
        type=str(field.type),
        kind=field.type.kind.value,
        is_array=field.type.is_array,
        enum_type=values.name if values else None,
        enum_values=list(values.values) if values else None,
        graphql_enum_values=[naming.enum_value(v) for v in values.values] if values else None,
        filterable=field.filterable,
        operators=[naming.field_name(op.name) for op in operators_for(field)]
        if field.filterable
        else [],
        filter_only=field.filter_only,
        nullable=field.nullable,
        lists_values=field.lists_values,
        description=field.description,
    )


def report_info(report: Report, max_page_size: int) -> ReportInfo:
    return ReportInfo(
        name=report.name,
        field=naming.root_field(report.name),
        format=report.format.value,
        description=report.description,
        permit=report.permit,
        cost=report.cost,
        measure=report.measure.value if report.measure else None,
        tenant_field=report.tenant_field,
        label_keys=list(report.keys),
        intervals=[i.value for i in report.intervals],
        fields=[field_info(report, f.name) for f in report.fields],
        aggregations=[
            AggregationInfo(
                name=a.name,
                value=naming.enum_value(a.name),
                label_keys=list(report.label_keys(a, cross_customer=False)),
                across_customers=a.drops_tenant,
                description=a.description,
            )
            for a in report.aggregations
        ],
        limits=LimitsInfo(
            max_page_size=max_page_size,
            max_buckets=MAX_BUCKETS,
            max_data_points=MAX_DATA_POINTS,
            retention=[
                RetentionInfo(i.value, i.retention.days if i.retention else None)
                for i in (report.intervals or tuple(Interval))
            ],
        ),
    )


def _permits(info: Any) -> frozenset[str]:
    hooks = info.context.access
    if hooks is None:
        raise GatewayError(ErrorCode.INTERNAL, "access hooks are not set up for this request")
    return frozenset(hooks.credential.permits)


async def resolve_reports(info: Any, *, catalog: dict[str, Report]) -> list[ReportInfo]:
    """Every report the token holds the permit of."""
    permits = _permits(info)
    limit = info.context.settings.max_page_size
    return [report_info(r, limit) for r in catalog.values() if r.permit in permits]


async def resolve_report_metadata(
    info: Any, *, report: Any, catalog: dict[str, Report]
) -> ReportInfo:
    return report_info(catalog[report.value], info.context.settings.max_page_size)

"""The export mutations and `exportJob`: arguments → a checked spec → a job."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reporting_gateway.catalog.model import Format, Report
from reporting_gateway.errors import bad_request
from reporting_gateway.exports.service import ExportView
from reporting_gateway.exports.spec import ExportSpec, build_query
from reporting_gateway.query import ReportQuery
from reporting_gateway.resolvers.arguments import as_tree, from_input
from reporting_gateway.resolvers.context import RequestContext, prepared_query
from reporting_gateway.schema import naming


@dataclass(frozen=True)
class PreparedExport:
    spec: ExportSpec
    query: ReportQuery


def prepare_export(
    catalog: Mapping[str, Report],
    format_: Format,
    context: RequestContext,
    *,
    report: Any,
    format: Any,
    filter_tree: Any = None,
    aggregate_by: str | None = None,
    from_: datetime | None = None,
    to: datetime | None = None,
    interval: Any = None,
    fill_gaps: bool = False,
    page_size: int | None = None,
) -> PreparedExport:
    chosen = catalog[getattr(report, "value", report)]  # a GraphQL enum value, or its REST name
    if chosen.format is not format_:
        right = {
            Format.RECORDS: "exportRecords",
            Format.TIMESERIES: "exportTimeseries",
            Format.STATISTICS: "exportStatistics",
        }
        raise bad_request(
            f"{chosen.name} is a {chosen.format.value} report: "
            f"export it with {right[chosen.format]}.",
            path="report",
        )
    spec = ExportSpec(
        report=chosen.name,
        customers=context.require_scope().ids,
        format=getattr(format, "value", format),
        filter=filter_tree,
        aggregation=aggregate_by,
        page_size=page_size if page_size is not None else ExportSpec.page_size,
        start=from_.isoformat() if from_ else None,
        end=to.isoformat() if to else None,
        interval=_interval(interval),
        fill_gaps=fill_gaps,
    )
    return PreparedExport(spec, build_query(spec, context))


def prepare_typed_export(
    catalog: Mapping[str, Report],
    report: Report,
    context: RequestContext,
    *,
    format: Any,
    filter: Any = None,
    aggregate_by: Any = None,
    **rest: Any,
) -> PreparedExport:
    """`export<Report>`: the report's own typed filter and aggregation enum, the same job as
    the generic mutation (the filter is kept as the tree it compiles to)."""
    tree = as_tree(from_input(report, filter, "filter")) if filter is not None else None
    return prepare_export(
        catalog,
        report.format,
        context,
        report=report.name,
        format=format,
        filter_tree=tree,
        aggregate_by=getattr(aggregate_by, "value", aggregate_by),
        **rest,
    )


async def resolve_typed_export(
    info: Any, *, catalog: Mapping[str, Report], report: Report, **arguments: Any
) -> ExportView:
    def prepare(_: Any, context: RequestContext, **given: Any) -> PreparedExport:
        return prepare_typed_export(catalog, report, context, **given)

    return await _create(info, prepare, arguments)


async def _create(info: Any, prepare: Any, arguments: dict[str, Any]) -> ExportView:
    """The job of the export the gateway checked and priced before execution."""
    prepared = prepared_query(info, PreparedExport, prepare, None, arguments)
    context: RequestContext = info.context
    return await context.exports.create(  # type: ignore[no-any-return]
        prepared.spec, prepared.query, context.access.credential, context.store.clock()
    )


def typed_mutation_name(report: Report) -> str:
    return "export" + naming.pascal(report.name)


def _interval(interval: Any) -> str | None:
    name = getattr(interval, "value", interval)  # a GraphQL enum value, or its REST name
    return None if name is None or name == "auto" else str(name)


async def resolve_export(
    info: Any, *, catalog: Mapping[str, Report], format_: Format, **arguments: Any
) -> ExportView:
    def prepare(_: Any, context: RequestContext, **given: Any) -> PreparedExport:
        return prepare_export(catalog, format_, context, **given)

    return await _create(info, prepare, arguments)


async def resolve_export_job(info: Any, *, id: str) -> ExportView | None:
    context: RequestContext = info.context
    job = await context.exports.find(id, context.access.credential)
    return ExportView.of(job) if job is not None else None


async def resolve_resume_export(info: Any, *, id: str) -> ExportView | None:
    context: RequestContext = info.context
    return await context.exports.resume(id, context.access.credential, context.store.clock())  # type: ignore[no-any-return]


def mutation_name(format_: Format) -> str:
    return "export" + naming.pascal(format_.value)

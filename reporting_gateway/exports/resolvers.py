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


def _interval(interval: Any) -> str | None:
    name = getattr(interval, "value", interval)  # a GraphQL enum value, or its REST name
    return None if name is None or name == "auto" else str(name)


async def resolve_export(
    info: Any, *, catalog: Mapping[str, Report], format_: Format, **arguments: Any
) -> ExportView:
    def prepare(_: Any, context: RequestContext, **given: Any) -> PreparedExport:
        return prepare_export(catalog, format_, context, **given)

    prepared = prepared_query(info, PreparedExport, prepare, None, arguments)
    context: RequestContext = info.context
    return await context.exports.create(  # type: ignore[no-any-return]
        prepared.spec, prepared.query, context.access.credential, context.store.clock()
    )


async def resolve_export_job(info: Any, *, id: str) -> ExportView | None:
    context: RequestContext = info.context
    job = await context.exports.find(id, context.access.credential)
    return ExportView.of(job) if job is not None else None


async def resolve_resume_export(info: Any, *, id: str) -> ExportView | None:
    context: RequestContext = info.context
    return await context.exports.resume(id, context.access.credential, context.store.clock())  # type: ignore[no-any-return]


def mutation_name(format_: Format) -> str:
    return "export" + naming.pascal(format_.value)

"""Export mutations (`exportRecords`, `exportTimeseries`, `exportStatistics`, `resumeExport`),
the `exportJob` query, their types and their access policies."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from reporting_gateway.access.policy import FREE, REPORTING, FieldPolicy, named_report_permit
from reporting_gateway.catalog.model import Format, Interval, Report
from reporting_gateway.exports.resolvers import (
    mutation_name,
    prepare_export,
    prepare_typed_export,
    resolve_export,
    resolve_export_job,
    resolve_resume_export,
    resolve_typed_export,
    typed_mutation_name,
)
from reporting_gateway.exports.spec import MAX_PAGE_SIZE
from reporting_gateway.schema import naming
from reporting_gateway.schema.aggregations import build_aggregation_enum
from reporting_gateway.schema.directives import Cost, Permit
from reporting_gateway.schema.filters import build_filter_input
from reporting_gateway.schema.metadata import build_report_name_enum
from reporting_gateway.schema.timeseries import build_interval_input, interval_meanings
from reporting_gateway.schema.types import (
    Types,
    argument,
    described_class,
    make_enum,
    resolver_field,
)

EXPORT_JOB_FIELD, RESUME_FIELD = "exportJob", "resumeExport"
CREATION_COST = 1  # pages are charged as they are written: the report's cost each


def export_policies(catalog: Mapping[str, Report]) -> dict[str, FieldPolicy]:
    policies = {
        mutation_name(format_): FieldPolicy(
            cost=CREATION_COST,
            bucket_type=REPORTING,
            needs_customers=True,
            prepare=functools.partial(prepare_export, catalog, format_),
            argument_permits=named_report_permit(catalog),
        )
        for format_ in Format
    }
    typed = {
        typed_mutation_name(report): FieldPolicy(
            cost=CREATION_COST,
            permits=(report.permit,),
            bucket_type=REPORTING,
            needs_customers=True,
            prepare=functools.partial(prepare_typed_export, catalog, report),
        )
        for report in catalog.values()
    }
    return {**policies, **typed, EXPORT_JOB_FIELD: FREE, RESUME_FIELD: FREE}


def _type(types: Types, name: str, rows: list[tuple[str, Any, str]], description: str) -> Any:
    return described_class(types.names, name, "exports", rows, description)


def build_export_fields(types: Types, catalog: Mapping[str, Report]) -> tuple[list[Any], list[Any]]:
    """(query fields, mutation fields)."""
    formats = make_enum(
        types.names.register("ExportFormat", "exports"),
        {"CSV": "csv", "JSONL": "jsonl"},
        "CSV (a header row, then one row per record or data point) or JSON Lines.",
        {
            "csv": "Comma-separated values with a header row.",
            "jsonl": "JSON Lines: one JSON object per line.",
        },
    )
    statuses = make_enum(
        types.names.register("ExportStatus", "exports"),
        {s.upper(): s for s in ("queued", "running", "rate_limited", "done", "failed", "expired")},
        "Where an export job stands. RATE_LIMITED and FAILED jobs can be resumed.",
        {
            "queued": "Waiting for a worker.",
            "running": "Being written, page by page.",
            "rate_limited": "Stopped after its last complete page: the bucket ran dry. Resume it.",
            "done": "Complete: download it.",
            "failed": "Stopped by an error (see `error`). Resume it once that is fixed.",
            "expired": "Its file was deleted after REPORTING_EXPORT_TTL_HOURS.",
        },
    )
    intervals = make_enum(
        types.names.register("IntervalChoice", "exports"),
        {naming.AUTO: "auto", **{naming.interval_value(i): i.value for i in Interval}},
        "An interval, or AUTO; the export refuses one its report does not offer.",
        interval_meanings(True),
    )
    job = _type(
        types,
        "ExportJob",
        [
            ("id", strawberry.ID, "The job's id."),
            ("report", str, "The report exported."),
            ("format", formats, "CSV or JSONL."),
            ("status", statuses, "Where it stands."),
            ("tenants", bool, "A cross-customer export (organization bucket, tenant column)."),
            ("rows_written", int, "Rows in the file so far."),
            ("rows_expected", int | None, "Rows it will hold, when known."),
            ("progress", float | None, "Share done: rows_written / rows_expected, when known."),
            ("pages_written", int, "Pages written (each charged the report's cost)."),
            ("bytes_written", int, "Size of the file so far."),
            ("error", str | None, "Why it stopped, for RATE_LIMITED and FAILED."),
            ("download_url", str | None, "GET it with the same token, once DONE."),
            ("created_at", datetime, "When it was created."),
            ("updated_at", datetime, "Last progress."),
            ("finished_at", datetime | None, "When it was done."),
            ("expires_at", datetime | None, "When the file is deleted."),
        ],
        "An export job.",
    )
    report = build_report_name_enum(types, catalog)

    def mutation(format_: Format, extra: list[inspect.Parameter], description: str) -> Any:
        name = mutation_name(format_)
        resolver = functools.partial(resolve_export, catalog=catalog, format_=format_)
        parameters = [
            argument("report", report, inspect.Parameter.empty, f"A {format_.value} report."),
            argument("format", formats, formats.CSV, "The file format."),
            *extra,
            argument(
                "filter_tree",
                JSON | None,
                None,
                "The report's filter, as a JSON tree.",
                "filterTree",
            ),
            argument(
                "aggregate_by",
                str | None,
                None,
                "An aggregation (its enum value, e.g. TOTAL_CHANNEL).",
                "aggregateBy",
            ),
        ]
        return name, job, resolver_field(name, resolver, parameters, job, description)

    frame = [
        argument(
            "from_", datetime | None, None, "Start, read like the report's query reads it.", "from"
        ),
        argument("to", datetime | None, None, "End, exclusive."),
    ]
    queries = [
        (
            EXPORT_JOB_FIELD,
            job | None,
            resolver_field(
                EXPORT_JOB_FIELD,
                resolve_export_job,
                [argument("id", strawberry.ID, inspect.Parameter.empty, "The job.")],
                job | None,
                "An export job of this token: status, progress, error, download URL. Null for "
                "another token's job. Free.",
            ),
        ),
    ]
    mutations = [
        mutation(
            Format.RECORDS,
            [
                _page_size(),
            ],
            "Export a records report, page by page in the background (keyset, one snapshot). "
            "Several customers in X-Customer make it a tenants export. Cost: 1, then the report's "
            "cost per page.",
        ),
        mutation(
            Format.TIMESERIES,
            _range(intervals),
            "Export a timeseries report: one row per data point. Cost: 1, then the report's cost.",
        ),
        mutation(
            Format.STATISTICS,
            frame,
            "Export a statistics report: one row per labelled total. Cost: 1, then the "
            "report's cost.",
        ),
        (
            RESUME_FIELD,
            job | None,
            resolver_field(
                RESUME_FIELD,
                resolve_resume_export,
                [argument("id", strawberry.ID, inspect.Parameter.empty, "The job.")],
                job | None,
                "Continue a RATE_LIMITED or FAILED export after its last complete page. Free.",
            ),
        ),
    ]
    mutations += [_typed_mutation(types, catalog, r, formats, job) for r in catalog.values()]
    return queries, mutations


def _page_size() -> inspect.Parameter:
    return argument(
        "page_size",
        int,
        MAX_PAGE_SIZE,
        f"Rows per page, each page charged (1 to {MAX_PAGE_SIZE}).",
        "pageSize",
    )


def _range(intervals: Any) -> list[inspect.Parameter]:
    """A timeseries export's range and buckets (`intervals`: the enum the field takes)."""
    return [
        argument("from_", datetime, inspect.Parameter.empty, "Start of the range.", "from"),
        argument("to", datetime, inspect.Parameter.empty, "End of the range, exclusive."),
        argument("interval", intervals, intervals.AUTO, "Bucket width."),
        argument("fill_gaps", bool, False, "Every bucket, empty counts as 0.", "fillGaps"),
    ]


def _typed_mutation(
    types: Types, catalog: Mapping[str, Report], report: Report, formats: Any, job: Any
) -> tuple[str, Any, Any]:
    """`export<Report>`: the export of one report with its own typed filter, aggregation enum
    and intervals, as its query field takes them (codegen users keep their types)."""
    name = typed_mutation_name(report)
    parameters = [argument("format", formats, formats.CSV, "The file format.")]
    if report.format is Format.RECORDS:
        parameters.append(_page_size())
    elif report.format is Format.TIMESERIES:
        parameters += _range(build_interval_input(types, report))
    else:
        parameters += [
            argument("from_", datetime | None, None, "Start of the period.", "from"),
            argument("to", datetime | None, None, "End of the period, exclusive."),
        ]
    typed_filter = build_filter_input(types, report)
    if typed_filter is not None:
        parameters.append(argument("filter", typed_filter | None, None, "The report's filter."))
    aggregation = build_aggregation_enum(types, report)
    if aggregation is not None:
        parameters.append(
            argument(
                "aggregate_by", aggregation | None, None, "How to group the rows.", "aggregateBy"
            )
        )
    resolver = functools.partial(resolve_typed_export, catalog=catalog, report=report)
    description = (
        f"Export {report.name} ({report.format.value}) in the background, with the filter, "
        f"aggregation and intervals its query takes; the same job as "
        f"{mutation_name(report.format)}. Permit: {report.permit}. Cost: 1, then "
        f"{report.cost} per page."
    )
    directives: list[object] = [Permit(name=report.permit), Cost(tokens=CREATION_COST)]
    return name, job, resolver_field(name, resolver, parameters, job, description, directives)

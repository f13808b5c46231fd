"""What to export, as plain JSON that survives a restart, and the query it stands for.

The spec holds the arguments as the client gave them; the worker rebuilds the query with the
same `prepare_*` functions the GraphQL resolvers use, so an export checks and means exactly
what the query would.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Format, Report
from reporting_gateway.errors import bad_request
from reporting_gateway.query import RecordsQuery, ReportQuery, Scope
from reporting_gateway.resolvers.context import RequestContext
from reporting_gateway.resolvers.records import prepare_records
from reporting_gateway.resolvers.statistics import prepare_statistics
from reporting_gateway.resolvers.timeseries import prepare_timeseries
from reporting_gateway.schema import naming

FORMATS = ("csv", "jsonl")
MAX_PAGE_SIZE = 10_000


@dataclass(frozen=True)
class ExportSpec:
    report: str
    customers: tuple[int, ...]
    format: str = "csv"
    filter: Any = None  # a REST-style filter tree
    aggregation: str | None = None
    page_size: int = MAX_PAGE_SIZE
    start: str | None = None  # from/to as given (ISO 8601, with or without offset)
    end: str | None = None
    interval: str | None = None  # 5m…1mo, or None for AUTO
    fill_gaps: bool = False

    @property
    def catalog_report(self) -> Report:
        return CATALOG[self.report]

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "customers": list(self.customers)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExportSpec:
        return cls(**{**data, "customers": tuple(data["customers"])})


@dataclass(frozen=True)
class _Choice:
    """Stands in for a GraphQL enum member: the prepare functions read `.value`."""

    value: str


def build_query(spec: ExportSpec, context: RequestContext) -> ReportQuery:
    """The checked query an export runs (records: its first page); errors as the query's own."""
    report = spec.catalog_report
    if spec.format not in FORMATS:
        raise bad_request(
            f"Export formats are {', '.join(FORMATS)}, not {spec.format!r}.", path="format"
        )
    common: dict[str, Any] = {
        "filter_tree": spec.filter,
        "aggregate_by": _aggregation(report, spec.aggregation),
    }
    if report.format is Format.RECORDS:
        if not 1 <= spec.page_size <= MAX_PAGE_SIZE:
            raise bad_request(f"`pageSize` must be between 1 and {MAX_PAGE_SIZE}.", path="pageSize")
        query = prepare_records(report, context, first=1, **common)
        return replace(query, first=spec.page_size, for_export=True)
    start, end = _time(spec.start, "from"), _time(spec.end, "to")
    if report.format is Format.TIMESERIES:
        if start is None or end is None:
            raise bad_request("A timeseries export needs `from` and `to`.", path="from")
        interval = _Choice(spec.interval) if spec.interval else None
        return prepare_timeseries(
            report,
            context,
            from_=start,
            to=end,
            interval=interval,
            fill_gaps=spec.fill_gaps,
            **common,
        )
    return prepare_statistics(report, context, from_=start, to=end, **common)


def _aggregation(report: Report, name: str | None) -> _Choice | None:
    if name is None:
        return None
    names = {a.name: a.name for a in report.aggregations} | {
        naming.enum_value(a.name): a.name for a in report.aggregations
    }
    if name not in names:
        known = ", ".join(naming.enum_value(a.name) for a in report.aggregations) or "none"
        raise bad_request(
            f"Report {report.name} has no aggregation {name!r} (it has: {known}).",
            path="aggregateBy",
        )
    return _Choice(names[name])


def _time(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise bad_request(f"`{name}` is not an ISO 8601 time: {value!r}.", path=name) from None


def scope_of(spec: ExportSpec, customers: Any) -> Scope:
    by_id = {c.id: c for c in customers}
    return Scope(tuple(by_id[i] for i in sorted(spec.customers) if i in by_id))


def is_records(query: ReportQuery) -> bool:
    return isinstance(query, RecordsQuery)

"""Series data from storage → the documented result shapes: gaps, truncation, order, timezones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reporting_gateway.catalog.model import Report
from reporting_gateway.query import BucketPlan, Scope
from reporting_gateway.storage.statements.timeseries import SeriesData
from reporting_gateway.storage.store import Record

MAX_DATA_POINTS = 1000


@dataclass(frozen=True)
class Series:
    label: Record
    values: list[Any]
    timezone: str | None


@dataclass(frozen=True)
class Timeseries:
    interval: str
    range_timezone: str
    range_from: str
    range_to: str
    time_buckets: list[str]
    series: list[Series]
    data_points: int
    truncated: bool


@dataclass(frozen=True)
class Total:
    label: Record
    value: Any


@dataclass(frozen=True)
class Statistics:
    series: list[Total]
    range_timezone: str


def _label(report: Report, keys: tuple[str, ...], values: tuple[Any, ...]) -> Record:
    """Every label key of the report, None where this query does not split by it."""
    label = Record((key, None) for key in report.all_label_keys)
    label.update(zip(keys, values, strict=True))
    return label


def _order(label: tuple[Any, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((value is None, str(value)) for value in label)


def _timezone(report: Report, scope: Scope, data: SeriesData, label: tuple[Any, ...]) -> str | None:
    if len(scope.timezones) == 1:
        return next(iter(scope.timezones))
    if report.tenant_field in data.keys:
        tenant = label[data.keys.index(report.tenant_field)]
        return next(c.timezone for c in scope.customers if c.id == tenant)
    return None


def shape_timeseries(
    report: Report,
    scope: Scope,
    plan: BucketPlan,
    data: SeriesData,
    fill_gaps: bool,
    max_points: int | None = MAX_DATA_POINTS,
) -> Timeseries:
    """Largest series first; whole series are dropped past `max_points` non-null values
    (never a partial series; None keeps every one, as exports do); buckets no series has a
    value in are left out unless `fill_gaps`."""
    assert report.measure is not None
    counter = not report.measure.is_gauge
    ranked = []
    for label, values in data.series.items():
        if fill_gaps and counter:
            values = [0 if v is None else v for v in values]
        ranked.append((label, values, sum(v for v in values if v is not None)))
    ranked.sort(key=lambda item: (-item[2], _order(item[0])))
    kept, points = [], 0
    for label, values, _ in ranked:
        count = sum(v is not None for v in values)
        if max_points is not None and points + count > max_points:
            break
        kept.append((label, values))
        points += count
    if fill_gaps:
        shown = list(range(len(plan.labels)))
    else:
        shown = sorted({i for _, values in kept for i, v in enumerate(values) if v is not None})
    return Timeseries(
        interval=plan.interval.value,
        range_timezone=plan.range_timezone,
        range_from=plan.start_label,
        range_to=plan.end_label,
        time_buckets=[plan.labels[i] for i in shown],
        series=[
            Series(
                label=_label(report, data.keys, label),
                values=[values[i] for i in shown],
                timezone=_timezone(report, scope, data, label),
            )
            for label, values in kept
        ],
        data_points=points,
        truncated=len(kept) < len(ranked),
    )


def shape_statistics(report: Report, data: SeriesData, range_timezone: str) -> Statistics:
    totals = sorted(data.series.items(), key=lambda item: (-(item[1][0] or 0), _order(item[0])))
    return Statistics(
        series=[Total(_label(report, data.keys, label), values[0]) for label, values in totals],
        range_timezone=range_timezone,
    )

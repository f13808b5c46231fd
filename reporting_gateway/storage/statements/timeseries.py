"""Timeseries statements: events bucketed in SQL, one value per (bucket, label).

Every statement is bounded by the whole range (`Bounds`), so the database reads the
(customer, time) index from the first bucket's start to the last one's end, whatever the
history holds, and then assigns rows to buckets by a range join.

- counters (COUNT, DISTINCT_MEMBERS, SUM): one GROUP BY over the events joined to the buckets;
- LAST (a gauge of snapshots): the last snapshot of each customer in each bucket, summed
  over the customers of a label;
- RUNNING_COUNT (how many exist at a bucket's end): the rows alive at the start of the range
  plus, per bucket, those that started minus those that ended in it; the ≤150 running sums
  are added up in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from reporting_gateway.catalog.model import Measure
from reporting_gateway.query import BucketPlan, FilterNode, Scope, TimeseriesQuery
from reporting_gateway.storage.dialect import Unindexed
from reporting_gateway.storage.statements.filters import compile_filter, tenant_is
from reporting_gateway.storage.statements.records import Statement
from reporting_gateway.storage.statements.source import Source

Column = ColumnElement[Any]
Label = tuple[Any, ...]
Bounds = tuple[datetime, datetime]  # the first bucket's start, the last bucket's end


def bounds(plan: BucketPlan) -> Bounds:
    edges = [bucket for buckets in plan.edges.values() for bucket in buckets]
    return min(b.start for b in edges), max(b.end for b in edges)


def _within(time: Column, span: Bounds) -> list[ColumnElement[bool]]:
    """The whole range: the index bound on PostgreSQL, a filter on SQLite (`Unindexed`)."""
    column = Unindexed(time)
    return [column >= span[0], column < span[1]]


@dataclass(frozen=True)
class SeriesData:
    """Values per label, one per bucket of the plan (None where there is none)."""

    keys: tuple[str, ...]
    series: dict[Label, list[Any]]


def label_keys(query: TimeseriesQuery) -> tuple[str, ...]:
    return query.report.label_keys(query.aggregation, query.scope.cross_customer)


def label_columns(source: Source, keys: tuple[str, ...], tenant_field: str) -> list[Column]:
    return [
        (source.tenant if key == tenant_field else source.columns[key]).label(key) for key in keys
    ]


def conditions(
    source: Source, scope: Scope, node: FilterNode | None, report: Any
) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [tenant_is(source.tenant, scope.ids)]
    if source.where is not None:
        found.append(source.where)
    if node is not None:
        found.append(compile_filter(node, report, source.columns))
    return found


def _in_bucket(source: Source, buckets: FromClause, time: Column) -> ColumnElement[bool]:
    return sa.and_(
        buckets.c.customer_id == source.tenant, time >= buckets.c.start, time < buckets.c.end
    )


def counted(measure: Measure | None, source: Source) -> Column:
    """The aggregate of a counted report: events, different members, or an exact sum
    (of whole cents: the same number however the rows are grouped or added up)."""
    if source.aggregate is not None:  # rows that are counts already (a rollup)
        return source.aggregate
    if measure is Measure.COUNT:
        return sa.func.count()
    if source.value is None:
        raise ValueError(f"a {measure} report needs a `value` column in its source")
    if measure is Measure.DISTINCT_MEMBERS:
        return sa.func.count(sa.distinct(source.value))
    if measure is Measure.SUM:
        unit = 10 ** getattr(source.value.type, "scale", 0)
        whole = sa.func.sum(sa.func.round(source.value * unit))
        exact: Column = sa.cast(whole, sa.Float) / unit
        return exact
    raise ValueError(f"{measure} is not a counted measure")


def counted_rows(measure: Measure | None, source: Source) -> list[ColumnElement[bool]]:
    """Rows a measure counts at all: a different-members count skips events without one, so
    a bucket holding only those has no value (it is not a bucket of 0 members)."""
    if measure is Measure.DISTINCT_MEMBERS and source.value is not None:
        return [source.value.is_not(None)]
    return []


def select_counter(
    query: TimeseriesQuery, source: Source, buckets: FromClause, span: Bounds
) -> Statement:
    assert source.time is not None
    keys = label_keys(query)
    measure = counted(query.report.measure, source)
    labels = label_columns(source, keys, query.report.tenant_field)
    return (
        sa.select(buckets.c.idx.label("idx"), *labels, measure.label("value"))
        .select_from(source.from_.join(buckets, _in_bucket(source, buckets, source.time)))
        .where(
            *conditions(source, query.scope, query.filter, query.report),
            *_within(source.time, span),
            *counted_rows(query.report.measure, source),
        )
        .group_by(buckets.c.idx, *labels)
    )


def select_totals(
    query: TimeseriesQuery | Any, source: Source, where: list[ColumnElement[bool]]
) -> Statement:
    """One value per label over the rows `where` selects (statistics, a running start)."""
    keys = query.report.label_keys(query.aggregation, query.scope.cross_customer)
    labels = label_columns(source, keys, query.report.tenant_field)
    return (
        sa.select(*labels, counted(query.report.measure, source).label("value"))
        .select_from(source.from_)
        .where(
            *conditions(source, query.scope, query.filter, query.report),
            *where,
            *counted_rows(query.report.measure, source),
        )
        .group_by(*labels)
    )


def select_last(
    query: TimeseriesQuery, source: Source, buckets: FromClause, span: Bounds
) -> Statement:
    assert source.time is not None
    assert source.value is not None
    keys = label_keys(query)
    ranked = (
        sa.select(
            buckets.c.idx.label("idx"),
            *label_columns(source, keys, query.report.tenant_field),
            source.value.label("value"),
            sa.func.row_number()
            .over(partition_by=[source.tenant, buckets.c.idx], order_by=source.time.desc())
            .label("position"),
        )
        .select_from(source.from_.join(buckets, _in_bucket(source, buckets, source.time)))
        .where(
            *conditions(source, query.scope, query.filter, query.report),
            *_within(source.time, span),
        )
        .subquery("ranked")
    )
    return (
        sa.select(
            ranked.c.idx, *(ranked.c[k] for k in keys), sa.func.sum(ranked.c.value).label("value")
        )
        .where(ranked.c.position == 1)
        .group_by(ranked.c.idx, *(ranked.c[k] for k in keys))
    )


def select_running(
    query: TimeseriesQuery, source: Source, buckets: FromClause, span: Bounds
) -> tuple[Statement, Statement]:
    """(changes per bucket and label, rows alive when each customer's range starts)."""
    assert source.time is not None
    assert source.until is not None
    keys = label_keys(query)
    where = conditions(source, query.scope, query.filter, query.report)
    labels = label_columns(source, keys, query.report.tenant_field)

    def changes(at: Column, delta: int) -> Statement:
        return (
            sa.select(buckets.c.idx.label("idx"), *labels, sa.literal(delta).label("delta"))
            .select_from(source.from_.join(buckets, _in_bucket(source, buckets, at)))
            .where(*where, *_within(at, span))
        )

    both = sa.union_all(changes(source.time, 1), changes(source.until, -1)).subquery("changes")
    per_bucket = sa.select(
        both.c.idx, *(both.c[k] for k in keys), sa.func.sum(both.c.delta).label("value")
    ).group_by(both.c.idx, *(both.c[k] for k in keys))
    first = (
        sa.select(buckets.c.customer_id, sa.func.min(buckets.c.start).label("start"))
        .group_by(buckets.c.customer_id)
        .subquery("range_start")
    )
    alive = (
        sa.select(*labels, sa.func.count().label("value"))
        .select_from(source.from_.join(first, first.c.customer_id == source.tenant))
        .where(
            *where,
            source.time < first.c.start,
            sa.or_(source.until.is_(None), source.until >= first.c.start),
        )
        .group_by(*labels)
    )
    return per_bucket, alive


def series_from_rows(keys: tuple[str, ...], rows: Any, width: int) -> SeriesData:
    """Rows of (idx, *label, value), as every statement here selects them."""
    series: dict[Label, list[Any]] = defaultdict(lambda: [None] * width)
    end = len(keys) + 1
    for row in rows:
        series[tuple(row[1:end])][row[0]] = row[end]
    return SeriesData(keys, dict(series))


def running_totals(
    keys: tuple[str, ...], changes: Any, alive: Any, width: int, open_buckets: int
) -> SeriesData:
    """Count at each bucket's end = alive at the start + the changes so far (≤ width values).
    `changes` are rows of (idx, *label, delta), `alive` rows of (*label, count)."""
    deltas: dict[Label, list[int]] = defaultdict(lambda: [0] * width)
    end = len(keys) + 1
    for row in changes:
        deltas[tuple(row[1:end])][row[0]] += int(row[end])
    start = {tuple(row[: len(keys)]): int(row[len(keys)]) for row in alive}
    series: dict[Label, list[Any]] = {}
    for label in deltas.keys() | start.keys():
        total, values = start.get(label, 0), []
        for index, delta in enumerate(deltas.get(label, [0] * width)):
            total += delta
            values.append(total if index < open_buckets else None)
        if any(v for v in values if v is not None):
            series[label] = values
    return SeriesData(keys, series)

"""Timeseries and statistics queries run: the planned path's statements, rows → series.

The planner (`rollups/planner.py`) picks a rollup or the facts; the statements are the
same either way, over the path's `Source`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from reporting_gateway.catalog.model import Measure
from reporting_gateway.query import StatisticsQuery, TimeseriesQuery
from reporting_gateway.storage.rollups.planner import (
    FACTS,
    before,
    statistics_plan,
    timeseries_path,
)
from reporting_gateway.storage.statements.buckets import (
    bucket_parameters,
    bucket_rows,
    bucket_table,
)
from reporting_gateway.storage.statements.records import Statement
from reporting_gateway.storage.statements.statistics import covered, period, spans
from reporting_gateway.storage.statements.timeseries import (
    SeriesData,
    bounds,
    label_keys,
    running_totals,
    select_counter,
    select_last,
    select_running,
    select_totals,
    series_from_rows,
)


async def run_timeseries(
    connection: AsyncConnection, query: TimeseriesQuery, rollups: bool, now: datetime
) -> SeriesData:
    dialect = connection.dialect.name
    path = timeseries_path(query, rollups)
    buckets = bucket_table(dialect)
    values = bucket_parameters(dialect, bucket_rows(query.plan, query.scope))
    width, span, keys = len(query.plan.labels), bounds(query.plan), label_keys(query)
    measure = query.report.measure
    if measure is Measure.RUNNING_COUNT:
        if path.name == FACTS:
            changes, alive = select_running(query, path.source, buckets, span)
        else:
            assert path.reading is not None
            changes = select_counter(query, path.source, buckets, span)
            unbucketed = path.reading.build(query.report, None, frozenset())
            starts = {
                tz: min(b.start for b in query.plan.edges[tz]) for tz in query.scope.timezones
            }
            earlier = covered(query.scope, before(starts, path.reading.grains), unbucketed)
            alive = select_totals(query, unbucketed, earlier)
        change_rows = (await connection.execute(changes, values)).all()
        alive_rows = (await connection.execute(alive, values)).all()
        return running_totals(keys, change_rows, alive_rows, width, _open_buckets(query, now))
    statement = counter_statement(query, rollups, dialect)
    rows = (await connection.execute(statement, values)).all()
    return series_from_rows(keys, rows, width)


def _open_buckets(query: TimeseriesQuery, now: datetime) -> int:
    """How many buckets have started: a gauge has no value yet for the others."""
    started = {b.index for edges in query.plan.edges.values() for b in edges if b.start <= now}
    return max(started, default=-1) + 1


def statistics_statements(query: StatisticsQuery, rollups: bool, now: datetime) -> list[Statement]:
    """The statements whose totals, added up, answer a statistics query: the rollup's
    buckets inside the period, and the facts of its edges no bucket covers."""
    plan = statistics_plan(query, now, rollups)
    source = plan.path.source
    if plan.path.name == FACTS:
        return [select_totals(query, source, period(query.scope, query.start, query.end, source))]
    statements = [select_totals(query, source, covered(query.scope, plan.pieces, source))]
    if any(plan.gaps.values()):
        assert plan.facts is not None
        edges = spans(query.scope, plan.gaps, plan.facts)
        statements.append(select_totals(query, plan.facts, edges))
    return statements


def counter_statement(query: TimeseriesQuery, rollups: bool, dialect: str) -> Statement:
    """The statement of a counted or gauge timeseries (bucket values bound when run)."""
    path = timeseries_path(query, rollups)
    select = select_last if query.report.measure is Measure.LAST else select_counter
    return select(query, path.source, bucket_table(dialect), bounds(query.plan))


async def run_statistics(
    connection: AsyncConnection, query: StatisticsQuery, rollups: bool, now: datetime
) -> SeriesData:
    keys = query.report.label_keys(query.aggregation, query.scope.cross_customer)
    totals: dict[tuple[Any, ...], list[Any]] = {}
    for statement in statistics_statements(query, rollups, now):
        for row in await connection.execute(statement):  # (*label, value)
            label = tuple(row[:-1])
            found = totals.setdefault(label, [0])
            found[0] += row[-1] or 0  # an empty total without labels: 0, as counted
    return SeriesData(keys, totals)

"""The one resolver of every timeseries report: range and interval → buckets → series."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reporting_gateway import timebuckets
from reporting_gateway.catalog.model import Interval, Report
from reporting_gateway.query import TimeseriesQuery
from reporting_gateway.resolvers.arguments import aggregation, filter_node
from reporting_gateway.resolvers.context import RequestContext, note_answer, prepared_query
from reporting_gateway.resolvers.filter_size import FilterLimits
from reporting_gateway.resolvers.series import Timeseries, shape_timeseries
from reporting_gateway.storage.store import Store

AUTO = "auto"


def prepare_timeseries(
    report: Report,
    context: RequestContext,
    *,
    from_: datetime,
    to: datetime,
    interval: Any = None,
    fill_gaps: bool = False,
    filter: Any = None,
    filter_tree: Any = None,
    aggregate_by: Any = None,
) -> TimeseriesQuery:
    """Arguments → buckets → a checked TimeseriesQuery; no I/O, so it can run before execution."""
    scope = context.require_scope()
    name = getattr(interval, "value", interval)  # a GraphQL enum value, or its REST name
    chosen = None if name is None or name == AUTO else Interval(name)
    plan = timebuckets.plan(
        offered=report.intervals,
        interval=chosen,
        start=from_,
        end=to,
        timezones=scope.timezones,
        now=context.store.clock(),
    )
    return TimeseriesQuery(
        report=report,
        scope=scope,
        plan=plan,
        filter=filter_node(report, filter, filter_tree, FilterLimits.of(context.settings)),
        aggregation=aggregation(report, aggregate_by),
        fill_gaps=fill_gaps,
    )


async def resolve_timeseries(report: Report, info: Any, **arguments: Any) -> Timeseries:
    query = prepared_query(info, TimeseriesQuery, prepare_timeseries, report, arguments)
    note_answer(info, query)
    return await timeseries_answer(info.context.store, query)


async def timeseries_answer(store: Store, query: TimeseriesQuery) -> Timeseries:
    """What both APIs answer for a checked timeseries query."""
    data = await store.timeseries(query)
    return shape_timeseries(query.report, query.scope, query.plan, data, query.fill_gaps)

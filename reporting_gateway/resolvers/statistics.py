"""The one resolver of every statistics report: an optional period → labelled totals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reporting_gateway import timebuckets
from reporting_gateway.catalog.model import Report
from reporting_gateway.errors import bad_request
from reporting_gateway.query import StatisticsQuery
from reporting_gateway.resolvers.arguments import aggregation, filter_node
from reporting_gateway.resolvers.context import RequestContext, note_answer, prepared_query
from reporting_gateway.resolvers.filter_size import FilterLimits
from reporting_gateway.resolvers.series import Statistics, shape_statistics
from reporting_gateway.storage.store import Store


def prepare_statistics(
    report: Report,
    context: RequestContext,
    *,
    from_: datetime | None = None,
    to: datetime | None = None,
    filter: Any = None,
    filter_tree: Any = None,
    aggregate_by: Any = None,
) -> StatisticsQuery:
    """Arguments → a checked StatisticsQuery; no I/O, so it can run before execution."""
    scope = context.require_scope()
    start: dict[str, datetime | None] = {}
    end: dict[str, datetime | None] = {}
    for name in scope.timezones:
        tz = timebuckets.zone(name)
        start[name] = _bound(from_, scope.timezones, "from", tz)
        end[name] = _bound(to, scope.timezones, "to", tz)
        first, last = start[name], end[name]
        if first is not None and last is not None and first >= last:
            raise bad_request("`to` must be later than `from`.", path="to")
    return StatisticsQuery(
        report=report,
        scope=scope,
        start=start,
        end=end,
        filter=filter_node(report, filter, filter_tree, FilterLimits.of(context.settings)),
        aggregation=aggregation(report, aggregate_by),
    )


async def resolve_statistics(report: Report, info: Any, **arguments: Any) -> Statistics:
    query = prepared_query(info, StatisticsQuery, prepare_statistics, report, arguments)
    note_answer(info, query)
    return await statistics_answer(info.context.store, query)


async def statistics_answer(store: Store, query: StatisticsQuery) -> Statistics:
    """What both APIs answer for a checked statistics query."""
    data = await store.statistics(query)
    timezones = query.scope.timezones
    timezone = next(iter(timezones)) if len(timezones) == 1 else timebuckets.LOCAL
    return shape_statistics(query.report, data, timezone)


def _bound(
    value: datetime | None, timezones: frozenset[str], name: str, tz: Any
) -> datetime | None:
    if value is None:
        return None
    return timebuckets.localize(timebuckets.read_range_bound(value, timezones, name), tz)

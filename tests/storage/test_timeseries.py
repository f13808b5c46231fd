"""Every timeseries and statistics report, every aggregation, one and several customers:
values equal the independent computation over the fixture rows (tests/expected_series.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from reporting_gateway import timebuckets
from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Format, Interval, Report
from reporting_gateway.query import Condition, StatisticsQuery, TimeseriesQuery
from reporting_gateway.storage.store import Store
from tests import expected_series as x
from tests.factories import NOW, T0
from tests.helpers import scope

SCOPES = [(101,), (101, 103), (101, 102)]
LOCAL_T0 = T0.replace(
    tzinfo=None
)  # ranges are local wall-clock times: valid for any timezone mix  # one customer; two timezones; two customers, one timezone
# A window per report that holds its fixture data: (interval, from, to) in UTC.
WINDOWS: dict[str, tuple[str, datetime, datetime]] = {
    "sendings_events_history": ("1d", LOCAL_T0 - timedelta(days=20), LOCAL_T0 + timedelta(days=3)),
    "sendings_recipients_statistics": (
        "1d",
        LOCAL_T0 - timedelta(days=20),
        LOCAL_T0 + timedelta(days=3),
    ),
    "links_visits_history": ("1d", LOCAL_T0 - timedelta(days=45), LOCAL_T0 + timedelta(days=3)),
    "offers_events_history": ("1d", LOCAL_T0 - timedelta(days=35), LOCAL_T0),
    "offers_usages_history": ("1d", LOCAL_T0 - timedelta(days=35), LOCAL_T0),
    "transactions_history": ("1d", LOCAL_T0 - timedelta(days=10), LOCAL_T0 + timedelta(days=1)),
    "member_balance": ("1w", LOCAL_T0 - timedelta(weeks=40), LOCAL_T0 + timedelta(days=7)),
}
COUNTED = [
    (name, aggregation.name if aggregation else None, customers)
    for name in WINDOWS
    for aggregation in (None, *CATALOG[name].aggregations)
    for customers in SCOPES
]


def as_counts(report: Report, plan: Any, data: Any) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {
        label: {plan.labels[i]: _round(v) for i, v in enumerate(values) if v is not None}
        for label, values in data.series.items()
    }


def _round(value: Any) -> Any:
    return round(value, 2) if isinstance(value, float) else value


async def run(
    store: Store,
    name: str,
    customers: tuple[int, ...],
    interval: str,
    start: datetime,
    end: datetime,
    aggregation: str | None = None,
    node: Any = None,
) -> tuple[Any, Any, tuple[str, ...]]:
    report = CATALOG[name]
    chosen = scope(*customers)
    plan = timebuckets.plan(
        offered=report.intervals,
        interval=Interval(interval),
        start=start,
        end=end,
        timezones=chosen.timezones,
        now=NOW,
    )
    agg = report.aggregation(aggregation) if aggregation else None
    data = await store.timeseries(TimeseriesQuery(report, chosen, plan, node, agg))
    return plan, data, report.label_keys(agg, chosen.cross_customer)


@pytest.mark.parametrize(("name", "aggregation", "customers"), COUNTED)
async def test_counted_timeseries_equal_the_independent_counts(
    store: Store, name: str, aggregation: str | None, customers: tuple[int, ...]
) -> None:
    interval, start, end = WINDOWS[name]
    plan, data, keys = await run(store, name, customers, interval, start, end, aggregation)
    want = x.counters(name, customers, keys, interval, start, end)
    assert want, "the window must hold data"
    assert as_counts(CATALOG[name], plan, data) == want


@pytest.mark.parametrize("interval", ["5m", "1h", "1d", "1w", "1mo"])
@pytest.mark.parametrize("customers", SCOPES, ids=str)
async def test_every_interval_buckets_like_the_independent_flooring(
    store: Store, interval: str, customers: tuple[int, ...]
) -> None:
    """Timeline events cross both 2026 DST changes in Europe and the US."""
    spans = {
        "5m": (NOW - timedelta(hours=6), NOW),
        "1h": (datetime(2026, 10, 24), datetime(2026, 10, 26, 12)),
        "1d": (datetime(2026, 10, 20), datetime(2026, 11, 4)),
        "1w": (datetime(2026, 2, 1), datetime(2026, 11, 5)),
        "1mo": (datetime(2026, 1, 1), datetime(2026, 11, 5)),
    }
    start, end = spans[interval]
    if interval == "5m":  # the last six hours, read in every customer's own timezone
        start, end = (
            min(v.astimezone(x.TZ[c]).replace(tzinfo=None) for c in customers) for v in (start, end)
        )
        start -= timedelta(hours=1)
    plan, data, keys = await run(store, "sendings_events_history", customers, interval, start, end)
    want = x.counters("sendings_events_history", customers, keys, interval, start, end)
    assert want
    assert as_counts(CATALOG["sendings_events_history"], plan, data) == want


async def test_a_filter_applies_before_bucketing(store: Store) -> None:
    interval, start, end = WINDOWS["sendings_events_history"]
    node = Condition("channel", "in", ["sms", "push"])
    plan, data, keys = await run(
        store, "sendings_events_history", (101, 103), interval, start, end, "channel", node
    )
    want = x.counters("sendings_events_history", (101, 103), keys, interval, start, end)
    channel = keys.index("channel")
    assert as_counts(CATALOG["sendings_events_history"], plan, data) == {
        k: v for k, v in want.items() if k[channel] != "email"
    }


@pytest.mark.parametrize("total", [False, True])
@pytest.mark.parametrize("customers", SCOPES, ids=str)
async def test_members_count_snapshot_shows_the_last_snapshot_of_each_bucket(
    store: Store, customers: tuple[int, ...], total: bool
) -> None:
    start, end = LOCAL_T0 - timedelta(days=3), LOCAL_T0 + timedelta(hours=1)
    plan, data, _ = await run(
        store, "members_count_snapshot", customers, "1h", start, end, "total" if total else None
    )
    assert as_counts(CATALOG["members_count_snapshot"], plan, data) == x.snapshots(
        customers, "1h", start, end, total
    )


@pytest.mark.parametrize("aggregation", [None, "grouping_value"])
@pytest.mark.parametrize("customers", SCOPES, ids=str)
async def test_members_count_history_counts_members_at_each_bucket_end(
    store: Store, customers: tuple[int, ...], aggregation: str | None
) -> None:
    start, end = LOCAL_T0 - timedelta(weeks=30), LOCAL_T0 + timedelta(weeks=2)
    plan, data, keys = await run(
        store, "members_count_history", customers, "1w", start, end, aggregation
    )
    got = as_counts(CATALOG["members_count_history"], plan, data)
    want: dict[tuple[Any, ...], dict[str, int]] = {}
    for customer in customers:
        tz = x.TZ[customer]
        for bucket in plan.edges[tz.key]:
            label = plan.labels[bucket.index]
            for member in x.members_alive(customer, bucket.end):
                for grouping in x.GROUPINGS:
                    value = x.grouping_value(member, grouping)
                    key = tuple(
                        {
                            "community_id": customer,
                            "grouping_type": grouping,
                            "grouping_value": value,
                        }[k]
                        for k in keys
                    )
                    want.setdefault(key, {}).setdefault(label, 0)
                    want[key][label] += 1
    for series in want.values():  # a label's count is 0 in buckets where none of its members exist
        for label in plan.labels:
            series.setdefault(label, 0)
    assert got == want


STATISTICS = [
    (name, aggregation.name if aggregation else None, customers)
    for name, report in CATALOG.items()
    if report.format is Format.STATISTICS
    for aggregation in (None, *report.aggregations)
    for customers in SCOPES
]


@pytest.mark.parametrize(("name", "aggregation", "customers"), STATISTICS)
async def test_statistics_equal_the_independent_totals(
    store: Store, name: str, aggregation: str | None, customers: tuple[int, ...]
) -> None:
    report = CATALOG[name]
    chosen = scope(*customers)
    agg = report.aggregation(aggregation) if aggregation else None
    keys = report.label_keys(agg, chosen.cross_customer)
    data = await store.statistics(StatisticsQuery(report, chosen, {}, {}, None, agg))
    got = {label: values[0] for label, values in data.series.items()}
    assert got == x.totals(name, customers, keys)
    assert got


async def test_statistics_over_a_local_period_in_two_timezones(store: Store) -> None:
    report = CATALOG["sendings_stats"]
    chosen = scope(101, 103)
    start, end = datetime(2026, 10, 31, 6), datetime(2026, 11, 1, 18)  # wall-clock, per customer
    bounds = {
        tz: (
            timebuckets.localize(start, timebuckets.zone(tz)),
            timebuckets.localize(end, timebuckets.zone(tz)),
        )
        for tz in chosen.timezones
    }
    query = StatisticsQuery(
        report,
        chosen,
        {tz: b[0] for tz, b in bounds.items()},
        {tz: b[1] for tz, b in bounds.items()},
    )
    data = await store.statistics(query)
    keys = report.label_keys(None, True)
    assert {label: values[0] for label, values in data.series.items()} == x.totals(
        "sendings_stats", (101, 103), keys, start, end
    )

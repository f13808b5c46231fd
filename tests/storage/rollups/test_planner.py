"""Which rollup answers which query: the smallest that keeps every field it uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reporting_gateway import timebuckets
from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Format, Interval
from reporting_gateway.query import (
    Condition,
    Logical,
    RecordsQuery,
    StatisticsQuery,
    TimeseriesQuery,
)
from reporting_gateway.storage.rollups.planner import (
    FACTS,
    records_path,
    statistics_plan,
    timeseries_path,
)
from reporting_gateway.storage.rollups.sources import READINGS
from tests.helpers import scope

NOW = datetime(2026, 11, 5, 12, tzinfo=UTC)


def series(report: str, interval: Interval, aggregation: str | None = None, node=None, ids=(101,)):  # type: ignore[no-untyped-def]
    r = CATALOG[report]
    chosen = scope(*ids)
    end = NOW.replace(tzinfo=None)
    start = end - {Interval.FIVE_MINUTES: timedelta(hours=6), Interval.HOUR: timedelta(days=2)}.get(
        interval, timedelta(days=60)
    )
    plan = timebuckets.plan(offered=r.intervals, interval=interval, start=start, end=end,
                            timezones=chosen.timezones, now=NOW)  # fmt: skip
    return TimeseriesQuery(
        r, chosen, plan, node, r.aggregation(aggregation) if aggregation else None
    )


@pytest.mark.parametrize(
    ("report", "interval", "aggregation", "node", "expected"),
    [
        ("sendings_events_history", Interval.FIVE_MINUTES, None, None, "sending_events_by_type"),
        ("sendings_events_history", Interval.DAY, "channel", None, "sending_events_by_channel"),
        ("sendings_events_history", Interval.DAY, "campaign_id", None, "sending_events_by_campaign"),
        ("sendings_events_history", Interval.HOUR, "campaign_id", None, FACTS),  # no hours of it
        ("sendings_events_history", Interval.DAY, None, Condition("sending_id", "equal", 1), FACTS),
        ("sendings_events_history", Interval.WEEK, None,
         Logical("not", (Condition("reporting_id", "equal", None),)), "sending_events_by_campaign"),
        ("links_visits_history", Interval.FIVE_MINUTES, "host", None, "link_visits_by_host"),
        ("links_visits_history", Interval.DAY, "source_id", None, "link_visits_by_source"),
        ("links_visits_history", Interval.FIVE_MINUTES, "source_id", None, FACTS),
        ("member_balance", Interval.WEEK, None, None, "member_changes"),
        ("member_balance", Interval.MONTH, "age", None, "member_changes_by_birth_year"),
        ("member_balance", Interval.DAY, "gender", Condition("age", "equal", "30-34"), FACTS),
        ("members_count_history", Interval.DAY, "grouping_value", None, "member_changes_by_*"),
        ("sendings_recipients_statistics", Interval.DAY, "gender", None, "sending_recipients"),
        ("members_count_snapshot", Interval.HOUR, None, None, "member_snapshots_last"),
        ("transactions_history", Interval.DAY, "place_id", None, "transactions_by_place"),
    ],
)  # fmt: skip
def test_timeseries_read_the_smallest_rollup_that_keeps_their_fields(
    report: str, interval: Interval, aggregation: str | None, node: object, expected: str
) -> None:
    assert timeseries_path(series(report, interval, aggregation, node)).name == expected


def test_without_rollups_everything_reads_the_facts() -> None:
    assert timeseries_path(series("member_balance", Interval.DAY), rollups=False).name == FACTS


def test_every_timeseries_and_statistics_report_has_a_reading() -> None:
    counted = {r.name for r in CATALOG.values() if r.format is not Format.RECORDS}
    assert counted <= set(READINGS)


def test_a_statistics_period_inside_buckets_reads_its_edges_from_the_facts() -> None:
    report = CATALOG["sendings_stats"]
    chosen = scope(101)
    tz = "Europe/Warsaw"
    midnight = datetime(2025, 12, 31, 23, tzinfo=UTC)  # local midnight in Warsaw
    aligned = StatisticsQuery(report, chosen, {tz: midnight}, {tz: None})
    edged = StatisticsQuery(report, chosen, {tz: midnight + timedelta(minutes=7)}, {tz: None})
    assert statistics_plan(aligned, NOW).name == "sending_events_by_type"
    assert statistics_plan(edged, NOW).name == "sending_events_by_type+facts"


def test_records_counters_come_from_rollups_only_when_selected() -> None:
    query = RecordsQuery(CATALOG["sendings"], scope(101), 10)
    assert records_path(query).name == "sending_counters"
    assert (
        records_path(query.__class__(**{**query.__dict__, "fields": frozenset({"id"})})).name
        == FACTS
    )
    grouped = RecordsQuery(
        CATALOG["members_count"], scope(101), 10, filter=Condition("gender", "equal", "male")
    )
    assert records_path(grouped).name == "current_members_by_gender"

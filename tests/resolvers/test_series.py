"""Shaping series: order, the 1000-point limit, gap omission and fillGaps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Interval
from reporting_gateway.query import Bucket, BucketPlan
from reporting_gateway.resolvers.series import MAX_DATA_POINTS, shape_timeseries
from reporting_gateway.storage.statements.timeseries import SeriesData
from tests.helpers import scope

REPORT = CATALOG["sendings_events_history"]


def plan(width: int) -> BucketPlan:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    buckets = tuple(
        Bucket(i, start + timedelta(hours=i), start + timedelta(hours=i + 1)) for i in range(width)
    )
    return BucketPlan(
        Interval.HOUR,
        "Europe/Warsaw",
        tuple(f"t{i}" for i in range(width)),
        {"Europe/Warsaw": buckets},
    )


def test_past_1000_points_whole_series_are_dropped_largest_kept() -> None:
    series = {(f"type{n}",): [n + 1] * 150 for n in range(10)}  # 10 x 150 = 1500 points
    result = shape_timeseries(
        REPORT, scope(101), plan(150), SeriesData(("event_type",), series), False
    )
    assert result.truncated is True
    assert result.data_points == 900 <= MAX_DATA_POINTS
    assert [s.label["event_type"] for s in result.series] == [
        f"type{n}" for n in (9, 8, 7, 6, 5, 4)
    ]
    assert all(len(s.values) == 150 for s in result.series)


def test_exactly_1000_points_are_not_truncated() -> None:
    series = {(f"type{n}",): [1] * 100 for n in range(10)}
    result = shape_timeseries(
        REPORT, scope(101), plan(100), SeriesData(("event_type",), series), False
    )
    assert (result.truncated, result.data_points) == (False, 1000)


def test_buckets_without_any_value_are_left_out_unless_gaps_are_filled() -> None:
    series = {("new",): [1, None, None, 4], ("opened",): [None, None, 2, None]}
    data = SeriesData(("event_type",), series)
    result = shape_timeseries(REPORT, scope(101), plan(4), data, False)
    assert result.time_buckets == ["t0", "t2", "t3"]
    assert [s.values for s in result.series] == [[1, None, 4], [None, 2, None]]
    assert result.data_points == 3
    filled = shape_timeseries(REPORT, scope(101), plan(4), data, True)
    assert filled.time_buckets == ["t0", "t1", "t2", "t3"]
    assert [s.values for s in filled.series] == [[1, 0, 0, 4], [0, 0, 2, 0]]


def test_gauges_keep_null_for_missing_buckets_even_with_fill_gaps() -> None:
    gauge = CATALOG["members_count_snapshot"]
    result = shape_timeseries(gauge, scope(101), plan(3), SeriesData((), {(): [5, None, 7]}), True)
    assert result.series[0].values == [5, None, 7]


def test_series_carry_the_timezone_of_their_customer_or_none_for_a_mixed_sum() -> None:
    data = SeriesData(("loyalty_club_id", "event_type"), {(101, "new"): [1], (103, "new"): [2]})
    result = shape_timeseries(REPORT, scope(101, 103), plan(1), data, False)
    assert {s.label["loyalty_club_id"]: s.timezone for s in result.series} == {
        101: "Europe/Warsaw",
        103: "America/New_York",
    }
    total = shape_timeseries(
        REPORT, scope(101, 103), plan(1), SeriesData(("event_type",), {("new",): [3]}), False
    )
    assert total.series[0].timezone is None

"""Bucket math: alignment, DST, AUTO, the 150-bucket limit and retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reporting_gateway import timebuckets as tb
from reporting_gateway.catalog.model import Interval
from reporting_gateway.errors import ErrorCode, GatewayError

NOW = datetime(2026, 11, 5, 12, tzinfo=UTC)
ALL = tuple(Interval)
WARSAW = frozenset({"Europe/Warsaw"})


def plan(
    start: datetime,
    end: datetime,
    interval: Interval | None,
    zones: frozenset[str] = WARSAW,
    offered: tuple[Interval, ...] = ALL,
) -> tb.BucketPlan:
    return tb.plan(
        offered=offered, interval=interval, start=start, end=end, timezones=zones, now=NOW
    )


def refused(code: ErrorCode, *args: object, **kwargs: object) -> GatewayError:
    with pytest.raises(GatewayError) as raised:
        plan(*args, **kwargs)  # type: ignore[arg-type]
    assert raised.value.code is code
    return raised.value


@pytest.mark.parametrize(
    ("day", "zone", "hours"),
    [
        ((2026, 3, 29), "Europe/Warsaw", 23),
        ((2026, 10, 25), "Europe/Warsaw", 25),
        ((2026, 3, 8), "America/New_York", 23),
        ((2026, 11, 1), "America/New_York", 25),
        ((2026, 6, 1), "America/New_York", 24),
    ],
)
def test_a_day_bucket_across_a_dst_change_is_23_or_25_hours(
    day: tuple[int, int, int], zone: str, hours: int
) -> None:
    p = plan(datetime(*day), datetime(*day) + timedelta(days=1), Interval.DAY, frozenset({zone}))
    (bucket,) = p.edges[zone]
    assert bucket.end - bucket.start == timedelta(hours=hours)


def test_hour_buckets_keep_both_hours_of_a_fall_back_night_with_their_offsets() -> None:
    p = plan(datetime(2026, 10, 25, 1), datetime(2026, 10, 25, 4), Interval.HOUR)
    assert p.labels == (
        "2026-10-25T01:00:00+02:00",
        "2026-10-25T02:00:00+02:00",
        "2026-10-25T02:00:00+01:00",
        "2026-10-25T03:00:00+01:00",
    )


def test_alignment_five_minutes_weeks_and_months() -> None:
    assert plan(
        datetime(2026, 11, 5, 9, 3), datetime(2026, 11, 5, 9, 12), Interval.FIVE_MINUTES
    ).labels == (
        "2026-11-05T09:00:00+01:00",
        "2026-11-05T09:05:00+01:00",
        "2026-11-05T09:10:00+01:00",
    )
    weeks = plan(datetime(2026, 11, 4), datetime(2026, 11, 17), Interval.WEEK).labels
    assert weeks == (
        "2026-11-02T00:00:00+01:00",
        "2026-11-09T00:00:00+01:00",
        "2026-11-16T00:00:00+01:00",
    )  # Mondays
    assert (
        plan(datetime(2026, 1, 15), datetime(2026, 3, 2), Interval.MONTH).labels[0]
        == "2026-01-01T00:00:00+01:00"
    )


def test_an_instant_with_an_offset_is_read_as_that_instant() -> None:
    p = plan(datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 6, 2, tzinfo=UTC), Interval.DAY)
    assert p.labels == ("2026-06-01T00:00:00+02:00", "2026-06-02T00:00:00+02:00")


def test_mixed_timezones_use_local_wall_clock_labels_and_per_timezone_edges() -> None:
    zones = frozenset({"Europe/Warsaw", "America/New_York"})
    p = plan(datetime(2026, 6, 1), datetime(2026, 6, 3), Interval.DAY, zones)
    assert p.range_timezone == "local"
    assert p.labels == ("2026-06-01T00:00:00", "2026-06-02T00:00:00")
    assert p.edges["Europe/Warsaw"][0].start == datetime(2026, 5, 31, 22, tzinfo=UTC)
    assert p.edges["America/New_York"][0].start == datetime(2026, 6, 1, 4, tzinfo=UTC)
    error = refused(
        ErrorCode.BAD_REQUEST,
        datetime(2026, 6, 1, tzinfo=UTC),
        datetime(2026, 6, 3),
        Interval.DAY,
        zones,
    )
    assert "wall-clock" in error.message


@pytest.mark.parametrize(
    ("span", "offered", "chosen"),
    [
        (timedelta(hours=12), ALL, Interval.FIVE_MINUTES),
        (timedelta(hours=12, minutes=5), ALL, Interval.HOUR),
        (timedelta(days=3), ALL, Interval.HOUR),
        (timedelta(days=3, hours=1), ALL, Interval.DAY),
        (timedelta(hours=2), ALL[1:], Interval.HOUR),
    ],
)
def test_auto_picks_by_range(
    span: timedelta, offered: tuple[Interval, ...], chosen: Interval
) -> None:
    assert plan(NOW - span, NOW, None, offered=offered).interval is chosen


def test_150_buckets_pass_and_151_are_too_many_with_the_maximum_range_named() -> None:
    start = datetime(2026, 4, 1)
    assert len(plan(start, start + timedelta(days=150), Interval.DAY).labels) == 150
    error = refused(ErrorCode.TOO_MANY_BUCKETS, start, start + timedelta(days=151), Interval.DAY)
    assert "150 buckets" in error.message and "150 days" in error.message
    assert error.code.status == 422


def test_an_interval_the_report_does_not_offer_is_bad_request() -> None:
    error = refused(
        ErrorCode.BAD_REQUEST, NOW - timedelta(hours=1), NOW, Interval.FIVE_MINUTES, offered=ALL[1:]
    )
    assert "1h, 1d, 1w, 1mo" in error.message


@pytest.mark.parametrize(
    ("interval", "days"), [(Interval.FIVE_MINUTES, 14), (Interval.HOUR, 183), (Interval.DAY, 731)]
)
def test_ranges_beyond_retention_are_bad_request(interval: Interval, days: int) -> None:
    plan(
        NOW - timedelta(days=days - 1),
        NOW - timedelta(days=days - 1, hours=-1),
        interval,
        frozenset({"UTC"}),
    )
    error = refused(
        ErrorCode.BAD_REQUEST,
        NOW - timedelta(days=days + 1),
        NOW - timedelta(days=days + 1, hours=-1),
        interval,
        frozenset({"UTC"}),
    )
    assert "kept for" in error.message


def test_to_before_from_is_bad_request() -> None:
    refused(ErrorCode.BAD_REQUEST, NOW, NOW - timedelta(hours=1), Interval.HOUR)


def test_shift_moves_back_whole_buckets() -> None:
    tz = tb.zone("Europe/Warsaw")
    start = tb.floor(datetime(2026, 11, 5, tzinfo=UTC), Interval.MONTH, tz)
    assert (
        tb.shift(start, Interval.MONTH, tz, 14).astimezone(tz).isoformat()
        == "2025-09-01T00:00:00+02:00"
    )

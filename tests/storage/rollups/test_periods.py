"""A period as whole rollup buckets plus edge gaps: together exactly the period, nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from reporting_gateway.catalog.model import Interval
from reporting_gateway.storage.rollups.model import ALL_GRAINS, HOUR_AND_COARSER
from reporting_gateway.storage.rollups.periods import decompose
from reporting_gateway.timebuckets import floor, next_start, zone

ZONES = ["Europe/Warsaw", "Asia/Kathmandu", "Australia/Lord_Howe", "America/New_York"]
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(UTC)
)


def covered(pieces: list, gaps: list, instant: datetime) -> int:
    """How many pieces or gaps hold `instant`."""
    found = sum(
        1 for _, a, b in pieces if (a is None or a <= instant) and (b is None or instant < b)
    )
    return found + sum(
        1 for a, b in gaps if (a is None or a <= instant) and (b is None or instant < b)
    )


@settings(max_examples=300, deadline=None)
@given(
    start=instants,
    length=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=500)),
    name=st.sampled_from(ZONES),
    grains=st.sampled_from([ALL_GRAINS, HOUR_AND_COARSER]),
    probes=st.lists(st.floats(min_value=0, max_value=1), min_size=5, max_size=20),
)
def test_pieces_and_gaps_cover_the_period_once(
    start: datetime, length: timedelta, name: str, grains: tuple, probes: list[float]
) -> None:
    tz = zone(name)
    end = start + length
    pieces, gaps = decompose(start, end, grains, tz)
    for grain, a, b in pieces:
        assert a is not None and b is not None
        assert floor(a, grain, tz) == a and floor(b, grain, tz) == b, "whole buckets only"
        assert next_start(a, grain, tz) <= b
    for fraction in [0.0, *probes]:
        instant = start + length * fraction
        if instant < end:
            assert covered(pieces, gaps, instant) == 1, instant
    assert covered(pieces, gaps, end) == 0
    assert covered(pieces, gaps, start - timedelta(microseconds=1)) == 0
    finest = min(grains, key=lambda g: list(ALL_GRAINS).index(g) * -1)
    for a, b in gaps:  # a gap is shorter than two buckets of the finest grain
        assert a is not None and b is not None
        assert b - a < 2 * (
            timedelta(minutes=5) if finest is Interval.FIVE_MINUTES else timedelta(hours=1)
        )


def test_an_open_period_takes_every_coarse_bucket_before_or_after() -> None:
    tz = zone("Europe/Warsaw")
    start = datetime(2026, 3, 15, 9, 20, tzinfo=UTC)
    pieces, gaps = decompose(None, start, ALL_GRAINS, tz)
    assert pieces[0] == (Interval.MONTH, None, floor(start, Interval.MONTH, tz))
    assert gaps == []  # 9:20 UTC is a 5-minute boundary in Warsaw
    pieces, gaps = decompose(None, None, ALL_GRAINS, tz)
    assert (pieces, gaps) == ([(Interval.MONTH, None, None)], [])


def test_a_grain_kept_for_a_while_is_not_read_before_it() -> None:
    tz = zone("Europe/Warsaw")
    start, end = datetime(2026, 1, 10, 10, 7, tzinfo=UTC), datetime(2026, 6, 1, 12, tzinfo=UTC)
    kept = {Interval.FIVE_MINUTES: datetime(2026, 5, 20, tzinfo=UTC), Interval.HOUR: None}
    pieces, gaps = decompose(start, end, ALL_GRAINS, tz, kept)
    assert all(a >= kept[Interval.FIVE_MINUTES] for g, a, _ in pieces if g is Interval.FIVE_MINUTES)
    assert (datetime(2026, 1, 10, 10, 7, tzinfo=UTC), datetime(2026, 1, 10, 11, tzinfo=UTC)) in gaps

"""The fast bucketer gives exactly `timebuckets.floor`, in every IANA zone, DST included."""

from __future__ import annotations

import random
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest

from reporting_gateway.catalog.model import Interval
from reporting_gateway.storage.rollups.bucketing import Bucketer
from reporting_gateway.storage.rollups.model import GRAINS
from reporting_gateway.timebuckets import floor, next_start, zone

ZONES = sorted(zoneinfo.available_timezones())
PAIRS = [(fine, coarse) for i, fine in enumerate(GRAINS) for coarse in GRAINS[i + 1 :]]


def instants(name: str, rng: random.Random) -> list[datetime]:
    """Random instants since 1890 (odd historical offsets) and minutes around each offset
    change of 2024-2027."""
    tz = zone(name)
    found = [datetime(1890, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(5 * 10**9))
             for _ in range(40)]  # fmt: skip
    at, end = datetime(2024, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    offset = at.astimezone(tz).utcoffset()
    while at < end:
        step = at + timedelta(days=1)
        if step.astimezone(tz).utcoffset() != offset:
            offset = step.astimezone(tz).utcoffset()
            found += [
                at + timedelta(minutes=m, seconds=rng.randrange(60)) for m in range(0, 2880, 17)
            ]
        at = step
    return found


ODD = [
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
]


@pytest.mark.parametrize("name", [*ZONES[::7], *ODD])
def test_starts_are_the_exact_floors(name: str) -> None:
    rng = random.Random(name)
    bucketer, tz = Bucketer(name), zone(name)
    for instant in instants(name, rng):
        assert bucketer.starts(instant) == tuple(floor(instant, g, tz) for g in GRAINS), instant


@pytest.mark.parametrize("name", ZONES[3::11])
def test_a_finer_bucket_lies_inside_one_coarser_bucket(name: str) -> None:
    """What lets a rollup answer any interval from a finer grain (weeks from days)."""
    tz, rng = zone(name), random.Random(name)
    for instant in instants(name, rng):
        for fine, coarse in [*PAIRS, (Interval.DAY, Interval.WEEK), (Interval.HOUR, Interval.WEEK)]:
            start = floor(instant, fine, tz)
            assert start <= instant < next_start(start, fine, tz)
            assert floor(start, coarse, tz) == floor(instant, coarse, tz), (instant, fine, coarse)

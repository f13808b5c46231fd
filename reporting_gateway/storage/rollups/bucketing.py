"""Which local bucket of each grain an instant falls in, for one timezone, fast.

`timebuckets.floor` is exact in every IANA zone but costs microseconds; a load computes it
for every event and grain. Most UTC 5-minute slots lie inside one local 5-minute bucket
(every zone of the last century has offsets in whole 5 minutes), and a local 5-minute
bucket lies inside one local hour, day and month (tested over every zone), so the starts
are computed once per slot and reused; an uneven slot (a historical offset in odd minutes)
is computed instant by instant.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reporting_gateway.catalog.model import Interval
from reporting_gateway.storage.rollups.model import GRAINS
from reporting_gateway.timebuckets import floor, zone

SLOT = 300  # seconds
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LAST = timedelta(seconds=SLOT) - timedelta(microseconds=1)
_MAX_SLOTS = 200_000  # per timezone; a bigger working set starts over (memory stays flat)
Starts = tuple[datetime, ...]  # one per grain, in the order of `GRAINS`


class Bucketer:
    def __init__(self, timezone: str) -> None:
        self.tz = zone(timezone)
        self._slots: dict[int, Starts] = {}  # () for an uneven slot

    def starts(self, instant: datetime) -> Starts:
        slot = int((instant - _EPOCH).total_seconds() // SLOT)
        known = self._slots.get(slot)
        if known is None:
            if len(self._slots) >= _MAX_SLOTS:
                self._slots.clear()
            known = self._slots[slot] = self._even(slot)
        return known or self._exact(instant)

    def _even(self, slot: int) -> Starts:
        start = _EPOCH + timedelta(seconds=slot * SLOT)
        five = floor(start, Interval.FIVE_MINUTES, self.tz)
        if five != start or floor(start + _LAST, Interval.FIVE_MINUTES, self.tz) != start:
            return ()
        return self._exact(start)

    def _exact(self, instant: datetime) -> Starts:
        return tuple(floor(instant, grain, self.tz) for grain in GRAINS)


GRAIN_INDEX = {grain: index for index, grain in enumerate(GRAINS)}

"""Which local bucket of each grain an instant falls in, for one timezone, fast.

`timebuckets.floor` is exact in every IANA zone but costs microseconds; a load needs it for
every event and grain. Within a UTC hour whose offset is constant and a whole number of
5 minutes (every zone of the last century, except across a DST change), local 5-minute
buckets are the UTC ones, and the local hour (day, month) changes at most once, where the
local clock passes a full hour. So the starts of an hour's twelve 5-minute slots are worked
out once per UTC hour, with a handful of exact floors; any other hour (a DST change, an odd
historical offset) is computed instant by instant. Local 5-minute buckets lie inside one
local hour, day and month (tested over every zone), which is what lets a slot's coarser
starts be those of its 5-minute start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from reporting_gateway.storage.rollups.model import GRAINS
from reporting_gateway.timebuckets import floor, zone

SLOT = 300  # seconds
SLOTS = 12  # per hour
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_HOUR = timedelta(hours=1)
_TICK = timedelta(microseconds=1)
_MAX_HOURS = 100_000  # per timezone; a bigger working set starts over (memory stays flat)
Starts = tuple[Any, ...]  # one per grain, in the order of `GRAINS` (datetimes, or rendered)


class Bucketer:
    """`render` turns each start into what the caller stores (the SQLite text of a time,
    say), once per cached slot rather than once per event."""

    def __init__(self, timezone: str, render: Callable[[datetime], Any] | None = None) -> None:
        self.tz = zone(timezone)
        self.render = render
        self._hours: dict[int, tuple[Starts, ...]] = {}  # () for an uneven hour

    def starts(self, instant: datetime) -> Starts:
        seconds = (instant - _EPOCH) // _TICK // 1_000_000
        hour, within = divmod(seconds, 3600)
        slots = self._hours.get(hour)
        if slots is None:
            if len(self._hours) >= _MAX_HOURS:
                self._hours.clear()
            slots = self._hours[hour] = self._hour(hour)
        return slots[within // SLOT] if slots else self.exact(instant)

    def exact(self, instant: datetime) -> Starts:
        starts = tuple(floor(instant, grain, self.tz) for grain in GRAINS)
        return starts if self.render is None else tuple(map(self.render, starts))

    def _hour(self, hour: int) -> tuple[Starts, ...]:
        start = _EPOCH + timedelta(hours=hour)
        offset = start.astimezone(self.tz).utcoffset()
        last = start + _HOUR - _TICK
        if offset is None or offset != last.astimezone(self.tz).utcoffset():
            return ()
        if offset.total_seconds() % SLOT:
            return ()
        fives = [start + timedelta(seconds=SLOT * i) for i in range(SLOTS)]
        first, final = self._coarse(fives[0]), self._coarse(fives[-1])
        change = SLOTS  # the first slot whose local hour is the later one
        if first != final:
            low, high = 1, SLOTS - 1
            while low < high:
                middle = (low + high) // 2
                if self._coarse(fives[middle]) == first:
                    low = middle + 1
                else:
                    high = middle
            change = low
        slots = [(five, *(first if i < change else final)) for i, five in enumerate(fives)]
        if self.render is not None:
            slots = [tuple(map(self.render, starts)) for starts in slots]
        return tuple(slots)

    def _coarse(self, instant: datetime) -> Starts:
        return tuple(floor(instant, grain, self.tz) for grain in GRAINS[1:])


GRAIN_INDEX = {grain: index for index, grain in enumerate(GRAINS)}

"""`reporting-gateway rollups check`: the stored rollups against what the facts give.

The stored facts are read back as the loader would have handed them over (`reader.py`) and
aggregated by `aggregate.py`, an implementation of each rollup in Python independent of the
SQL that maintains it (`merge.py`): a difference is drift, or a bug in one of the two. The
comparison runs one customer and one local month at a time, so its memory is a month of one
customer's rollup rows, not the history (per-row counters: one customer's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting_gateway.catalog.model import Interval
from reporting_gateway.storage.facts import tables as facts
from reporting_gateway.storage.rollups.aggregate import Aggregator, Delta, Key
from reporting_gateway.storage.rollups.model import GRAINS, LastValue, Rollup, Stream, kept_since
from reporting_gateway.storage.rollups.reader import read, time_range
from reporting_gateway.storage.rollups.rebuild import streams_of
from reporting_gateway.storage.rollups.tables import SETS, TABLES
from reporting_gateway.storage.types import as_utc, utc_now
from reporting_gateway.timebuckets import floor, next_start, zone


@dataclass(frozen=True)
class Difference:
    rollup: str
    key: dict[str, Any]
    stored: Any
    expected: Any

    def __str__(self) -> str:
        key = ", ".join(f"{k}={v}" for k, v in self.key.items())
        return f"{self.rollup} [{key}]: stored {self.stored}, facts give {self.expected}"


class _Comparison:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.found: list[Difference] = []

    @property
    def full(self) -> bool:
        return len(self.found) >= self.limit

    def add(self, rollup: Rollup, key: Key, stored: Any, expected: Any) -> None:
        if not self.full:
            names = ("customer_id", *rollup.key, "member")
            self.found.append(
                Difference(
                    rollup.name,
                    {n: _shown(v) for n, v in zip(names, key, strict=False)},
                    _measures(rollup, stored),
                    _measures(rollup, expected),
                )
            )


async def check(
    connection: AsyncConnection,
    rollups: Sequence[Rollup],
    limit: int = 20,
    now: datetime | None = None,
) -> list[Difference]:
    """Every difference (up to `limit`) between the stored rollups and the facts. Buckets
    of a short-lived grain that start before what it keeps (`kept_since`) are left out."""
    now = now or utc_now()
    comparison = _Comparison(limit)
    result = await connection.execute(sa.select(facts.customers.c.id, facts.customers.c.timezone))
    timezones: dict[int, str] = {row[0]: row[1] for row in result}
    grained = [r for r in rollups if r.grains]
    timeless = [r for r in rollups if not r.grains]
    aggregator = Aggregator(rollups, now)
    kept = {grain.value: kept_since(grain, now) for grain in GRAINS}
    for customer, timezone in sorted(timezones.items()):
        overall: dict[Rollup, Delta] = {}
        timed = [stream for stream in streams_of(rollups) if stream.time is not None]
        for start, end in await _months(connection, timed, customer, timezone):
            window: dict[Rollup, Delta] = {}
            for stream in timed:
                async for rows in read(connection, stream, customer, start, end):
                    aggregator.add(stream, rows, timezones, window)
            for rollup in grained:
                expected = _kept(window.get(rollup, Delta()), kept)
                stored = _kept(await _stored(connection, rollup, customer, start, end), kept)
                _compare(comparison, rollup, stored, expected)
            for rollup in timeless:
                overall.setdefault(rollup, Delta()).merge(window.get(rollup, Delta()), rollup)
            if comparison.full:
                return comparison.found
        for stream in streams_of(timeless):
            if stream.time is None:
                async for rows in read(connection, stream, customer):
                    aggregator.add(stream, rows, timezones, overall)
        for rollup in timeless:
            stored = await _stored(connection, rollup, customer, None, None)
            _compare(comparison, rollup, stored, overall.get(rollup, Delta()))
        if comparison.full:
            break
    return comparison.found


async def _months(
    connection: AsyncConnection, streams: Sequence[Stream], customer: int, timezone: str
) -> list[tuple[datetime, datetime]]:
    """The customer's local months from its first event to its last (every grain nests)."""
    ranges = [await time_range(connection, s, customer) for s in streams if s.time]
    found = [r for r in ranges if r is not None]
    if not found:
        return []
    tz = zone(timezone)
    first, last = min(as_utc(r[0]) for r in found), max(as_utc(r[1]) for r in found)
    months, start = [], floor(first, Interval.MONTH, tz)
    while start <= last:
        end = next_start(start, Interval.MONTH, tz)
        months.append((start, end))
        start = end
    return months


async def _stored(
    connection: AsyncConnection,
    rollup: Rollup,
    customer: int,
    start: datetime | None,
    end: datetime | None,
) -> Delta:
    """The stored rows (and sets) of one customer, as a Delta, within [start, end) if given."""
    delta = Delta()
    key_length = 1 + len(rollup.key)
    for table, name in [(TABLES[rollup.name], None)] + [
        (SETS[(rollup.name, n)], n) for n in rollup.set_columns()
    ]:
        where = [table.c.customer_id == customer]
        if start is not None and end is not None:
            where += [table.c.bucket_start >= start, table.c.bucket_start < end]
        for row in await connection.execute(sa.select(table).where(*where)):
            values = tuple(row)
            if name is None:
                delta.rows[values[:key_length]] = _slots(rollup, list(values[key_length:]))
            else:
                delta.members.setdefault(name, set()).add(values)
    return delta


def _kept(delta: Delta, kept: dict[str, datetime | None]) -> Delta:
    """The rows (and set members) of buckets their grain keeps."""

    def keeps(key: Key) -> bool:
        since = kept[key[1]]
        return since is None or key[2] >= since

    return Delta(
        {key: values for key, values in delta.rows.items() if keeps(key)},
        {name: {m for m in seen if keeps(m)} for name, seen in delta.members.items()},
    )


def _slots(rollup: Rollup, columns: list[Any]) -> list[Any]:
    """Stored columns → measure slots (a gauge's two columns become its reading)."""
    slots: list[Any] = []
    for measure in rollup.measures.values():
        if isinstance(measure, LastValue):
            value, at = columns.pop(0), columns.pop(0)
            slots.append(None if at is None else (at, value))
        else:
            slots.append(columns.pop(0))
    return slots


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _measures(rollup: Rollup, slots: Any) -> Any:
    """Measure slots as `name=value` text (a set member's presence stays as it is)."""
    if not isinstance(slots, list):
        return "no row" if slots is None else slots
    shown = []
    for name, value in zip(rollup.measures, slots, strict=True):
        if isinstance(value, tuple):  # a gauge's (time, reading)
            value = f"{value[1]} at {_shown(value[0])}"
        shown.append(f"{name}={_shown(value)}")
    return "{" + ", ".join(shown) + "}"


def _presence(present: bool) -> str:
    return "present" if present else "absent"


def _compare(comparison: _Comparison, rollup: Rollup, stored: Delta, expected: Delta) -> None:
    names = list(rollup.measures)
    counted = rollup.distinct()
    for name in rollup.set_columns():
        seen = expected.members.get(name, set())
        if name in counted:
            slot = names.index(name)
            counts: dict[Key, int] = {}
            for member in seen:
                counts[member[:-1]] = counts.get(member[:-1], 0) + 1
            for key, values in expected.rows.items():
                values[slot] = counts.get(key, 0)
        kept = stored.members.get(name, set())
        for member in sorted(kept ^ seen, key=repr)[: comparison.limit]:
            comparison.add(rollup, member, _presence(member in kept), _presence(member in seen))
    if not rollup.measures:  # a rollup of sets alone keeps no rows of its own
        return
    for key in sorted(stored.rows.keys() | expected.rows.keys(), key=repr):
        have, want = stored.rows.get(key), expected.rows.get(key)
        if have != want:
            comparison.add(rollup, key, have, want)

"""`reporting-gateway rollups rebuild|check`: rollups recomputed from, or compared with, the facts.

Both read the stored facts as the loader would have handed them over (`reader.py`) and run
them through the same aggregation (`aggregate.py`). A rebuild writes the result; a check
compares it with what the load path maintained, one customer and one local month at a
time (so its memory is a month of one customer's rollup rows, not the history).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from reporting_gateway.catalog.model import Interval
from reporting_gateway.storage.facts import tables as facts
from reporting_gateway.storage.rollups.aggregate import Aggregator, Delta, Key, kept_since
from reporting_gateway.storage.rollups.definitions import ROLLUPS
from reporting_gateway.storage.rollups.maintain import Maintainer
from reporting_gateway.storage.rollups.model import (
    GRAINS,
    MARGIN,
    LastValue,
    Parent,
    Rollup,
    Stream,
)
from reporting_gateway.storage.rollups.reader import read, time_range, whole
from reporting_gateway.storage.rollups.stage import PARENTS
from reporting_gateway.storage.rollups.tables import SETS, TABLES, rollup_state
from reporting_gateway.storage.types import as_utc, utc_now
from reporting_gateway.timebuckets import floor, next_start, zone


def fingerprint(rollup: Rollup) -> str:
    """Changes whenever what the rollup keeps changes (then `migrate` rebuilds it)."""
    streams = [
        (s.table.name, s.time, s.parent and (s.parent.table.name, s.parent.key, s.parent.columns),
         sorted(s.only.items()), s.present, sorted(s.constants.items()), s.weight)
        for s in rollup.streams
    ]  # fmt: skip
    text = repr((rollup.dims, sorted(rollup.measures.items()), rollup.grains, streams,
                 sorted(rollup.sets.items())))  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()


def streams_of(rollups: Sequence[Rollup]) -> list[Stream]:
    return list(dict.fromkeys(stream for rollup in rollups for stream in rollup.streams))


async def customer_ids(connection: AsyncConnection) -> list[int]:
    result = await connection.execute(
        sa.select(facts.customers.c.id).order_by(facts.customers.c.id)
    )
    return [int(row[0]) for row in result]


async def rebuild(connection: AsyncConnection, rollups: Sequence[Rollup], now: datetime) -> None:
    """Replace the rows of `rollups` with what the stored facts give (caller's transaction)."""
    for rollup in rollups:
        await connection.execute(TABLES[rollup.name].delete())
        for name in rollup.set_columns():
            await connection.execute(SETS[(rollup.name, name)].delete())
    maintainer = Maintainer(connection, rollups, now)
    tables = list(dict.fromkeys(stream.table for stream in streams_of(rollups)))
    for customer in await customer_ids(connection):
        for table in tables:
            async for rows in read(connection, whole(table), customer):
                await maintainer.add_joined(table, rows)
    await record_built(connection, rollups, now)


async def rebuild_after_replace(
    connection: AsyncConnection, table: sa.Table, now: datetime
) -> list[Rollup]:
    """After `load --replace TABLE`: refuse facts left without their parent, then rebuild
    every rollup the table feeds (all of them for `customers`: timezones bucket them)."""
    for child, parent in PARENTS.items():
        if parent.table is table:
            await _refuse_orphans(connection, child, parent)
    affected = rollups_of(table)
    if affected:
        await rebuild(connection, affected, now)
    return affected


def rollups_of(table: sa.Table) -> list[Rollup]:
    """The rollups a table feeds, as facts or as a parent (every one for `customers`: their
    timezones bucket them all)."""
    if table is facts.customers:
        return list(ROLLUPS)
    return [rollup for rollup in ROLLUPS if rollup.reads(table)]


async def prune(connection: AsyncConnection, rollups: Sequence[Rollup], now: datetime) -> None:
    """Delete the buckets of short-lived grains that have aged past what the API keeps
    (a day beyond `kept_since`), so those rollups stay the size of their retention."""
    customers = await customer_ids(connection)
    for rollup in rollups:
        for grain in rollup.grains:
            since = kept_since(grain, now)
            if since is None:
                continue
            tables = [TABLES[rollup.name], *(SETS[(rollup.name, n)] for n in rollup.set_columns())]
            for table in tables:
                for customer in customers:
                    await connection.execute(
                        table.delete().where(
                            table.c.customer_id == customer,
                            table.c.grain == grain.value,
                            table.c.bucket_start < since - MARGIN,
                        )
                    )


class OrphanedFacts(ValueError):
    """Stored facts refer to parent rows a replacing load did not bring back."""


async def _refuse_orphans(connection: AsyncConnection, child: sa.Table, parent: Parent) -> None:
    p = parent.table
    has_parent = sa.exists().where(
        p.c.customer_id == child.c.customer_id, p.c.id == child.c[parent.key]
    )
    orphan = (
        await connection.execute(
            sa.select(child.c.customer_id, child.c.id, child.c[parent.key])
            .where(~has_parent)
            .limit(1)
        )
    ).first()
    if orphan is not None:
        customer, row_id, key = orphan
        raise OrphanedFacts(
            f"{child.name} row {row_id} of customer {customer} refers to {parent.key} {key}, "
            f"which the new {p.name} do not have; include it, or replace {child.name} too"
        )


async def record_built(
    connection: AsyncConnection, rollups: Sequence[Rollup], now: datetime
) -> None:
    names = [rollup.name for rollup in rollups]
    await connection.execute(rollup_state.delete().where(rollup_state.c.rollup.in_(names)))
    if names:
        await connection.execute(
            rollup_state.insert(),
            [{"rollup": r.name, "fingerprint": fingerprint(r), "built_at": now} for r in rollups],
        )


async def stale(connection: AsyncConnection) -> list[Rollup]:
    """Rollups never built from this store's facts, or built by another definition."""
    result = await connection.execute(sa.select(rollup_state.c.rollup, rollup_state.c.fingerprint))
    built = {row[0]: row[1] for row in result}
    return [rollup for rollup in ROLLUPS if built.get(rollup.name) != fingerprint(rollup)]


async def rebuild_stale(engine: AsyncEngine, now: datetime) -> list[Rollup]:
    async with engine.begin() as connection:
        rollups = await stale(connection)
        if rollups:
            await rebuild(connection, rollups, now)
    return rollups


# ------------------------------------------------------------------------------ check
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

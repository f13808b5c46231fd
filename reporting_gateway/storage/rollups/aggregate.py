"""Fact rows → what they add to each rollup, in Python and without I/O: `rollups check`'s
oracle.

Loads and rebuilds merge facts into rollups in SQL (`merge.py`); this module computes the
same rows a second, independent way, from the definitions alone, so `rollups check` (and
the property test that runs it after every batch) catches a rollup the SQL got wrong as
surely as one that drifted from its facts.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from reporting_gateway.storage.rollups.bucketing import GRAIN_INDEX, Bucketer
from reporting_gateway.storage.rollups.model import (
    Count,
    Distinct,
    Earliest,
    LastValue,
    Latest,
    Measure,
    Rollup,
    Stream,
    Sum,
    kept_since,
)
from reporting_gateway.storage.rollups.tables import NONE_INT, NONE_TEXT, TABLES

Key = tuple[Any, ...]  # customer_id, [grain, bucket_start,] dimension values
Row = Sequence[Any]  # a fact row in its table's column order, its parent's columns appended


@dataclass
class Delta:
    """What some facts add to one rollup: accumulated measures per key (one slot per
    measure, in definition order), and the values each `Distinct` measure has seen per key."""

    rows: dict[Key, list[Any]] = field(default_factory=dict)
    members: dict[str, set[Key]] = field(default_factory=dict)  # measure → {key + (value,)}

    def merge(self, other: Delta, rollup: Rollup) -> None:
        measures = list(rollup.measures.values())
        for key, values in other.rows.items():
            mine = self.rows.get(key)
            if mine is None:
                self.rows[key] = list(values)
            else:
                for slot, measure in enumerate(measures):
                    mine[slot] = combine(measure, mine[slot], values[slot])
        for name, seen in other.members.items():
            self.members.setdefault(name, set()).update(seen)


def combine(measure: Measure, old: Any, new: Any) -> Any:
    """The value of a slot after adding `new` to `old` (the SQL upsert does the same)."""
    if isinstance(measure, Count | Sum | Distinct):
        return old + new
    if new is None:
        return old
    if old is None:
        return new
    if isinstance(measure, Earliest):
        return min(old, new)
    if isinstance(measure, Latest):
        return max(old, new)
    return new if new[0] > old[0] else old  # LastValue: (time, value)


def sentinel(rollup: Rollup, dim: str) -> Any:
    """What a missing value of a dimension is stored as (key columns hold no NULL)."""
    column = TABLES[rollup.name].c[dim]
    return NONE_INT if isinstance(column.type, sa.Integer) else NONE_TEXT


def layout(stream: Stream) -> dict[str, int]:
    """Where each attribute sits in a stream row: the fact table's columns in order, then
    the parent's columns the stream carries."""
    names = [column.name for column in stream.table.columns]
    if stream.parent is not None:
        names += list(stream.parent.columns)
    return {name: index for index, name in enumerate(names)}


def _extended(stream: Stream) -> tuple[dict[str, int], tuple[Any, ...]]:
    """Positions in a row extended by the stream's constants and a final None (what a
    stream that counts nothing reads for measured values it does not have)."""
    positions = layout(stream)
    extension = (*stream.constants.values(), None)
    for offset, name in enumerate(stream.constants):
        positions[name] = len(layout(stream)) + offset
    return positions, extension


def _reader(positions: Mapping[str, int], names: Sequence[str]) -> Callable[[Row], tuple[Any, ...]]:
    indexes = [positions[name] for name in names]
    if not indexes:
        return lambda row: ()
    if len(indexes) == 1:
        (index,) = indexes
        return lambda row: (row[index],)
    return operator.itemgetter(*indexes)


@dataclass(frozen=True)
class _Plan:
    """One rollup's view of one stream, prepared once: what to read from each event."""

    rollup: Rollup
    dims: Callable[[Row], tuple[Any, ...]]
    sentinels: tuple[Any, ...] | None  # for missing dimension values; None: none can miss
    slots: tuple[Callable[[Row, int], Any], ...]  # per measure: the event's contribution
    additive: bool  # every measure is a count or sum: slots add up
    grains: tuple[tuple[str, int, datetime | None], ...]  # grain, index in starts, kept since
    distinct: tuple[tuple[str, int], ...]  # measure name, position of the value it counts


def _contribution(measure: Measure, at: Callable[[str], int]) -> Callable[[Row, int], Any]:
    if isinstance(measure, Count):
        tests = tuple((at(c), frozenset(v)) for c, v in measure.only.items())
        if not tests:
            return lambda row, weight: weight
        if len(tests) == 1:
            ((index, allowed),) = tests
            return lambda row, weight: weight if row[index] in allowed else 0
        return lambda row, weight: weight if all(row[i] in v for i, v in tests) else 0
    if isinstance(measure, Sum):
        unit, index = 10**measure.scale, at(measure.column)
        return lambda row, weight: round(row[index] * unit) * weight
    if isinstance(measure, Distinct):
        return lambda row, weight: 0  # counted when the set learns a new value (write.py)
    if isinstance(measure, Earliest | Latest):
        index = at(measure.column)
        return lambda row, weight: row[index] if weight else None
    assert isinstance(measure, LastValue)
    time, reading = at(measure.time), at(measure.column)
    return lambda row, weight: (row[time], row[reading]) if weight else None


def _plan(rollup: Rollup, stream: Stream, positions: Mapping[str, int], now: datetime) -> _Plan:
    last = max(positions.values()) + 1  # the extension's final None

    def at(name: str) -> int:
        if name in positions:
            return positions[name]
        if stream.weight == 0:  # a stream that counts nothing needs no measured values
            return last
        raise KeyError(f"stream {stream.name} has no attribute {name!r} for {rollup.name}")

    measures = list(rollup.measures.values())
    nullable = any(TABLES[rollup.name].c[d].info.get("nullable") for d in rollup.dims)
    return _Plan(
        rollup=rollup,
        dims=_reader(positions, rollup.dims),
        sentinels=tuple(sentinel(rollup, d) for d in rollup.dims) if nullable else None,
        slots=tuple(_contribution(m, at) for m in measures),
        additive=all(isinstance(m, Count | Sum | Distinct) for m in measures),
        grains=tuple((g.value, GRAIN_INDEX[g], kept_since(g, now)) for g in rollup.grains),
        distinct=tuple((name, at(column)) for name, column in rollup.set_columns().items()),
    )


class Aggregator:
    """Turns rows of streams into deltas for a set of rollups. `now` decides which events
    the short-lived grains keep (`kept_since`)."""

    def __init__(self, rollups: Sequence[Rollup], now: datetime) -> None:
        self.rollups = tuple(rollups)
        self.now = now
        self._plans: dict[Stream, tuple[_Plan, ...]] = {}
        self._extensions: dict[Stream, tuple[Any, ...]] = {}
        for rollup in self.rollups:
            for stream in rollup.streams:
                positions, self._extensions[stream] = _extended(stream)
                plan = _plan(rollup, stream, positions, now)
                self._plans[stream] = (*self._plans.get(stream, ()), plan)
        self._bucketers: dict[str, Bucketer] = {}

    def streams(self) -> tuple[Stream, ...]:
        return tuple(self._plans)

    def bucketer(self, timezone: str) -> Bucketer:
        found = self._bucketers.get(timezone)
        if found is None:
            found = self._bucketers[timezone] = Bucketer(timezone)
        return found

    def add(
        self,
        stream: Stream,
        rows: Iterable[Row],
        timezones: Mapping[int, str],
        deltas: dict[Rollup, Delta],
    ) -> None:
        """Add the events of `rows` (rows of the stream's table, parent columns appended)."""
        plans = self._plans.get(stream)
        if not plans:
            return
        work = [(plan, deltas.setdefault(plan.rollup, Delta())) for plan in plans]
        weight, extension = stream.weight, self._extensions[stream]
        time = layout(stream)[stream.time] if stream.time else None
        bucketers: dict[int, Bucketer] = {}
        for raw in filter_stream(stream, rows):
            row = (*raw, *extension)
            customer = row[0]
            when = starts = None
            if time is not None:
                when = row[time]
                bucketer = bucketers.get(customer)
                if bucketer is None:
                    bucketer = bucketers[customer] = self.bucketer(timezones[customer])
                starts = bucketer.starts(when)
            for plan, delta in work:
                dims = plan.dims(row)
                if plan.sentinels is not None and None in dims:
                    fixed = zip(dims, plan.sentinels, strict=True)
                    dims = tuple(s if v is None else v for v, s in fixed)
                values = [slot(row, weight) for slot in plan.slots]
                if starts is not None and plan.grains:
                    keys = [
                        (customer, grain, starts[index], *dims)
                        for grain, index, since in plan.grains
                        if since is None or when >= since  # type: ignore[operator]
                    ]
                else:
                    keys = [(customer, *dims)]
                found = delta.rows
                for key in keys:
                    current = found.get(key)
                    if current is None:
                        found[key] = values.copy()
                    elif plan.additive:
                        for slot, value in enumerate(values):
                            current[slot] += value
                    else:
                        for slot, measure in enumerate(plan.rollup.measures.values()):
                            current[slot] = combine(measure, current[slot], values[slot])
                if weight:
                    for name, index in plan.distinct:
                        member = row[index]
                        if member is not None:
                            seen = delta.members.setdefault(name, set())
                            seen.update((*key, member) for key in keys)


def filter_stream(stream: Stream, rows: Iterable[Row]) -> Iterable[Row]:
    """The rows a stream counts: `only` values and `present` columns."""
    positions = layout(stream)
    only = tuple((positions[c], frozenset(v)) for c, v in stream.only.items())
    present = tuple(positions[c] for c in stream.present)
    if not only and not present:
        yield from rows
        return
    for row in rows:
        if all(row[i] in v for i, v in only) and all(row[i] is not None for i in present):
            yield row

"""Fact rows → what they add to each rollup, in Python and without I/O.

The load path writes these deltas (`write.py`); `rollups rebuild` writes the deltas of every
stored fact; `rollups check` compares the deltas of the stored facts with the stored rollups.
One function computes all three, so they cannot disagree on what a rollup means.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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
)
from reporting_gateway.storage.rollups.tables import NONE_INT, NONE_TEXT, TABLES

Key = tuple[Any, ...]  # customer_id, [grain, bucket_start,] dimension values
Row = Mapping[str, Any]  # a fact row, with its parent's columns


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


def empty(measure: Measure) -> Any:
    if isinstance(measure, Count | Sum | Distinct):
        return 0
    return None


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


def stored(value: Any, sentinel: Any) -> Any:
    return sentinel if value is None else value


def sentinel(rollup: Rollup, dim: str) -> Any:
    """What a missing value of a dimension is stored as (key columns hold no NULL)."""
    column = TABLES[rollup.name].c[dim]
    return NONE_INT if isinstance(column.type, sa.Integer) else NONE_TEXT


@dataclass(frozen=True)
class _Plan:
    """One rollup's view of one stream, prepared once: what to read from each event."""

    rollup: Rollup
    dims: tuple[tuple[str, Any], ...]  # attribute, sentinel for a missing value
    slots: tuple[Callable[[Row, int], Any], ...]  # per measure: the event's contribution
    grains: tuple[tuple[str, int], ...]  # grain value, index into Bucketer.starts
    distinct: tuple[tuple[str, str], ...]  # measure name, attribute


def _contribution(measure: Measure) -> Callable[[Row, int], Any]:
    if isinstance(measure, Count):
        only = tuple(measure.only.items())
        if not only:
            return lambda row, weight: weight
        return lambda row, weight: weight if all(row[c] in v for c, v in only) else 0
    if isinstance(measure, Sum):
        unit = 10**measure.scale
        column = measure.column
        return lambda row, weight: round(row[column] * unit) * weight
    if isinstance(measure, Distinct):
        return lambda row, weight: 0  # counted when the set learns a new value (write.py)
    if isinstance(measure, Earliest | Latest):
        column = measure.column
        return lambda row, weight: row[column] if weight else None
    assert isinstance(measure, LastValue)
    time, value = measure.time, measure.column
    return lambda row, weight: (row[time], row[value]) if weight else None


def _plan(rollup: Rollup) -> _Plan:
    return _Plan(
        rollup=rollup,
        dims=tuple((name, sentinel(rollup, name)) for name in rollup.dims),
        slots=tuple(_contribution(m) for m in rollup.measures.values()),
        grains=tuple((grain.value, GRAIN_INDEX[grain]) for grain in rollup.grains),
        distinct=tuple((name, m.column) for name, m in rollup.distinct().items()),
    )


class Aggregator:
    """Turns rows of streams into deltas for a set of rollups."""

    def __init__(self, rollups: Sequence[Rollup]) -> None:
        self.rollups = tuple(rollups)
        self._plans: dict[Stream, tuple[_Plan, ...]] = {}
        for rollup in self.rollups:
            for stream in rollup.streams:
                self._plans[stream] = (*self._plans.get(stream, ()), _plan(rollup))
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
        """Add the events of `rows` (which must pass the stream's own filters) to `deltas`."""
        plans = self._plans.get(stream)
        if not plans:
            return
        for plan in plans:
            deltas.setdefault(plan.rollup, Delta())
        measures = {plan.rollup: list(plan.rollup.measures.values()) for plan in plans}
        weight, time, constants = stream.weight, stream.time, dict(stream.constants)
        for raw in filter_stream(stream, rows):
            row = {**raw, **constants} if constants else raw
            customer = row["customer_id"]
            starts = None
            if time is not None:
                starts = self.bucketer(timezones[customer]).starts(row[time])
            for plan in plans:
                delta = deltas[plan.rollup]
                dims = tuple(stored(row[name], sentinel) for name, sentinel in plan.dims)
                values = [slot(row, weight) for slot in plan.slots]
                if plan.grains:
                    assert starts is not None
                    keys = [(customer, g, starts[i], *dims) for g, i in plan.grains]
                else:
                    keys = [(customer, *dims)]
                for key in keys:
                    _accumulate(delta, key, values, measures[plan.rollup])
                    if weight:
                        for name, attribute in plan.distinct:
                            member = row[attribute]
                            if member is not None:
                                delta.members.setdefault(name, set()).add((*key, member))


def _accumulate(delta: Delta, key: Key, values: list[Any], measures: list[Measure]) -> None:
    current = delta.rows.get(key)
    if current is None:
        delta.rows[key] = list(values)
        return
    for slot, measure in enumerate(measures):
        current[slot] = combine(measure, current[slot], values[slot])


def filter_stream(stream: Stream, rows: Iterable[Row]) -> Iterable[Row]:
    """The rows a stream counts: `only` values and `present` columns."""
    only, present = tuple(stream.only.items()), stream.present
    for row in rows:
        if only and not all(row[c] in v for c, v in only):
            continue
        if present and any(row[c] is None for c in present):
            continue
        yield row

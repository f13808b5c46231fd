"""The vocabulary of rollups: which facts they read, what they keep, at which grains.

A rollup is data, like a report of the catalog. `definitions.py` lists them; their tables,
their maintenance at load time, `reporting-gateway rollups rebuild|check` and the query
planner are all derived from these values.

    Rollup("sending_events_by_channel", streams=(SENDING_EVENTS,),
           dims=("event_type", "channel", "service_type"), measures={"events": Count()},
           grains=ALL_GRAINS)

keeps, per customer and local 5-minute, hour, day and month bucket, how many events of each
type, channel and service type happened. Buckets are aligned in the customer's timezone, so
every bucket a timeseries asks for is a whole number of rollup buckets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from reporting_gateway.catalog.model import Interval

# The grains a rollup can keep. Weeks are not a grain: a local week is seven local days.
GRAINS = (Interval.FIVE_MINUTES, Interval.HOUR, Interval.DAY, Interval.MONTH)
ALL_GRAINS = GRAINS
HOUR_AND_COARSER = (Interval.HOUR, Interval.DAY, Interval.MONTH)
DAY_AND_MONTH = (Interval.DAY, Interval.MONTH)
# Grains kept only as long as the API keeps their intervals (spec §4: 5m for 14 days, 1h
# for 6 months); days and months are kept forever (weeks are made of days).
KEPT_FOR: dict[Interval, timedelta] = {
    grain: retention
    for grain in (Interval.FIVE_MINUTES, Interval.HOUR)
    if (retention := grain.retention) is not None
}
MARGIN = timedelta(days=1)  # a bucket holding the retention line starts a little before it


@dataclass(frozen=True)
class Parent:
    """The table a fact row belongs to, and the columns of it an event carries (a sending
    event carries its sending's channel). The loader refuses a fact whose parent is missing."""

    table: sa.Table
    key: str  # the fact column holding the parent's id (within the same customer)
    columns: tuple[str, ...]


@dataclass(frozen=True, eq=False)  # hashed by identity: deltas and caches are keyed by it
class Stream:
    """How rows of one fact table become events: a time, attributes and a weight.

    `only` keeps the rows whose column has one of the values given; `present` the rows where
    the columns have a value; `constants` are attributes every event of the stream carries
    (a member's joining is `type: in`). A stream of weight 0 creates rollup rows without
    counting anything (a link nobody visited still has a row with 0 visits).
    """

    name: str
    table: sa.Table
    time: str | None = None  # the column that says when; None: the rollup is timeless
    parent: Parent | None = None
    only: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    present: tuple[str, ...] = ()
    constants: Mapping[str, Any] = field(default_factory=dict)
    weight: int = 1


@dataclass(frozen=True)
class Count:
    """How many events (of those whose attributes match `only`)."""

    only: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Sum:
    """The sum of a decimal column with `scale` decimals, kept exact as an integer."""

    column: str
    scale: int


@dataclass(frozen=True)
class Earliest:
    """The earliest value of a time column."""

    column: str


@dataclass(frozen=True)
class Latest:
    """The latest value of a time column."""

    column: str


@dataclass(frozen=True)
class Distinct:
    """How many different values of a column (members): a set table keeps the values, so
    the count stays exact however the facts arrive."""

    column: str


@dataclass(frozen=True)
class LastValue:
    """The value of `column` in the event with the latest `time` (a gauge's last reading)."""

    column: str
    time: str


Measure = Count | Sum | Earliest | Latest | Distinct | LastValue


@dataclass(frozen=True, eq=False)  # hashed by identity, like a stream
class Rollup:
    name: str
    description: str
    streams: tuple[Stream, ...]
    dims: tuple[str, ...]
    measures: Mapping[str, Measure]
    grains: tuple[Interval, ...] = ()  # (): one row per key over all time
    # Values kept as a set, without a count: a query counts them over whatever buckets it
    # composes (the different members of a week are not the sum of its days').
    sets: Mapping[str, str] = field(default_factory=dict)  # set name → the column it keeps

    @property
    def timeless(self) -> bool:
        return not self.grains

    @property
    def key(self) -> tuple[str, ...]:
        """The columns that identify a row, after the customer."""
        return (("grain", "bucket_start") if self.grains else ()) + self.dims

    def distinct(self) -> dict[str, Distinct]:
        return {name: m for name, m in self.measures.items() if isinstance(m, Distinct)}

    def set_columns(self) -> dict[str, str]:
        """Every set table the rollup keeps (for its `Distinct` measures and its `sets`),
        with the column whose values it holds."""
        return {**{n: m.column for n, m in self.distinct().items()}, **self.sets}

    def reads(self, table: sa.Table) -> bool:
        """Whether rows of `table` (as facts or as a parent) feed this rollup."""
        return any(
            stream.table is table or (stream.parent is not None and stream.parent.table is table)
            for stream in self.streams
        )


def kept_since(grain: Interval, now: datetime) -> datetime | None:
    """The first instant whose events a grain keeps: the API keeps 5-minute buckets for 14
    days and hourly ones for 6 months, so rows older than that (and a day of margin, for
    buckets that start before the retention line) are not written; None: kept forever."""
    kept = KEPT_FOR.get(grain)
    return None if kept is None else now - kept - MARGIN

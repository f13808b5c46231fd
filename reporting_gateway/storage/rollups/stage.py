"""A batch of facts staged for the rollups: each row with its parent's columns and, for
every time column a stream buckets, the start of its local bucket at every grain.

The staged batch is a temporary table (`stage_<facts>`), so the database groups and merges
it into every rollup in a few set-based statements (`merge.py`); Python only parses rows,
looks up parents and works out bucket starts, which SQL cannot do in a customer's IANA zone.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from reporting_gateway.storage.rollups.bucketing import Bucketer
from reporting_gateway.storage.rollups.definitions import STREAMS
from reporting_gateway.storage.rollups.model import GRAINS, Parent
from reporting_gateway.storage.types import UtcDateTime

_STAGES = sa.MetaData()
PARENTS: dict[sa.Table, Parent] = {s.table: s.parent for s in STREAMS if s.parent is not None}
# The time columns each fact table's streams bucket (members: when joined, when left).
TIMES: dict[sa.Table, tuple[str, ...]] = {}
for _stream in STREAMS:
    if _stream.time is not None and _stream.time not in TIMES.get(_stream.table, ()):
        TIMES[_stream.table] = (*TIMES.get(_stream.table, ()), _stream.time)


def bucket_column(time: str, grain: Any) -> str:
    return f"{time}__{grain.value}"


@functools.cache
def stage_of(table: sa.Table) -> sa.Table:
    """The temporary table a batch of `table` is staged in (emptied after every batch)."""
    parent = PARENTS.get(table)
    columns = [sa.Column(c.name, c.type) for c in table.columns]
    if parent is not None:
        columns += [sa.Column(name, parent.table.c[name].type) for name in parent.columns]
    for time in TIMES.get(table, ()):
        # Rendered for the driver by the bucketer, once per slot (see `staged`).
        columns += [
            sa.Column(bucket_column(time, g), UtcDateTime(), info={"rendered": True})
            for g in GRAINS
        ]
    return sa.Table(
        f"stage_{table.name}",
        _STAGES,
        *columns,
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DELETE ROWS",
    )


def bucket_starts(
    table: sa.Table, rows: Sequence[Sequence[Any]], bucketers: Mapping[int, Bucketer]
) -> list[tuple[Any, ...]] | None:
    """Per row, the starts of its local buckets for every time column a stream of the table
    buckets (None for a table no stream buckets), as the customer's bucketer renders them.
    Pure Python: a loader works them out while the database is busy with the batch before."""
    times = [list(table.columns).index(table.c[time]) for time in TIMES.get(table, ())]
    if not times:
        return None
    empty = (None,) * len(GRAINS)
    found = []
    for row in rows:
        bucketer = bucketers[row[0]]
        starts: tuple[Any, ...] = ()
        for index in times:
            when = row[index]
            starts += empty if when is None else bucketer.starts(when)
        found.append(starts)
    return found


def staged(
    rows: Sequence[Sequence[Any]], starts: Sequence[tuple[Any, ...]] | None
) -> list[tuple[Any, ...]]:
    """Rows (fact columns, then parent columns) with their bucket starts appended."""
    if starts is None:
        return [tuple(row) for row in rows]
    return [(*row, *found) for row, found in zip(rows, starts, strict=True)]

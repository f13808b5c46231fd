"""Rollups kept in step with facts written in the same transaction.

Whoever writes facts (the loader, the demo data, a rebuild) hands each batch to a
`Maintainer` on the same connection: the batch is staged with each row's bucket starts in
its customer's timezone (`stage.py`), then merged into every rollup by the database
(`merge.py`), before the transaction commits; so a load that fails leaves facts and rollups
exactly as they were.

A fact whose stream has a parent (a sending event's sending) carries the parent's columns
into the rollups; the maintainer looks them up, and a missing parent is `MissingParent`.
Rows are tuples in their table's column order (`as_rows` turns mappings into them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.schema import CreateTable

from reporting_gateway.storage.bulk import bulk_insert, driver_time
from reporting_gateway.storage.facts import tables as facts
from reporting_gateway.storage.rollups.aggregate import Row
from reporting_gateway.storage.rollups.bucketing import Bucketer
from reporting_gateway.storage.rollups.definitions import ROLLUPS, STREAMS
from reporting_gateway.storage.rollups.merge import (
    SINCE,
    from_summary,
    statements,
    summarize,
    summarized,
    summary_of,
)
from reporting_gateway.storage.rollups.model import Parent, Rollup, Stream, kept_since
from reporting_gateway.storage.rollups.stage import (
    PARENTS,
    TIMES,
    bucket_starts,
    stage_of,
    staged,
)
from reporting_gateway.storage.types import as_utc, utc_now

_PARENT_CACHE = 200_000  # parent rows remembered per parent table; more starts over
assert all(s.table.columns[0].name == "customer_id" for s in STREAMS), "rows lead with it"


class MissingParent(ValueError):
    """Row `index` of a batch refers to a parent row that is not in the store."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


def as_rows(table: sa.Table, rows: Iterable[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    """Mappings of column → value as the tuples the maintainer reads."""
    names = [column.name for column in table.columns]
    return [tuple(row.get(name) for name in names) for row in rows]


class Maintainer:
    def __init__(
        self,
        connection: AsyncConnection,
        rollups: Sequence[Rollup] = ROLLUPS,
        now: datetime | None = None,
    ) -> None:
        self.connection = connection
        self.rollups = tuple(rollups)
        self.now = now or utc_now()
        self._timezones: dict[int, str] = {}
        self._bucketers: dict[int, Bucketer] = {}  # per customer, shared per timezone
        self._zones: dict[str, Bucketer] = {}
        self._parents: dict[Parent, dict[tuple[int, Any], tuple[Any, ...]]] = {}
        self._staged: set[str] = set()

    def merges(self, table: sa.Table) -> list[tuple[Rollup, Stream]]:
        """The (rollup, stream) pairs rows of `table` feed."""
        return [(r, s) for r in self.rollups for s in r.streams if s.table is table]

    async def add(
        self,
        table: sa.Table,
        rows: Sequence[Row],
        *,
        write_facts: bool = False,
    ) -> None:
        """A batch of new rows of `table` (tuples in column order), into its rollups and,
        with `write_facts`, into the table itself. Refused with `MissingParent` if a row's
        parent is not stored (checked even when no rollup reads the table)."""
        if not rows:
            return
        parent = PARENTS.get(table)
        if parent is not None:
            rows = await self._with_parent(table, parent, rows)
        await self.add_joined(table, rows, write_facts=write_facts)

    async def add_joined(
        self, table: sa.Table, rows: Sequence[Row], *, write_facts: bool = False
    ) -> None:
        """Rows that already carry their parent's columns (a rebuild reads them joined)."""
        merges = self.merges(table)
        if not rows or not (merges or write_facts):
            return
        await self._learn_timezones(rows)
        starts = bucket_starts(table, rows, self._bucketers)
        stage = stage_of(table)
        await self._create(stage)
        await bulk_insert(self.connection, stage, staged(rows, starts))
        if write_facts:
            names = [c.name for c in table.columns]
            await self.connection.execute(
                table.insert().from_select(names, sa.select(*(stage.c[n] for n in names)))
            )
        await self._merge(table, merges, rows)
        # Emptied only after success: a failed batch is rolled back with the transaction.
        await self.connection.execute(stage.delete())

    async def _create(self, temporary: sa.Table) -> None:
        if temporary.name not in self._staged:
            await self.connection.execute(CreateTable(temporary, if_not_exists=True))
            self._staged.add(temporary.name)

    async def _merge(
        self, table: sa.Table, merges: Sequence[tuple[Rollup, Stream]], rows: Sequence[Row]
    ) -> None:
        dialect = self.connection.dialect.name
        latest = {time: max((row[i] for row in rows if row[i] is not None), default=None)
                  for time, i in _time_positions(table).items()}  # fmt: skip
        summaries: list[Stream] = []
        for rollup, stream in merges:
            if summarized(rollup) and stream not in summaries:
                await self._create(summary_of(stream))
                await self.connection.execute(summarize(stream))
                summaries.append(stream)
            for grain in rollup.grains or (None,):
                since = kept_since(grain, self.now) if grain is not None else None
                if since is not None and (
                    stream.time is None or not _after(latest[stream.time], since)
                ):
                    continue  # no event of the batch is recent enough for this grain
                parameters = {SINCE: since} if since is not None else {}
                windowed = since is not None
                if summarized(rollup):
                    assert grain is not None
                    found = (from_summary(rollup, stream, grain, windowed, dialect),)
                else:
                    found = statements(rollup, stream, grain, windowed, dialect)
                for statement in found:
                    await self.connection.execute(statement, parameters)
        for stream in summaries:
            await self.connection.execute(summary_of(stream).delete())

    async def _learn_timezones(self, rows: Sequence[Row]) -> None:
        unknown = {row[0] for row in rows} - self._timezones.keys()
        if not unknown:
            return
        c = facts.customers
        result = await self.connection.execute(
            sa.select(c.c.id, c.c.timezone).where(c.c.id.in_(sorted(unknown)))
        )
        found = {int(row.id): row.timezone for row in result}
        self._timezones.update(found)
        self._bucketers.update(bucketers(found, self.connection.dialect.name, self._zones))

    async def _with_parent(self, table: sa.Table, parent: Parent, rows: Sequence[Row]) -> list[Row]:
        key = list(table.columns).index(table.c[parent.key])
        known = self._parents.setdefault(parent, {})
        wanted = {(row[0], row[key]) for row in rows} - known.keys()
        if len(known) + len(wanted) > _PARENT_CACHE:
            known.clear()
            wanted = {(row[0], row[key]) for row in rows}
        if wanted:
            known.update(await self._parent_rows(parent, wanted))
        joined: list[Row] = []
        for index, row in enumerate(rows):
            values = known.get((row[0], row[key]))
            if values is None:
                raise MissingParent(
                    index,
                    f"{parent.key} {row[key]} is not in `{parent.table.name}` of customer "
                    f"{row[0]}; load {parent.table.name} first",
                )
            joined.append((*row, *values))
        return joined

    async def _parent_rows(
        self, parent: Parent, wanted: set[tuple[int, Any]]
    ) -> dict[tuple[int, Any], tuple[Any, ...]]:
        table = parent.table
        by_customer: dict[int, list[Any]] = {}
        for customer, key in wanted:
            by_customer.setdefault(customer, []).append(key)
        found: dict[tuple[int, Any], tuple[Any, ...]] = {}
        for customer, keys in by_customer.items():
            result = await self.connection.execute(
                sa.select(table.c.id, *(table.c[name] for name in parent.columns)).where(
                    table.c.customer_id == customer, table.c.id.in_(sorted(keys))
                )
            )
            found.update({(customer, row[0]): tuple(row[1:]) for row in result})
        return found


def bucketers(
    timezones: Mapping[int, str], dialect: str, shared: dict[str, Bucketer] | None = None
) -> dict[int, Bucketer]:
    """A bucketer per customer (one per timezone), rendering starts for `dialect`'s driver."""
    shared = {} if shared is None else shared
    render = driver_time(dialect)
    for timezone in set(timezones.values()) - shared.keys():
        shared[timezone] = Bucketer(timezone, render)
    return {customer: shared[timezone] for customer, timezone in timezones.items()}


def _time_positions(table: sa.Table) -> dict[str, int]:
    names = [column.name for column in table.columns]
    return {time: names.index(time) for time in TIMES.get(table, ())}


def _after(latest: datetime | None, since: datetime) -> bool:
    return latest is not None and as_utc(latest) >= since

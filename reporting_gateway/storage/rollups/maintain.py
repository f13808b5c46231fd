"""Rollups kept in step with facts written in the same transaction.

Whoever writes facts (the loader, the demo data, a rebuild) hands each batch to a
`Maintainer` on the same connection: the batch's events are aggregated in Python (bucketed in
each customer's timezone) and upserted into the rollups before the transaction commits, so a
load that fails leaves facts and rollups exactly as they were.

A fact whose stream has a parent (a sending event's sending) carries the parent's columns
into the rollups; the maintainer looks them up, and a missing parent is `MissingParent`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting_gateway.storage.facts import tables as facts
from reporting_gateway.storage.rollups.aggregate import Aggregator, Delta, Row
from reporting_gateway.storage.rollups.definitions import ROLLUPS, STREAMS
from reporting_gateway.storage.rollups.model import Parent, Rollup, Stream
from reporting_gateway.storage.rollups.write import write

_PARENT_CACHE = 200_000  # parent rows remembered per parent table; more starts over
# The parent of each fact table that has one (every stream of a table names the same).
PARENTS: dict[sa.Table, Parent] = {s.table: s.parent for s in STREAMS if s.parent is not None}


class MissingParent(ValueError):
    """Row `index` of a batch refers to a parent row that is not in the store."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


class Maintainer:
    def __init__(self, connection: AsyncConnection, rollups: Sequence[Rollup] = ROLLUPS) -> None:
        self.connection = connection
        self.aggregator = Aggregator(rollups)
        self._timezones: dict[int, str] = {}
        self._parents: dict[Parent, dict[tuple[int, Any], tuple[Any, ...]]] = {}

    def streams_of(self, table: sa.Table) -> list[Stream]:
        return [stream for stream in self.aggregator.streams() if stream.table is table]

    async def add(self, table: sa.Table, rows: Sequence[Row]) -> None:
        """A batch of new rows of `table` (each a mapping of its columns); refused with
        `MissingParent` if a row's parent is not stored."""
        if not rows:
            return
        parent = PARENTS.get(table)
        if parent is not None:
            rows = await self._with_parent(parent, rows)
        streams = self.streams_of(table)
        if streams:
            await self.add_events(streams, rows)

    async def add_events(self, streams: Sequence[Stream], rows: Sequence[Row]) -> None:
        """Rows that already carry their parent's columns (a rebuild reads them joined)."""
        await self._learn_timezones(rows)
        deltas: dict[Rollup, Delta] = {}
        for stream in streams:
            self.aggregator.add(stream, rows, self._timezones, deltas)
        for rollup, delta in deltas.items():
            await write(self.connection, rollup, delta)

    async def _learn_timezones(self, rows: Sequence[Row]) -> None:
        unknown = {row["customer_id"] for row in rows} - self._timezones.keys()
        if not unknown:
            return
        c = facts.customers
        result = await self.connection.execute(
            sa.select(c.c.id, c.c.timezone).where(c.c.id.in_(sorted(unknown)))
        )
        self._timezones.update({int(row.id): row.timezone for row in result})

    async def _with_parent(self, parent: Parent, rows: Sequence[Row]) -> list[Row]:
        known = self._parents.setdefault(parent, {})
        wanted = {(row["customer_id"], row[parent.key]) for row in rows} - known.keys()
        if len(known) + len(wanted) > _PARENT_CACHE:
            known.clear()
            wanted = {(row["customer_id"], row[parent.key]) for row in rows}
        if wanted:
            known.update(await self._parent_rows(parent, wanted))
        joined: list[Row] = []
        for index, row in enumerate(rows):
            values = known.get((row["customer_id"], row[parent.key]))
            if values is None:
                raise MissingParent(
                    index,
                    f"{parent.key} {row[parent.key]} is not in `{parent.table.name}` of customer "
                    f"{row['customer_id']}; load {parent.table.name} first",
                )
            joined.append({**row, **dict(zip(parent.columns, values, strict=True))})
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

"""`reporting-gateway rollups rebuild`: rollups recomputed from the facts, and their state.

A rebuild reads the stored facts back as the loader would have handed them over
(`reader.py`) and merges them as a load does (`maintain.py`), in the caller's transaction.
`rollup_state` records what was built from which definition, so `migrate` rebuilds a
rollup that is new or changed; a replacing load rebuilds what its table feeds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from reporting_gateway.storage.facts import tables as facts
from reporting_gateway.storage.rollups.definitions import ROLLUPS
from reporting_gateway.storage.rollups.maintain import Maintainer
from reporting_gateway.storage.rollups.model import (
    MARGIN,
    Parent,
    Rollup,
    Stream,
    kept_since,
)
from reporting_gateway.storage.rollups.reader import read, whole
from reporting_gateway.storage.rollups.stage import PARENTS
from reporting_gateway.storage.rollups.tables import SETS, TABLES, rollup_state


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

"""`reporting-gateway load TABLE FILE`: CSV or JSON Lines into one table, all or nothing.

Every row is checked against the data contract (`facts/tables.py`: SQL type, nullability,
enum values, IANA timezones, the 32-bit range GraphQL's Int can carry; `read.py`) before it
is written, and its rollups are maintained in the same transaction (`rollups/maintain.py`).
The whole file goes in one transaction: the first bad row is reported with its line number
and nothing of the file — facts or rollups — stays in the store. Rows go in by the
driver's bulk path in batches; a key the store already holds is found by the database and
then traced back to its line. Memory stays flat whatever the file's size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from reporting_gateway.storage.engine import refresh_statistics
from reporting_gateway.storage.facts import tables
from reporting_gateway.storage.ingest.read import LoadError, Row, read_rows
from reporting_gateway.storage.rollups.definitions import ROLLUPS
from reporting_gateway.storage.rollups.maintain import Maintainer, MissingParent
from reporting_gateway.storage.rollups.rebuild import (
    OrphanedFacts,
    prune,
    rebuild_after_replace,
    rollups_of,
)
from reporting_gateway.storage.rollups.tables import ALL_TABLES
from reporting_gateway.storage.types import utc_now

__all__ = ["TABLES", "LoadError", "LoadResult", "load_file"]

BATCH = 50_000
TABLES: dict[str, sa.Table] = {table.name: table for table in tables.FACT_TABLES}
LOADS_LOCK = 7_341_201  # PostgreSQL advisory lock: loads into one store run one at a time


@dataclass(frozen=True)
class LoadResult:
    table: str
    rows: int


async def load_file(
    engine: AsyncEngine,
    table_name: str,
    path: Path,
    *,
    replace: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    now: datetime | None = None,
) -> LoadResult:
    """`progress` is told the rows inserted so far and the file's line count (an upper bound
    on its rows: a CSV line may hold a quoted line break, a JSON Lines file blank lines).
    `now` is the clock the rollups' retention reads (the store's clock)."""
    table = TABLES.get(table_name)
    if table is None:
        raise ValueError(f"unknown table {table_name!r}; the tables are: {', '.join(TABLES)}")
    now = now or utc_now()
    total = _count_lines(path) - (path.suffix.lower() == ".csv") if progress else None
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(sa.select(sa.func.pg_advisory_xact_lock(LOADS_LOCK)))
        # A replacing load rebuilds what it touches from all the facts at the end.
        rollups = Maintainer(connection, () if replace else ROLLUPS, now)
        if replace:
            await connection.execute(table.delete())
        customers = await _customer_ids(connection, table)
        count = 0
        for lines, rows in _batches(read_rows(path, table), customers):
            await _insert(connection, rollups, table, lines, rows)
            count += len(rows)
            if progress is not None:
                progress(count, total)
        if replace:
            try:
                await rebuild_after_replace(connection, table, now)
            except OrphanedFacts as error:
                raise LoadError(None, str(error)) from None
        else:
            await prune(connection, rollups_of(table), now)
        if progress is not None:
            progress(count, count)
    await refresh_statistics(engine, [table, *ALL_TABLES])
    return LoadResult(table_name, count)


Batch = tuple[list[int], list[Row]]  # line numbers, rows


def _batches(rows: Iterator[tuple[int, Row]], customers: set[int] | None) -> Iterator[Batch]:
    """Checked rows in batches, each of a known customer."""
    lines: list[int] = []
    batch: list[Row] = []
    for line, row in rows:
        if customers is not None and row[0] not in customers:
            raise LoadError(line, f"customer_id {row[0]} is not in `customers`; load it first")
        lines.append(line)
        batch.append(row)
        if len(batch) >= BATCH:
            yield lines, batch
            lines, batch = [], []
    if batch:
        yield lines, batch


async def _customer_ids(connection: AsyncConnection, table: sa.Table) -> set[int] | None:
    if "customer_id" not in table.c:
        return None
    result = await connection.execute(sa.select(tables.customers.c.id))
    return set(result.scalars())


async def _insert(
    connection: AsyncConnection,
    rollups: Maintainer,
    table: sa.Table,
    lines: list[int],
    rows: list[Row],
) -> None:
    """The batch and its rollups; a missing parent or a broken constraint is traced back to
    its line."""
    try:
        if connection.dialect.name == "postgresql":  # a failed statement aborts the rest
            async with connection.begin_nested():
                await rollups.add(table, rows, write_facts=True)
        else:  # SQLite undoes just the failed statement (the driver's savepoints would commit)
            await rollups.add(table, rows, write_facts=True)
    except MissingParent as missing:
        raise LoadError(lines[missing.index], str(missing)) from None
    except (DBAPIError, asyncpg.PostgresError) as error:  # COPY raises the driver's own
        raise await _culprit(connection, table, lines, rows, error) from None


async def _culprit(
    connection: AsyncConnection,
    table: sa.Table,
    lines: list[int],
    rows: list[Row],
    error: Exception,
) -> LoadError:
    names = [c.name for c in table.columns]
    key = [names.index(c.name) for c in table.primary_key.columns]
    seen: dict[tuple[Any, ...], int] = {}
    for line, row in zip(lines, rows, strict=True):
        pk = tuple(row[i] for i in key)
        if pk in seen:
            return LoadError(line, f"repeats the key {_key(table, pk)} of line {seen[pk]}")
        seen[pk] = line
    columns = list(table.primary_key.columns)
    for start in range(0, len(rows), 500):
        chunk = list(seen)[start : start + 500]
        found = (
            await connection.execute(sa.select(*columns).where(sa.tuple_(*columns).in_(chunk)))
        ).first()
        if found is not None:
            return LoadError(
                seen[tuple(found)], f"the key {_key(table, tuple(found))} is already in the store"
            )
    message = str(getattr(error, "orig", error)).splitlines()[0][:300]
    return LoadError(lines[0], f"a row from here on breaks a database constraint: {message}")


def _key(table: sa.Table, values: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip((c.name for c in table.primary_key.columns), values, strict=True))


def _count_lines(path: Path) -> int:
    lines = 0
    last = b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")

"""Many rows into one table by each driver's fastest path, inside the caller's transaction.

SQLite: one `executemany` of positional tuples; PostgreSQL: binary `COPY`. Rows are Python
values in the table's column order (aware datetimes, lists and dicts for JSON columns);
the few conversions the drivers do not make themselves happen here, per column.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting_gateway.storage.types import UtcDateTime, sqlite_datetime_text

Encoder = Callable[[Any], Any]
_POSTGRESQL = postgresql.dialect()  # type: ignore[no-untyped-call]


def _sqlite_time(value: datetime | str | None) -> str | None:
    """A time as SQLite stores it; text already in that form (rendered once by a caller
    that repeats it, like a bucket start) passes as it is."""
    if value is None or type(value) is str:
        return value
    return sqlite_datetime_text(value)  # type: ignore[arg-type]


_repeated_sqlite_time = functools.lru_cache(maxsize=1 << 16)(sqlite_datetime_text)


def driver_time(dialect: str) -> Callable[[datetime], Any] | None:
    """How a time that recurs (a bucket start) is handed to the driver of `dialect`: once
    rendered and remembered on SQLite; as a datetime (None) elsewhere."""
    return _repeated_sqlite_time if dialect == "sqlite" else None


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _maybe(encode: Encoder) -> Encoder:
    return lambda value: None if value is None else encode(value)


@functools.lru_cache(maxsize=512)
def encoders(table: sa.Table, dialect: str) -> tuple[Encoder | None, ...]:
    """Per column, how a Python value becomes the driver's (None: as it is)."""
    found: list[Encoder | None] = []
    for column in table.columns:
        type_ = column.type
        if column.info.get("rendered"):  # the caller gives it in the driver's form
            found.append(None)
        elif dialect == "sqlite":
            if isinstance(type_, UtcDateTime):
                found.append(_sqlite_time)
            elif isinstance(type_, sa.JSON):
                found.append(_maybe(_json))
            else:
                found.append(None)
        else:
            impl = type_.dialect_impl(_POSTGRESQL)
            found.append(_maybe(_json) if isinstance(impl, postgresql.JSONB) else None)
    return tuple(found)


def encoded(
    table: sa.Table, dialect: str, rows: Sequence[Sequence[Any]]
) -> Sequence[Sequence[Any]]:
    """The rows with the columns that need it encoded for the driver."""
    needed = [(i, e) for i, e in enumerate(encoders(table, dialect)) if e is not None]
    if not needed:
        return rows
    out = []
    for row in rows:
        values = list(row)
        for index, encode in needed:
            values[index] = encode(values[index])
        out.append(tuple(values))
    return out


@functools.lru_cache(maxsize=512)
def _insert_sql(table: sa.Table) -> str:
    """The driver's text of a plain INSERT of every column, positional parameters."""
    return str(table.insert().compile(dialect=sqlite.dialect()))


async def bulk_insert(
    connection: AsyncConnection, table: sa.Table, rows: Sequence[Sequence[Any]]
) -> None:
    if not rows:
        return
    dialect = connection.dialect.name
    rows = encoded(table, dialect, rows)
    if dialect == "postgresql":
        raw: Any = (await connection.get_raw_connection()).driver_connection
        names = [c.name for c in table.columns]
        await raw.copy_records_to_table(table.name, records=rows, columns=names)
        return
    await connection.exec_driver_sql(_insert_sql(table), list(rows))

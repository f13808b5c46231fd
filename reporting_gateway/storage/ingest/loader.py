"""`reporting-gateway load TABLE FILE`: CSV or JSON Lines into one table, all or nothing.

Every row is checked against the data contract (`tables.py`: SQL type, nullability, enum
values, IANA timezones, the 32-bit range GraphQL's Int can carry) before it is written.
The whole file goes in one transaction: the first bad row is reported with its line number
and nothing of the file stays in the store.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from reporting_gateway.storage.engine import refresh_statistics
from reporting_gateway.storage.facts import tables
from reporting_gateway.storage.rollups.definitions import ROLLUPS
from reporting_gateway.storage.rollups.maintain import Maintainer, MissingParent
from reporting_gateway.storage.rollups.rebuild import OrphanedFacts, rebuild_after_replace
from reporting_gateway.storage.types import UtcDateTime, as_utc, utc_now
from reporting_gateway.timebuckets import zone

BATCH = 2000
INT_RANGE = (-(2**31), 2**31 - 1)
TABLES: dict[str, sa.Table] = {table.name: table for table in tables.FACT_TABLES}

Convert = Callable[[Any], Any]


class LoadError(ValueError):
    """A row that breaks the data contract; `line` is its line number in the file (None when
    the file as a whole is refused)."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message if line is None else f"line {line}: {message}")
        self.line = line


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
) -> LoadResult:
    """`progress` is told the rows inserted so far and the file's line count (an upper bound
    on its rows: a CSV line may hold a quoted line break, a JSON Lines file blank lines)."""
    table = TABLES.get(table_name)
    if table is None:
        raise ValueError(f"unknown table {table_name!r}; the tables are: {', '.join(TABLES)}")
    converters = {column.name: _converter(column) for column in table.columns}
    total = _count_lines(path) - (path.suffix.lower() == ".csv") if progress else None
    async with engine.begin() as connection:
        # A replacing load rebuilds the rollups it touches from all facts at the end.
        rollups = Maintainer(connection, () if replace else ROLLUPS)
        if replace:
            await connection.execute(table.delete())
        known_customers = await _customer_ids(connection, table)
        count = 0
        batch: list[tuple[int, dict[str, Any]]] = []
        for line, raw in _read(path):
            row = _validate(table, converters, raw, line)
            if known_customers is not None and row["customer_id"] not in known_customers:
                raise LoadError(
                    line, f"customer_id {row['customer_id']} is not in `customers`; load it first"
                )
            batch.append((line, row))
            if len(batch) >= BATCH:
                count += await _insert(connection, rollups, table, batch)
                batch = []
                if progress is not None:
                    progress(count, total)
        count += await _insert(connection, rollups, table, batch)
        if replace:
            try:
                await rebuild_after_replace(connection, table, utc_now())
            except OrphanedFacts as error:
                raise LoadError(None, str(error)) from None
        if progress is not None:
            progress(count, count)
    await refresh_statistics(engine, [table])
    return LoadResult(table_name, count)


async def _customer_ids(connection: AsyncConnection, table: sa.Table) -> set[int] | None:
    if "customer_id" not in table.c:
        return None
    result = await connection.execute(sa.select(tables.customers.c.id))
    return set(result.scalars())


async def _insert(
    connection: AsyncConnection,
    rollups: Maintainer,
    table: sa.Table,
    batch: list[tuple[int, dict[str, Any]]],
) -> int:
    if not batch:
        return 0
    seen: dict[tuple[Any, ...], int] = {}
    key = [column.name for column in table.primary_key.columns]
    for line, row in batch:
        pk = tuple(row[name] for name in key)
        if pk in seen:
            raise LoadError(
                line, f"repeats the key {dict(zip(key, pk, strict=True))} of line {seen[pk]}"
            )
        seen[pk] = line
    pk_columns = list(table.primary_key.columns)
    existing = await connection.execute(
        sa.select(*pk_columns).where(sa.tuple_(*pk_columns).in_(list(seen)))
    )
    for pk in existing:
        raise LoadError(
            seen[tuple(pk)], f"the key {dict(zip(key, pk, strict=True))} is already in the store"
        )
    rows = [row for _, row in batch]
    try:
        await connection.execute(table.insert(), rows)
    except IntegrityError as error:
        raise LoadError(
            batch[0][0], f"a row from here on breaks a database constraint: {error.orig}"
        ) from None
    try:
        await rollups.add(table, rows)
    except MissingParent as missing:
        raise LoadError(batch[missing.index][0], str(missing)) from None
    return len(batch)


def _count_lines(path: Path) -> int:
    lines = 0
    last = b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


def _read(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    suffix = path.suffix.lower()
    with path.open(newline="", encoding="utf-8") as handle:
        if suffix == ".csv":
            reader = csv.DictReader(handle)
            for row in reader:
                if None in row:
                    raise LoadError(reader.line_num, "has more cells than the header")
                yield reader.line_num, {k: (None if v == "" else v) for k, v in row.items()}
        elif suffix in (".jsonl", ".ndjson", ".json"):
            for number, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                try:
                    value = json.loads(text)
                except json.JSONDecodeError as error:
                    raise LoadError(number, f"is not valid JSON ({error.msg})") from None
                if not isinstance(value, dict):
                    raise LoadError(number, "must be a JSON object")
                yield number, value
        else:
            raise ValueError(f"{path}: give a .csv or .jsonl (JSON Lines) file")


def _validate(
    table: sa.Table, converters: dict[str, Convert], raw: dict[str, Any], line: int
) -> dict[str, Any]:
    unknown = set(raw) - set(converters)
    if unknown:
        raise LoadError(
            line, f"unknown column(s) {', '.join(sorted(unknown))} for table {table.name}"
        )
    row: dict[str, Any] = {}
    for column in table.columns:
        value = raw.get(column.name)
        if value is None:
            if not column.nullable:
                raise LoadError(line, f"column {column.name!r} needs a value")
            row[column.name] = None
            continue
        try:
            row[column.name] = converters[column.name](value)
        except (ValueError, TypeError) as error:
            raise LoadError(line, f"column {column.name!r}: {error}") from None
    return row


def _converter(column: sa.Column[Any]) -> Convert:
    type_ = column.type
    values = column.info.get("values")
    if isinstance(type_, UtcDateTime):
        return _datetime
    if column.name == "timezone":
        return _timezone
    if isinstance(type_, sa.Boolean):
        return _boolean
    if isinstance(type_, sa.Integer):
        return _integer
    if isinstance(type_, sa.Numeric | sa.Float):
        return _number
    if isinstance(type_, sa.String):
        return _string(type_.length, values.values if values else None)
    if isinstance(type_, sa.JSON):
        return _int_array if column.name in _ARRAY_COLUMNS else _json_object
    raise TypeError(f"no loader for column {column}")  # pragma: no cover - tested over all tables


_ARRAY_COLUMNS = frozenset(
    c.name
    for c in tables.members.columns
    if c.name in ("subunit_ids", "group_ids", "favorite_stores")
)


def _datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not an ISO 8601 timestamp")
    try:
        return as_utc(datetime.fromisoformat(value))
    except ValueError:
        raise ValueError(
            f"{value!r} is not an ISO 8601 timestamp (e.g. 2026-01-31T12:00:00Z)"
        ) from None


def _timezone(value: Any) -> str:
    zone(str(value))
    return str(value)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "t"):
        return True
    if text in ("false", "0", "no", "f"):
        return False
    raise ValueError(f"{value!r} is not a boolean (true/false)")


def _integer(value: Any) -> int:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(f"{value!r} is not an integer")
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an integer") from None
    if not INT_RANGE[0] <= number <= INT_RANGE[1]:
        raise ValueError(f"{number} is outside the 32-bit range GraphQL's Int can carry")
    return number


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None


def _string(length: int | None, allowed: tuple[str, ...] | None) -> Convert:
    def convert(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not text")
        if allowed is not None and value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
        if length is not None and len(value) > length:
            raise ValueError(f"is longer than {length} characters")
        return value

    return convert


def _parse_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ValueError(f"{value!r} is not valid JSON") from None
    return value


def _int_array(value: Any) -> list[int]:
    value = _parse_json(value)
    if not isinstance(value, list):
        raise ValueError("must be a JSON array of integers, e.g. [1, 2]")
    return [_integer(item) for item in value]


def _json_object(value: Any) -> dict[str, Any]:
    value = _parse_json(value)
    if not isinstance(value, dict):
        raise ValueError('must be a JSON object, e.g. {"key": "value"}')
    return value

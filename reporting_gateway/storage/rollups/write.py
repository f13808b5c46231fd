"""Deltas → rollup tables: an upsert per rollup and batch, inside the caller's transaction.

Counts and sums are added, earliest/latest times kept, a gauge keeps its newest reading,
all in the database (`ON CONFLICT DO UPDATE`, the same on SQLite and PostgreSQL), so events
arriving late, or into buckets that already hold data, keep every row exact. A `Distinct`
measure first offers its values to the set table; only the values the set did not hold yet
(`RETURNING` of `ON CONFLICT DO NOTHING`) raise the count.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from reporting_gateway.storage.rollups.aggregate import Delta
from reporting_gateway.storage.rollups.definitions import BY_NAME
from reporting_gateway.storage.rollups.model import (
    Count,
    Distinct,
    Earliest,
    LastValue,
    Latest,
    Rollup,
    Sum,
)
from reporting_gateway.storage.rollups.tables import SETS, TABLES

_INSERT: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def _later(new: ColumnElement[Any], old: ColumnElement[Any]) -> ColumnElement[bool]:
    return sa.and_(new.is_not(None), sa.or_(old.is_(None), new > old))


def _earlier(new: ColumnElement[Any], old: ColumnElement[Any]) -> ColumnElement[bool]:
    return sa.and_(new.is_not(None), sa.or_(old.is_(None), new < old))


@functools.lru_cache(maxsize=256)
def upsert(rollup_name: str, dialect: str) -> Any:
    rollup, table = BY_NAME[rollup_name], TABLES[rollup_name]
    statement = _INSERT[dialect](table)
    new = statement.excluded
    merged: dict[str, Any] = {}
    for name, measure in rollup.measures.items():
        old = table.c[name]
        if isinstance(measure, Count | Sum | Distinct):
            merged[name] = old + new[name]
        elif isinstance(measure, Earliest):
            merged[name] = sa.case((_earlier(new[name], old), new[name]), else_=old)
        elif isinstance(measure, Latest):
            merged[name] = sa.case((_later(new[name], old), new[name]), else_=old)
        else:
            assert isinstance(measure, LastValue)
            at, new_at = table.c[f"{name}_at"], new[f"{name}_at"]
            merged[name] = sa.case((_later(new_at, at), new[name]), else_=old)
            merged[f"{name}_at"] = sa.case((_later(new_at, at), new_at), else_=at)
    return statement.on_conflict_do_update(index_elements=list(table.primary_key), set_=merged)


@functools.lru_cache(maxsize=256)
def learn(rollup_name: str, measure: str, dialect: str) -> Any:
    table = SETS[(rollup_name, measure)]
    return (
        _INSERT[dialect](table)
        .on_conflict_do_nothing(index_elements=list(table.primary_key))
        .returning(*table.columns)
    )


def _row(rollup: Rollup, values: list[Any]) -> list[Any]:
    """Measure slots → column values (a gauge's slot holds its reading and its time)."""
    out: list[Any] = []
    for measure, value in zip(rollup.measures.values(), values, strict=True):
        if isinstance(measure, LastValue):
            out += [None, None] if value is None else [value[1], value[0]]
        else:
            out.append(value)
    return out


async def write(connection: AsyncConnection, rollup: Rollup, delta: Delta) -> None:
    dialect = connection.dialect.name
    slots = list(rollup.measures)
    for name, members in delta.members.items():
        if not members:
            continue
        columns = [c.name for c in SETS[(rollup.name, name)].columns]
        result = await connection.execute(
            learn(rollup.name, name, dialect), [dict(zip(columns, m, strict=True)) for m in members]
        )
        slot = slots.index(name)
        for key, new in Counter(tuple(row)[:-1] for row in result).items():
            delta.rows[key][slot] += new
    if not delta.rows:
        return
    columns = [c.name for c in TABLES[rollup.name].columns]
    await connection.execute(
        upsert(rollup.name, dialect),
        [
            dict(zip(columns, (*key, *_row(rollup, values)), strict=True))
            for key, values in delta.rows.items()
        ],
    )

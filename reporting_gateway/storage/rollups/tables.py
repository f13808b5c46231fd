"""The rollup tables, generated from `definitions.py`.

`rollup_<name>` holds one row per customer, (grain, bucket start) and dimension values, with
one column per measure. A `Distinct` measure also has a set table `rollup_<name>__<measure>`
holding the different values themselves, so the count stays exact across loads.

A missing dimension value is stored as a sentinel (`NONE_INT`, `NONE_TEXT`) because key
columns cannot hold NULL; the query side turns it back into NULL (`sources.py`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from reporting_gateway.storage.metadata import metadata
from reporting_gateway.storage.rollups.definitions import ROLLUPS
from reporting_gateway.storage.rollups.model import (
    Count,
    Distinct,
    Earliest,
    LastValue,
    Latest,
    Rollup,
    Stream,
    Sum,
)
from reporting_gateway.storage.types import UtcDateTime

NONE_INT = -(2**53)  # outside the 32-bit range the loader allows for every integer column
NONE_TEXT = ""  # the loader reads an empty text as no value


def attribute_column(stream: Stream, name: str) -> sa.Column[Any] | None:
    """The fact or parent column an event attribute comes from (None for a constant)."""
    if name in stream.table.c:
        return stream.table.c[name]
    if stream.parent is not None and name in stream.parent.columns:
        return stream.parent.table.c[name]
    if name in stream.constants:
        return None
    raise ValueError(f"stream {stream.name} has no attribute {name!r}")


def _dimension(rollup: Rollup, name: str) -> sa.Column[Any]:
    columns = [attribute_column(stream, name) for stream in rollup.streams]
    found = [c for c in columns if c is not None]
    nullable = any(c.nullable for c in found)
    info = {"nullable": nullable}  # a missing value is stored as the sentinel
    if not found:  # a constant of every stream (a member change's `type`)
        return sa.Column(name, sa.String(16), primary_key=True, info=info)
    type_ = found[0].type
    if isinstance(type_, sa.Integer):
        kind = sa.BigInteger if nullable else sa.Integer
        return sa.Column(name, kind, primary_key=True, info=info)
    if not isinstance(type_, sa.String):
        raise TypeError(f"rollup {rollup.name}: a {type_} dimension ({name}) is not supported")
    length = max(c.type.length or 0 for c in found if isinstance(c.type, sa.String))
    return sa.Column(name, sa.String(length or None), primary_key=True, info=info)


def _measure(rollup: Rollup, name: str) -> list[sa.Column[Any]]:
    measure = rollup.measures[name]
    if isinstance(measure, Count | Sum | Distinct):
        return [sa.Column(name, sa.BigInteger, nullable=False, server_default="0")]
    if isinstance(measure, Earliest | Latest):
        return [sa.Column(name, UtcDateTime(), nullable=True)]
    assert isinstance(measure, LastValue)
    value = attribute_column(rollup.streams[0], measure.column)
    assert value is not None
    return [
        sa.Column(name, value.type, nullable=True),
        sa.Column(f"{name}_at", UtcDateTime(), nullable=True),
    ]


def _key(rollup: Rollup) -> list[sa.Column[Any]]:
    columns: list[sa.Column[Any]] = [sa.Column("customer_id", sa.Integer, primary_key=True)]
    if rollup.grains:
        columns.append(sa.Column("grain", sa.String(3), primary_key=True))
        columns.append(sa.Column("bucket_start", UtcDateTime(), primary_key=True))
    columns += [_dimension(rollup, name) for name in rollup.dims]
    return columns


def _rollup_table(rollup: Rollup) -> sa.Table:
    measures = [column for name in rollup.measures for column in _measure(rollup, name)]
    return sa.Table(
        f"rollup_{rollup.name}",
        metadata,
        *_key(rollup),
        *measures,
        comment=rollup.description,
        sqlite_with_rowid=False,
    )


def _set_table(rollup: Rollup, name: str, column: str) -> sa.Table:
    value = attribute_column(rollup.streams[0], column)
    assert value is not None
    return sa.Table(
        f"rollup_{rollup.name}__{name}",
        metadata,
        *_key(rollup),
        sa.Column(column, value.type, primary_key=True),
        comment=f"The different {column} values of {rollup.name} ({name}).",
        sqlite_with_rowid=False,
    )


TABLES: dict[str, sa.Table] = {rollup.name: _rollup_table(rollup) for rollup in ROLLUPS}
SETS: dict[tuple[str, str], sa.Table] = {
    (rollup.name, name): _set_table(rollup, name, column)
    for rollup in ROLLUPS
    for name, column in rollup.set_columns().items()
}

# What has been built from the facts: a rollup whose fingerprint differs from its
# definition's (a new rollup, or a changed one) is rebuilt by `migrate`.
rollup_state = sa.Table(
    "rollup_state",
    metadata,
    sa.Column("rollup", sa.String(64), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("built_at", UtcDateTime(), nullable=False),
)

ALL_TABLES: tuple[sa.Table, ...] = (*TABLES.values(), *SETS.values(), rollup_state)

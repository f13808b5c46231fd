"""A staged batch → every rollup it feeds, one set-based statement per rollup and grain.

    INSERT INTO rollup_x (customer_id, grain, bucket_start, dims…, measures…)
    SELECT customer_id, '1d', occurred_at__1d, dims…, count(*) FROM stage_sending_events
    WHERE <the stream's rows> GROUP BY … ON CONFLICT (key) DO UPDATE SET events = events + …

Counts and sums are added, earliest/latest times kept, a gauge keeps its newest reading,
all in the database and the same on SQLite and PostgreSQL, so events arriving late, or into
buckets that already hold data, keep every row exact. A `Distinct` measure first counts the
staged values its set does not hold yet, then adds them to the set. Missing dimension values
become the stored sentinel (`tables.py`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from reporting_gateway.catalog.model import Interval
from reporting_gateway.storage.dialect import LastBy
from reporting_gateway.storage.rollups.definitions import ROLLUPS
from reporting_gateway.storage.rollups.model import (
    GRAINS,
    Count,
    Distinct,
    Earliest,
    LastValue,
    Latest,
    Rollup,
    Stream,
    Sum,
)
from reporting_gateway.storage.rollups.stage import bucket_column, stage_of
from reporting_gateway.storage.rollups.tables import NONE_INT, NONE_TEXT, SETS, TABLES

Column = ColumnElement[Any]
INSERT: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
SINCE = "since"  # the bound parameter: the first instant a short-lived grain keeps
_SUMMARIES = sa.MetaData()


def _attribute(stream: Stream, name: str) -> Column:
    if name in stream.constants:
        return sa.literal(stream.constants[name], sa.String)
    stage = stage_of(stream.table)
    if name in stage.c:
        return stage.c[name]
    assert stream.weight == 0, f"stream {stream.name} lacks {name!r}"
    return sa.null()  # a stream that counts nothing has no measured values


def _rows(stream: Stream, grain: Interval | None, windowed: bool) -> list[ColumnElement[bool]]:
    """The staged rows the stream counts (and, for a short-lived grain, the recent ones)."""
    where: list[ColumnElement[bool]] = [sa.true()]  # SQLite: keeps ON CONFLICT unambiguous
    for name, values in stream.only.items():
        column = _attribute(stream, name)
        known = [v for v in values if v is not None]
        tests = [column.in_(known)] if known else []
        if None in values:
            tests.append(column.is_(None))
        where.append(sa.or_(*tests))
    where += [_attribute(stream, name).is_not(None) for name in stream.present]
    if windowed:
        assert stream.time is not None
        where.append(_attribute(stream, stream.time) >= sa.bindparam(SINCE))
    return where


def _key(rollup: Rollup, stream: Stream, grain: Interval | None) -> list[Column]:
    stage = stage_of(stream.table)
    table = TABLES[rollup.name]
    key: list[Column] = [stage.c.customer_id.label("customer_id")]
    if grain is not None:
        assert stream.time is not None
        key += [
            sa.literal(grain.value, sa.String).label("grain"),
            stage.c[bucket_column(stream.time, grain)].label("bucket_start"),
        ]
    for name in rollup.dims:
        value = _attribute(stream, name)
        if table.c[name].info.get("nullable"):
            missing = NONE_INT if isinstance(table.c[name].type, sa.Integer) else NONE_TEXT
            value = sa.func.coalesce(value, missing)
        key.append(value.label(name))
    return key


def _measures(rollup: Rollup, stream: Stream) -> list[Column]:
    weight = stream.weight
    columns: list[Column] = []
    for name, measure in rollup.measures.items():
        if isinstance(measure, Count):
            if not weight:
                columns.append(sa.literal(0).label(name))
            elif measure.only:
                match = sa.and_(*(_attribute(stream, c).in_(v) for c, v in measure.only.items()))
                columns.append(sa.func.sum(sa.case((match, weight), else_=0)).label(name))
            else:
                columns.append((sa.func.count() * weight).label(name))
        elif isinstance(measure, Sum):
            unit = 10**measure.scale
            whole = sa.cast(sa.func.round(_attribute(stream, measure.column) * unit), sa.BigInteger)
            columns.append((sa.func.sum(whole) * weight).label(name))
        elif isinstance(measure, Distinct):
            columns.append(sa.literal(0).label(name))  # counted from the set (`_distinct`)
        elif isinstance(measure, Earliest | Latest):
            aggregate = sa.func.min if isinstance(measure, Earliest) else sa.func.max
            value = aggregate(_attribute(stream, measure.column)) if weight else sa.null()
            columns.append(value.label(name))
        else:
            assert isinstance(measure, LastValue)
            time = _attribute(stream, measure.time)
            reading = LastBy(_attribute(stream, measure.column), time)
            columns += [reading.label(name), sa.func.max(time).label(f"{name}_at")]
    return columns


def merged(rollup: Rollup, table: sa.Table, new: Any) -> dict[str, Any]:
    """Each measure column after adding a new row's values to a stored one."""
    found: dict[str, Any] = {}
    for name, measure in rollup.measures.items():
        old = table.c[name]
        if isinstance(measure, Count | Sum | Distinct):
            found[name] = old + new[name]
        elif isinstance(measure, Earliest):
            found[name] = sa.case((_earlier(new[name], old), new[name]), else_=old)
        elif isinstance(measure, Latest):
            found[name] = sa.case((_later(new[name], old), new[name]), else_=old)
        else:
            assert isinstance(measure, LastValue)
            at, new_at = table.c[f"{name}_at"], new[f"{name}_at"]
            found[name] = sa.case((_later(new_at, at), new[name]), else_=old)
            found[f"{name}_at"] = sa.case((_later(new_at, at), new_at), else_=at)
    return found


def _later(new: Column, old: Column) -> ColumnElement[bool]:
    return sa.and_(new.is_not(None), sa.or_(old.is_(None), new > old))


def _earlier(new: Column, old: Column) -> ColumnElement[bool]:
    return sa.and_(new.is_not(None), sa.or_(old.is_(None), new < old))


@functools.lru_cache(maxsize=1024)
def statements(
    rollup: Rollup, stream: Stream, grain: Interval | None, windowed: bool, dialect: str
) -> tuple[Any, ...]:
    """What merges a staged batch of `stream` into `rollup` at `grain`, in order."""
    table = TABLES[rollup.name]
    key = _key(rollup, stream, grain)
    where = _rows(stream, grain, windowed)
    found: list[Any] = []
    if rollup.measures:
        grouped = (
            sa.select(*key, *_measures(rollup, stream))
            .select_from(stage_of(stream.table))
            .where(*where)
            .group_by(*key)
        )
        names = [c.name for c in grouped.selected_columns]
        insert = INSERT[dialect](table).from_select(names, grouped)
        found.append(
            insert.on_conflict_do_update(
                index_elements=list(table.primary_key),
                set_=merged(rollup, table, insert.excluded),
            )
        )
    if stream.weight:
        counted = rollup.distinct()
        for name, column in rollup.set_columns().items():
            found += _kept(rollup, name, column, name in counted, stream, key, where, dialect)
    return tuple(found)


def _kept(
    rollup: Rollup,
    name: str,
    column: str,
    counted: bool,
    stream: Stream,
    key: Sequence[Column],
    where: Sequence[ColumnElement[bool]],
    dialect: str,
) -> list[Any]:
    """Add the staged values to the set; for a `Distinct` measure (`counted`), first count
    the values the set lacks into the rollup.

    PostgreSQL does both in one statement (the set's insert `RETURNING` the new values, in a
    CTE): a planner that has not yet seen the set grow inside a long load would otherwise
    anti-join it by scanning. SQLite probes the set's key for each value, then inserts."""
    table, members = TABLES[rollup.name], SETS[(rollup.name, name)]
    value = _attribute(stream, column)
    pairs = (
        sa.select(*key, value.label(column))
        .select_from(stage_of(stream.table))
        .where(*where, value.is_not(None))
        .distinct()
        .subquery("pairs")
    )
    key_names = [c.name for c in members.columns if c.name != column]
    remember = (
        INSERT[dialect](members)
        .from_select([c.name for c in members.columns], sa.select(pairs).where(sa.true()))
        .on_conflict_do_nothing(index_elements=list(members.primary_key))
    )
    if not counted:
        return [remember]

    def count_new(new: sa.Select[Any]) -> Any:
        count = INSERT[dialect](table).from_select([*key_names, name], new)
        return count.on_conflict_do_update(
            index_elements=list(table.primary_key),
            set_={name: table.c[name] + count.excluded[name]},
        )

    if dialect == "postgresql":
        learned = remember.returning(*(members.c[k] for k in key_names)).cte("learned")
        keys = [learned.c[k] for k in key_names]
        return [count_new(sa.select(*keys, sa.func.count()).group_by(*keys)).add_cte(learned)]
    keys = [pairs.c[k] for k in key_names]
    known = sa.exists().where(*(members.c[c.name] == pairs.c[c.name] for c in members.columns))
    new = sa.select(*keys, sa.func.count().label(name)).where(~known).group_by(*keys)
    return [count_new(new), remember]


# ------------------------------------------------------------------ summaries of a batch
def summarized(rollup: Rollup) -> bool:
    """Whether a rollup is merged from its stream's summary: bucketed plain counts and sums
    (they add up from a finer grouping); the rest is merged from the staged rows."""
    return (
        bool(rollup.grains)
        and not rollup.set_columns()
        and all(
            isinstance(m, Sum) or (isinstance(m, Count) and not m.only)
            for m in rollup.measures.values()
        )
    )


def _summary_dims(stream: Stream) -> tuple[str, ...]:
    names = [d for r in ROLLUPS if stream in r.streams and summarized(r) for d in r.dims]
    return tuple(dict.fromkeys(names))


def _summary_sums(stream: Stream) -> dict[str, Sum]:
    """The sums the stream's summary keeps, by summary column: a column and its scale (two
    rollups summing one column at different scales each get theirs)."""
    return {
        _sum_column(m): m
        for r in ROLLUPS
        if stream in r.streams and summarized(r)
        for m in r.measures.values()
        if isinstance(m, Sum)
    }


def _sum_column(measure: Sum) -> str:
    return f"sum_{measure.column}_{measure.scale}"


@functools.cache
def summary_of(stream: Stream) -> sa.Table:
    """A batch's events of `stream` counted once per customer, 5-minute bucket (with its
    hour, day and month) and every value the summarized rollups keep: each of those rollups
    then groups this (much smaller) table instead of every staged row."""
    assert stream.time is not None
    stage = stage_of(stream.table)
    columns = [sa.Column("customer_id", sa.Integer)]
    for grain in GRAINS:
        name = bucket_column(stream.time, grain)
        columns.append(sa.Column(name, stage.c[name].type))
    for name in _summary_dims(stream):
        column = _attribute(stream, name)
        columns.append(sa.Column(name, column.type))
    columns.append(sa.Column("events", sa.BigInteger))
    columns += [sa.Column(name, sa.BigInteger) for name in _summary_sums(stream)]
    return sa.Table(
        f"summary_{stream.name}",
        _SUMMARIES,
        *columns,
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DELETE ROWS",
    )


@functools.lru_cache(maxsize=256)
def summarize(stream: Stream) -> Any:
    """Fill the stream's summary from the staged batch."""
    assert stream.time is not None
    stage, summary = stage_of(stream.table), summary_of(stream)
    buckets = [stage.c[bucket_column(stream.time, g)] for g in GRAINS]
    dims = [_attribute(stream, name).label(name) for name in _summary_dims(stream)]
    sums = [
        (sa.func.sum(sa.cast(sa.func.round(_attribute(stream, m.column) * 10**m.scale),
                             sa.BigInteger)) * stream.weight).label(name)
        for name, m in _summary_sums(stream).items()
    ]  # fmt: skip
    grouped = (
        sa.select(stage.c.customer_id, *buckets, *dims,
                  (sa.func.count() * stream.weight).label("events"), *sums)
        .where(*_rows(stream, None, windowed=False))
        .group_by(stage.c.customer_id, *buckets, *dims)
    )  # fmt: skip
    return summary.insert().from_select([c.name for c in grouped.selected_columns], grouped)


@functools.lru_cache(maxsize=1024)
def from_summary(
    rollup: Rollup, stream: Stream, grain: Interval, windowed: bool, dialect: str
) -> Any:
    """Merge a rollup at one grain from its stream's summary."""
    assert stream.time is not None
    table, summary = TABLES[rollup.name], summary_of(stream)
    bucket = summary.c[bucket_column(stream.time, grain)]
    dims = []
    for name in rollup.dims:
        value: Column = summary.c[name]
        if table.c[name].info.get("nullable"):
            missing = NONE_INT if isinstance(table.c[name].type, sa.Integer) else NONE_TEXT
            value = sa.func.coalesce(value, missing)
        dims.append(value.label(name))
    measures = []
    for name, measure in rollup.measures.items():
        assert isinstance(measure, Count | Sum)  # `summarized` admits no other measure
        column = summary.c["events" if isinstance(measure, Count) else _sum_column(measure)]
        measures.append(sa.func.sum(column).label(name))
    key = [summary.c.customer_id, sa.literal(grain.value, sa.String).label("grain"),
           bucket.label("bucket_start"), *dims]  # fmt: skip
    where: list[ColumnElement[bool]] = [sa.true()]
    if windowed:
        where.append(bucket >= sa.bindparam(SINCE))
    grouped = sa.select(*key, *measures).where(*where).group_by(*key)
    insert = INSERT[dialect](table).from_select([c.name for c in grouped.selected_columns], grouped)
    return insert.on_conflict_do_update(
        index_elements=list(table.primary_key), set_=merged(rollup, table, insert.excluded)
    )

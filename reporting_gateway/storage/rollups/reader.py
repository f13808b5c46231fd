"""Stored facts read back as stream rows, for `rollups rebuild` and `rollups check`.

Rows come per customer and per window of time, in pages that follow an index (the
customer, then the time or the key), joined to their parent as the loader joins them.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from reporting_gateway.storage.rollups.aggregate import Row, layout
from reporting_gateway.storage.rollups.model import Stream
from reporting_gateway.storage.rollups.stage import PARENTS

PAGE = 10_000


@functools.cache
def whole(table: sa.Table) -> Stream:
    """Every row of a fact table, joined to its parent: what a rebuild reads."""
    return Stream(f"all {table.name}", table, parent=PARENTS.get(table))


def _selectable(stream: Stream) -> tuple[Any, list[Any], list[ColumnElement[bool]]]:
    facts = stream.table
    columns: list[Any] = list(facts.columns)
    from_: Any = facts
    if stream.parent is not None:
        parent = stream.parent.table
        from_ = facts.join(
            parent,
            sa.and_(
                parent.c.customer_id == facts.c.customer_id,
                parent.c.id == facts.c[stream.parent.key],
            ),
        )
        columns += [parent.c[name] for name in stream.parent.columns]
    where: list[ColumnElement[bool]] = []
    for name, values in stream.only.items():
        known = [v for v in values if v is not None]
        tests = [facts.c[name].in_(known)] if known else []
        if None in values:
            tests.append(facts.c[name].is_(None))
        where.append(sa.or_(*tests))
    where += [facts.c[name].is_not(None) for name in stream.present]
    return from_, columns, where


async def time_range(
    connection: AsyncConnection, stream: Stream, customer: int
) -> tuple[datetime, datetime] | None:
    """The first and last event time of a customer's stream, or None without events."""
    assert stream.time is not None
    time = stream.table.c[stream.time]
    first, last = (
        await connection.execute(
            sa.select(sa.func.min(time), sa.func.max(time)).where(
                stream.table.c.customer_id == customer
            )
        )
    ).one()
    return None if first is None else (first, last)


async def read(
    connection: AsyncConnection,
    stream: Stream,
    customer: int,
    start: datetime | None = None,
    end: datetime | None = None,
) -> AsyncIterator[list[Row]]:
    """A customer's stream rows (with `start <= time < end` when given), a page at a time."""
    from_, columns, where = _selectable(stream)
    facts = stream.table
    (key,) = [c for c in facts.primary_key if c.name != "customer_id"]
    order = [key] if stream.time is None or stream.time == key.name else [facts.c[stream.time], key]
    where = [facts.c.customer_id == customer, *where]
    if start is not None:
        where.append(facts.c[stream.time] >= start)  # type: ignore[index]
    if end is not None:
        where.append(facts.c[stream.time] < end)  # type: ignore[index]
    positions = layout(stream)
    after: tuple[Any, ...] | None = None
    while True:
        page = sa.select(*columns).select_from(from_).where(*where)
        if after is not None:
            page = page.where(_after(order, after))
        result = await connection.execute(page.order_by(*order).limit(PAGE))
        rows: list[Row] = [tuple(row) for row in result]
        if not rows:
            return
        yield rows
        if len(rows) < PAGE:
            return
        last = rows[-1]
        after = tuple(last[positions[column.name]] for column in order)


def _after(order: list[Any], values: tuple[Any, ...]) -> ColumnElement[bool]:
    """`(a, b) > (x, y)` written out, so SQLite keeps using the index on `a`."""
    if len(order) == 1:
        return order[0] > values[0]  # type: ignore[no-any-return]
    first, second = order
    return sa.or_(first > values[0], sa.and_(first == values[0], second > values[1]))

"""UtcDateTime reads back what was written, on SQLite through its fast path: aware UTC
datetimes from SQLAlchemy's stored text, and from any other text SQLite's parser takes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from reporting_gateway.storage.types import UtcDateTime, sqlite_datetime_text


def read(text: str | None) -> datetime | None:
    dialect = sqlite.dialect()
    process = UtcDateTime().dialect_impl(dialect).result_processor(dialect, None)
    assert process is not None
    return process(text)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "instant",
    [
        datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # microseconds 0: stored as .000000
        datetime(2026, 10, 25, 2, 30, tzinfo=timezone(timedelta(hours=2))),
    ],
)
def test_stored_text_reads_back_as_the_same_aware_utc_instant(instant: datetime) -> None:
    value = read(sqlite_datetime_text(instant))
    assert value == instant and value is not None and value.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-31 23:59:59", datetime(2026, 10, 31, 23, 59, 59, tzinfo=UTC)),
        ("2026-10-31", datetime(2026, 10, 31, tzinfo=UTC)),  # no time: SQLAlchemy's parser
        (None, None),
    ],
)
def test_other_texts_sqlite_may_hold(text: str | None, expected: datetime | None) -> None:
    value = read(text)
    assert value == expected and (value is None or value.tzinfo is UTC)


async def test_a_round_trip_through_sqlite() -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine("sqlite+aiosqlite://")
    table = sa.Table("t", sa.MetaData(), sa.Column("at", UtcDateTime()))
    instant = datetime(2026, 11, 5, 12, 0, 0, 1, tzinfo=UTC)
    async with engine.begin() as connection:
        await connection.run_sync(table.metadata.create_all)
        await connection.execute(table.insert(), [{"at": instant}, {"at": None}])
        values = (await connection.execute(sa.select(table.c.at))).scalars().all()
    await engine.dispose()
    assert values == [instant, None] and values[0].tzinfo is UTC


async def test_an_amount_is_a_float_even_when_sqlite_keeps_an_integer() -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    from reporting_gateway.storage.types import Amount

    engine = create_async_engine("sqlite+aiosqlite://")
    table = sa.Table("m", sa.MetaData(), sa.Column("amount", Amount()))
    async with engine.begin() as connection:
        await connection.run_sync(table.metadata.create_all)
        await connection.execute(
            table.insert(), [{"amount": 154.0}, {"amount": 2.5}, {"amount": None}]
        )
        stored = (await connection.exec_driver_sql("SELECT typeof(amount) FROM m")).scalars().all()
        values = (await connection.execute(sa.select(table.c.amount))).scalars().all()
    await engine.dispose()
    assert stored[0] == "integer"  # NUMERIC affinity
    assert values == [154.0, 2.5, None] and type(values[0]) is float

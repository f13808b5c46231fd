"""The database's text of an instant is isoformat()'s, on both backends, for every shape of
value: microseconds or none, the first and last instants of a day, NULL."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.storage.statements.instants import iso_instant
from reporting_gateway.storage.types import UtcDateTime

INSTANTS = [
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 0, 0, 1, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, 100000, tzinfo=UTC),
    None,
]


async def test_iso_instant_is_isoformat(empty_engine: AsyncEngine) -> None:
    instants = sa.Table("instants_probe", sa.MetaData(), sa.Column("n", sa.Integer),
                        sa.Column("at", UtcDateTime()))  # fmt: skip
    async with empty_engine.begin() as connection:
        await connection.run_sync(instants.metadata.create_all)
        rows = [{"n": n, "at": v} for n, v in enumerate(INSTANTS)]
        await connection.execute(instants.insert(), rows)
    async with empty_engine.connect() as connection:
        result = await connection.execute(
            sa.select(iso_instant(instants.c.at)).order_by(instants.c.n)
        )
        texts = result.scalars().all()
    assert texts == [v.isoformat() if v is not None else None for v in INSTANTS]

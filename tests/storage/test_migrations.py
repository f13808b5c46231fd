"""The alembic migrations create exactly the tables of `storage/facts`, `storage/state` and `storage/rollups`, on both backends."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.storage.metadata import every_table
from reporting_gateway.storage.migrate import is_current, migrate


async def test_migrated_schema_equals_the_table_definitions(empty_engine: AsyncEngine) -> None:
    async with empty_engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), every_table()
            )
        )
    assert differences == []


async def schema_of(engine: AsyncEngine) -> dict[str, tuple[Any, ...]]:
    """Every table's columns and indexes, as the database reports them."""

    def read(sync: Any) -> dict[str, tuple[Any, ...]]:
        inspector = sa.inspect(sync)
        return {
            table: (
                tuple(
                    (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
                ),
                tuple(
                    sorted(
                        (i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table)
                    )
                ),
            )
            for table in inspector.get_table_names()
        }

    async with engine.connect() as connection:
        return await connection.run_sync(read)


async def test_migrating_twice_changes_nothing(empty_engine: AsyncEngine) -> None:
    before = await schema_of(empty_engine)
    await migrate(empty_engine)
    await migrate(empty_engine)
    assert await schema_of(empty_engine) == before
    assert set(before) >= {t.name for t in every_table().sorted_tables}
    assert await is_current(empty_engine)

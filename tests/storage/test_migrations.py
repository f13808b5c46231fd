"""The alembic migrations create exactly the tables of `storage/facts`, `storage/state` and `storage/rollups`, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.storage.metadata import every_table
from reporting_gateway.storage.migrate import migrate


async def test_migrated_schema_equals_the_table_definitions(empty_engine: AsyncEngine) -> None:
    async with empty_engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), every_table()
            )
        )
    assert differences == []


async def test_migrating_twice_changes_nothing(empty_engine: AsyncEngine) -> None:
    await migrate(empty_engine)
    await migrate(empty_engine)

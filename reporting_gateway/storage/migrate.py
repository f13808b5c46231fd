"""Schema migrations (alembic), run on both backends from the gateway itself."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.storage.rollups.rebuild import rebuild_stale
from reporting_gateway.storage.types import utc_now

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine, revision: str = "head") -> list[str]:
    """Bring the database schema to `revision` (idempotent), then build the rollups that
    this store has not built yet (new ones, or changed definitions) from its facts; returns
    their names."""
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))
    if revision != "head":
        return []
    return [rollup.name for rollup in await rebuild_stale(engine, utc_now())]


async def is_current(engine: AsyncEngine) -> bool:
    """Whether the database is at this version's newest migration."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    async with engine.connect() as connection:
        current = await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_heads()
        )
        heads = ScriptDirectory.from_config(alembic_config(None)).get_heads()
    return set(current) == set(heads)


async def new_revision(engine: AsyncEngine, message: str) -> None:
    """Developer helper: autogenerate a migration from the difference to `every_table()`."""
    async with engine.begin() as connection:
        await connection.run_sync(
            lambda sync: command.revision(alembic_config(sync), message=message, autogenerate=True)
        )

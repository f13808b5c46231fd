"""The engine's pool on PostgreSQL: reads without transaction round trips, and connections
that died while idle replaced before a statement runs."""

from __future__ import annotations

import asyncpg
import pytest
import sqlalchemy as sa

from reporting_gateway.storage import engine as engines
from reporting_gateway.storage.store import Store
from tests.conftest import POSTGRES_URL


@pytest.fixture
def pg_store(store: Store, backend: str) -> Store:
    if backend != "postgresql":
        pytest.skip("about PostgreSQL's pool (SQLite has no server to lose)")
    return store


async def _outside(statement: str, *arguments: object) -> object:
    """Run a statement on a connection of its own, outside the store's pool."""
    connection = await asyncpg.connect(
        POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
    )
    try:
        return await connection.fetchval(statement, *arguments)
    finally:
        await connection.close()


async def test_reads_leave_no_transaction_open(pg_store: Store) -> None:
    """No BEGIN before a read and no ROLLBACK after it: between statements the server sees
    the connection idle, not idle in a transaction."""
    async with pg_store.connection() as connection:
        pid = (await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()
        state = await _outside("SELECT state FROM pg_stat_activity WHERE pid = $1", pid)
        assert state == "idle"


async def test_a_connection_killed_while_idle_is_replaced(
    pg_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engines, "PING_AFTER_IDLE_SECONDS", 0.0)
    async with pg_store.connection() as connection:
        pid = (await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()
    assert await _outside("SELECT pg_terminate_backend($1)", pid) is True
    async with pg_store.connection() as connection:  # the dead one is pinged, and replaced
        found = await connection.execute(sa.text("SELECT pg_backend_pid()"))
        assert found.scalar_one() != pid

"""The engine's pool on PostgreSQL: reads without transaction round trips, connections that
died while idle replaced before a statement runs, and a read that met a dead one repeated."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting_gateway.catalog import CATALOG
from reporting_gateway.query import RecordsQuery
from reporting_gateway.storage import engine as engines
from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.store import Store
from tests.conftest import POSTGRES_URL, TEST_SECRET, Database
from tests.helpers import eventually, scope


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


@pytest.fixture
async def one_connection(backend: str, tmp_path: Path) -> AsyncIterator[Store]:
    """A migrated store whose pool holds a single connection, so the test knows which one
    the next read gets."""
    if backend != "postgresql":
        pytest.skip("about PostgreSQL's pool (SQLite has no server to lose)")
    database = Database(backend, tmp_path)
    await (await database.create()).dispose()  # migrated; the test's engine is below
    engine = engines.create_engine(
        POSTGRES_URL,
        pool_size=1,
        max_overflow=0,
        connect_args={"server_settings": {"search_path": database.schema}},
    )
    store = Store(engine, CursorSigner(TEST_SECRET.encode()), customer_cache_seconds=0)
    yield store
    await store.close()
    await database.drop()


async def _kill_pooled_connection(store: Store) -> int:
    async with store.connection() as connection:
        pid = int((await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one())
    assert await _outside("SELECT pg_terminate_backend($1)", pid) is True
    return pid


async def _pid(store: Store) -> int:
    async def read(connection: AsyncConnection) -> int:
        return int((await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one())

    return await store.read(read)


async def test_a_connection_killed_while_idle_is_pinged_and_replaced(
    one_connection: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engines, "PING_AFTER_IDLE_SECONDS", 0.0)
    killed = await _kill_pooled_connection(one_connection)
    async with one_connection.connection() as connection:  # replaced before any statement
        found = await connection.execute(sa.text("SELECT pg_backend_pid()"))
        assert found.scalar_one() != killed


async def test_a_read_on_a_connection_killed_since_its_last_use_is_repeated(
    one_connection: Store,
) -> None:
    """Within the no-ping window the dead connection is handed out; the read fails on it,
    and is run again on a fresh one: the caller sees an answer, not an error."""
    killed = await _kill_pooled_connection(one_connection)
    assert await _pid(one_connection) != killed
    killed = await _kill_pooled_connection(one_connection)
    assert await one_connection.customers() == ()


@pytest.mark.parametrize("read_before", [False, True], ids=["new statement", "kept statement"])
async def test_a_records_page_on_a_connection_killed_since_its_last_use_is_repeated(
    one_connection: Store, read_before: bool
) -> None:
    """A records page is read on the driver itself (`storage/direct.py`): a lost connection
    still goes back to SQLAlchemy, which replaces it, and the read is repeated."""
    query = RecordsQuery(CATALOG["transactions"], scope(101), first=5)
    if read_before:
        await one_connection.records(query)
    killed = await _kill_pooled_connection(one_connection)
    page = await one_connection.records(query)
    assert page.rows == [] and not page.has_next_page
    assert await _pid(one_connection) != killed


async def test_a_write_is_never_repeated(one_connection: Store) -> None:
    """Only reads are repeated: a statement that may have changed something fails."""
    await _kill_pooled_connection(one_connection)
    with pytest.raises(sa.exc.DBAPIError) as raised:
        async with one_connection.engine.begin() as connection:
            await connection.execute(sa.text("SELECT 1"))
    assert raised.value.connection_invalidated


async def test_a_lost_connection_is_not_repeated_inside_a_snapshot(one_connection: Store) -> None:
    """A snapshot is one transaction: repeating one read of it on another connection would
    mix two states, so the loss surfaces (an export resumes from its checkpoint)."""

    async def export_like() -> None:
        async with one_connection.snapshot():
            pid = await _pid(one_connection)
            assert await _outside("SELECT pg_terminate_backend($1)", pid) is True
            await _pid(one_connection)

    with pytest.raises(sa.exc.DBAPIError) as raised:
        await export_like()
    assert raised.value.connection_invalidated


async def test_a_statement_whose_client_vanished_stops(one_connection: Store) -> None:
    """When the connection is closed before the cancel request reaches the server, the
    server notices the vanished client and stops the statement (no runaway queries)."""
    endless = "SELECT count(*) FROM generate_series(1, 1000000000002)"
    connection = await one_connection.engine.connect()
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    pid = driver.get_server_pid()
    running = asyncio.ensure_future(driver.fetchval(endless))
    await asyncio.sleep(0.3)
    driver.terminate()  # gone without a cancel request
    with pytest.raises(asyncpg.exceptions.ConnectionDoesNotExistError):
        await running
    await connection.invalidate()
    await connection.close()

    async def stopped() -> bool:
        return not await _outside("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid)

    assert await eventually(stopped)

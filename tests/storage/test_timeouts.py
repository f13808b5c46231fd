"""A request's time limit stops its database work, not only the wait for it."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from reporting_gateway.storage.store import Store
from tests.conftest import serve
from tests.helpers import eventually, graphql

# Runs for ever unless stopped: counts without end.
ENDLESS = {
    "sqlite": "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n",
    "postgresql": "SELECT count(*) FROM generate_series(1, 1000000000000)",
}


async def test_a_cancelled_statement_is_stopped_in_the_database(store: Store, backend: str) -> None:
    with pytest.raises(TimeoutError), store.deadline(0.3):
        async with asyncio.timeout(0.3), store.connection() as connection:
            await connection.execute(sa.text(ENDLESS[backend]))

    # The connection went back to the pool; had the statement kept running, the next one on a
    # single-connection SQLite worker (or PostgreSQL's backend) would wait behind it for ever.
    # The guard below is a liveness bound for a broken implementation, not a speed assertion.
    async def next_statement() -> int:
        async with store.connection() as connection:
            return int((await connection.execute(sa.text("SELECT 1"))).scalar_one())

    assert await asyncio.wait_for(next_statement(), timeout=60) == 1
    if backend == "postgresql":
        # The cancel request stops it at once, or the server's check for a vanished client
        # within a second (`engine.py`).
        assert await eventually(lambda: _nobody_runs(store, ENDLESS[backend]))


async def _nobody_runs(store: Store, text: str) -> bool:
    pattern = "%" + text.split("FROM ", 1)[1] + "%"
    running = sa.text(
        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE :pattern"
        " AND pid <> pg_backend_pid()"
    )
    async with store.connection() as connection:
        return (await connection.execute(running, {"pattern": pattern})).scalar_one() == 0


async def test_an_operation_over_its_time_limit_is_a_timeout(store: Store, token: str) -> None:
    async with serve(store, token, request_timeout_seconds=1e-9) as http:
        response = await graphql(http, "{ sendingsStats { series { value } } }")
    assert response.status_code == 504
    assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"

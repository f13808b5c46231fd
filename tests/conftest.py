"""Fixtures: a seeded store per backend (SQLite and PostgreSQL), and an HTTP client on it.

Every test that takes `store`, `client` or `empty_engine` runs once per backend. PostgreSQL
tests skip with the reason printed when no server answers, except in CI
(REPORTING_TEST_REQUIRE_SERVICES=1), where a missing server fails the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.catalog.registry import all_permits
from reporting_gateway.server import create_app
from reporting_gateway.settings import Settings
from reporting_gateway.storage.engine import create_engine, refresh_statistics
from reporting_gateway.storage.facts import tables
from reporting_gateway.storage.migrate import migrate
from reporting_gateway.storage.rollups.maintain import Maintainer, as_rows
from reporting_gateway.storage.state.credentials import Credentials
from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.store import Store
from tests.factories import NOW, ROWS

POSTGRES_URL = os.environ.get(
    "REPORTING_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REQUIRE_SERVICES = os.environ.get("REPORTING_TEST_REQUIRE_SERVICES") == "1"
REDIS_URL = os.environ.get("REPORTING_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TEST_SECRET = "test-signing-key-0123456789abcdef"
BACKENDS = ["sqlite", "postgresql"]


def require_or_skip(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REPORTING_TEST_REQUIRE_SERVICES=1: services must run in CI)")
    pytest.skip(reason)


_postgres_checked: dict[str, str | None] = {}


async def _postgres_unavailable() -> str | None:
    if "result" not in _postgres_checked:
        try:
            dsn = POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
            connection = await asyncio.wait_for(asyncpg.connect(dsn), timeout=3)
            await connection.close()
            _postgres_checked["result"] = None
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            _postgres_checked["result"] = f"PostgreSQL at {POSTGRES_URL} is not reachable: {error}"
    return _postgres_checked["result"]


@pytest.fixture
async def redis_url() -> str:
    """A reachable Redis (database 15), or a skip saying why (a failure in CI)."""
    from redis.asyncio import Redis
    from redis.exceptions import RedisError

    client = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        await client.ping()
    except (RedisError, OSError) as error:
        require_or_skip(f"Redis at {REDIS_URL} is not reachable: {error}")
    finally:
        await client.aclose()
    return REDIS_URL


class Database:
    """A private database for tests: a SQLite file, or a PostgreSQL schema dropped afterwards."""

    def __init__(self, backend: str, directory: Path) -> None:
        self.backend = backend
        self.directory = directory
        self.schema = f"rg_test_{secrets.token_hex(4)}"

    @property
    def url(self) -> str:
        if self.backend == "sqlite":
            return f"sqlite+aiosqlite:///{self.directory / (self.schema + '.db')}"
        return POSTGRES_URL

    def engine(self) -> AsyncEngine:
        if self.backend == "sqlite":
            return create_engine(self.url)
        return create_engine(
            self.url, connect_args={"server_settings": {"search_path": self.schema}}
        )

    async def create(self) -> AsyncEngine:
        if self.backend == "postgresql":
            reason = await _postgres_unavailable()
            if reason:
                require_or_skip(reason)
            await self._admin(f'CREATE SCHEMA "{self.schema}"')
        engine = self.engine()
        await migrate(engine)
        return engine

    async def drop(self) -> None:
        if self.backend == "postgresql":
            await self._admin(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')

    async def _admin(self, statement: str) -> None:
        connection = await asyncpg.connect(
            POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
        )
        try:
            await connection.execute(statement)
        finally:
            await connection.close()


async def insert_rows(
    engine: AsyncEngine, rows: dict[str, list[dict[str, Any]]], now: datetime = NOW
) -> None:
    """Fact rows written as the loader writes them: with their rollups, in one transaction,
    at the tests' clock (what short-lived rollup grains keep depends on it)."""
    async with engine.begin() as connection:
        rollups = Maintainer(connection, now=now)
        for table in tables.FACT_TABLES:
            if rows.get(table.name):
                await connection.execute(table.insert(), rows[table.name])
                await rollups.add(table, as_rows(table, rows[table.name]))
    await refresh_statistics(engine, tables.FACT_TABLES)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
async def store(backend: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Store]:
    """The fixture rows of `tests/factories.py`, read-only, one store per backend."""
    database = Database(backend, tmp_path_factory.mktemp("store"))
    engine = await database.create()
    await insert_rows(engine, ROWS)
    store = Store(
        engine, CursorSigner(TEST_SECRET.encode()), customer_cache_seconds=60, clock=lambda: NOW
    )
    yield store
    await store.close()
    await database.drop()


@pytest.fixture
async def empty_engine(backend: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty database for tests that write."""
    database = Database(backend, tmp_path)
    engine = await database.create()
    yield engine
    await engine.dispose()
    await database.drop()


def make_settings(**overrides: Any) -> Settings:
    return Settings.isolated(**{"secret": TEST_SECRET, "env": "development", **overrides})


TEST_CUSTOMERS = [101, 102, 103, 104]  # every fixture customer but the canary


async def create_token(
    store: Store,
    *,
    permits: list[str] | None = None,
    customers: list[int] | None = TEST_CUSTOMERS,
    organization: str = "tests",
    name: str = "test",
) -> str:
    token, _ = await Credentials(store.engine).create(
        name=name,
        permits=all_permits() if permits is None else permits,
        customers=customers,
        organization=organization,
        now=NOW,
    )
    return token


@pytest.fixture(scope="session")
async def token(store: Store) -> str:
    """Every permit, every customer but the canary."""
    return await create_token(store)


@contextlib.asynccontextmanager
async def serve(
    store: Store, token: str | None = None, limiter: Any = None, **settings: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on an app over `store` with these settings (buckets are the app's own)."""
    app = create_app(
        make_settings(database_url=str(store.engine.url), **settings), store=store, limiter=limiter
    )
    # What Apollo Client 4 and urql send: refusals then carry their HTTP status (`api/media.py`).
    headers = {"Accept": "application/graphql-response+json, application/json;q=0.9"}
    if token:
        headers["X-Client-Authorization"] = token
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway", headers=headers
    ) as http:
        http.app = app  # type: ignore[attr-defined]  # tests drive the export worker by hand
        try:
            yield http
        finally:  # what the app's lifespan would close (httpx's transport does not run it)
            if limiter is None and app.state.gateway.limiter is not None:
                await app.state.gateway.limiter.close()
            if hasattr(app.state.persisted.store, "close"):
                await app.state.persisted.store.close()


@pytest.fixture(scope="session")
async def client(store: Store, token: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app as clients see it, with a token that may read every fixture customer but the canary."""
    async with serve(store, token, rate_limit_capacity=10**9) as http:
        yield http


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`-m postgresql` selects (and `-m "not postgresql"` leaves out) every test that runs on
    the PostgreSQL backend: those taking `backend` (directly or through `store`, `client` or
    `empty_engine`) with it, and those that start PostgreSQL databases of their own."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("backend") == "postgresql"
        if on_postgres or "postgres" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgresql)

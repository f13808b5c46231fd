"""The environment of a benchmark run: the data set loaded (or reused), the gateway apps
with access checks on and off, a bare driver connection for the B side, Redis if it is up."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg
import httpx

from bench import data
from bench.figures import Setup
from reporting_gateway.catalog.registry import all_permits
from reporting_gateway.server import create_app
from reporting_gateway.settings import Settings
from reporting_gateway.storage.state.credentials import Credentials
from reporting_gateway.storage.store import create_store

OUT = Path(__file__).parent / "out"
SECRET = "bench-signing-key-0123456789abcdef"  # noqa: S105 - signs bench tokens only
POSTGRES = os.environ.get(
    "REPORTING_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REDIS = os.environ.get("REPORTING_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# Every PostgreSQL database the bench makes is named with this prefix, and only a database that
# carries the bench's own marker table is ever dropped (`data.drop_own`).
DATABASE_PREFIX = os.environ.get("REPORTING_BENCH_DB_PREFIX", "reporting_")


def database_name(*parts: object) -> str:
    return DATABASE_PREFIX + "_".join(str(p).replace(".", "_") for p in parts)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def asgi_client(app: Any, token: str) -> httpx.AsyncClient:
    """An HTTP client calling the ASGI app in this process: no sockets between A and B."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench",
                             headers={"X-Client-Authorization": token})  # fmt: skip


async def prepare(
    backend: str,
    scale: float,
    seed: int,
    workdir: Path,
    *,
    until: datetime = data.UNTIL,
    kind: str = "bench",
) -> tuple[str, str]:
    """(database URL for the gateway, database for the B side), loading the data if needed.
    Each `kind` of data set is a database of its own (named for it, never anyone else's)."""
    started = time.monotonic()
    if backend == "sqlite":
        path = workdir / f"{kind}-{scale:g}-{seed}.db"
        built = await data.load_sqlite(path, scale, seed, until)
        url, database = f"sqlite+aiosqlite:///{path}", str(path)
    else:
        name = database_name(kind, scale, seed)
        # The SQLite build of the same data set (made here if need be) lends its rollups.
        twin = workdir / f"{kind}-{scale:g}-{seed}.db"
        await data.load_sqlite(twin, scale, seed, until)
        built = await data.load_postgresql(POSTGRES, name, scale, seed, until, rollups_from=twin)
        database = POSTGRES.rsplit("/", 1)[0] + "/" + name
        url = "postgresql+asyncpg://" + database.removeprefix("postgresql://")
    log(f"{backend}: {kind} data at scale {scale:g} {'loaded' if built else 'reused'} in "
        f"{time.monotonic() - started:.0f} s")  # fmt: skip
    return url, database


@contextlib.asynccontextmanager
async def setup(
    backend: str, scale: float, seed: int, repeats: int, workdir: Path = OUT
) -> AsyncIterator[Setup]:
    url, database = await prepare(backend, scale, seed, workdir)
    settings = Settings.isolated(database_url=url, secret=SECRET, rate_limit_capacity=10**9,
                        exports=False, log_level="warning")  # fmt: skip
    async with contextlib.AsyncExitStack() as stack:
        store = create_store(settings)
        stack.push_async_callback(store.close)
        token, _ = await Credentials(store.engine).create(
            name="bench", permits=all_permits(), customers=None, organization="bench",
            now=store.clock(),
        )  # fmt: skip
        raw = await _driver_connection(backend, database)
        stack.push_async_callback(raw.close)
        on = asgi_client(create_app(settings, store=store), token)
        off = asgi_client(
            create_app(settings.model_copy(update={"auth": False}), store=store), token
        )
        for http in (on, off):
            stack.push_async_callback(http.aclose)
        env = {"REPORTING_DATABASE_URL": url, "REPORTING_SECRET": SECRET,
               "REPORTING_RATE_LIMIT_CAPACITY": str(10**9),
               "REPORTING_LOG_LEVEL": "warning"}  # fmt: skip
        extra = {"customers": await store.customers(), "env": env, "settings": settings}
        yield Setup(backend, store, token, on, off, raw, database, repeats, extra)


async def _driver_connection(backend: str, database: str) -> Any:
    """The B side's connection, with the pragmas the gateway's engine sets (storage/engine.py)."""
    if backend == "postgresql":
        return await asyncpg.connect(database)
    raw = await aiosqlite.connect(database)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "cache_size=-65536",
        "temp_store=MEMORY",
    ):
        await raw.execute(f"PRAGMA {pragma}")
    return raw


async def redis_app(main: Setup) -> tuple[httpx.AsyncClient | None, str]:
    from redis.asyncio import Redis

    probe = Redis.from_url(REDIS, socket_connect_timeout=2)
    try:
        await probe.ping()
    except Exception as error:
        return None, f"Redis at {REDIS}: {error}"
    finally:
        await probe.aclose()
    prefix = f"rg:bench:{secrets.token_hex(4)}:"
    settings = main.extra["settings"].model_copy(
        update={"redis_url": REDIS, "redis_key_prefix": prefix}
    )
    app = create_app(settings, store=main.store)
    return asgi_client(app, main.token), ""

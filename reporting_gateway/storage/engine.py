"""The async engine behind the store, from one URL: SQLite (aiosqlite) or PostgreSQL (asyncpg)."""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
T = TypeVar("T")


SQLITE_CACHE_KIB = 65536
CLIENT_CHECK_MILLISECONDS = 1000  # per connection: the working set of a report's indexes


def create_engine(
    url: str,
    *,
    statement_timeout: float | None = None,
    sqlite_cache_kib: int = SQLITE_CACHE_KIB,
    **options: Any,
) -> AsyncEngine:
    """An engine tuned for reporting reads; fails early on a URL it cannot serve."""
    parsed = sa.make_url(url)
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise ValueError(
            f"database URL {parsed.render_as_string(hide_password=True)!r} is not supported; "
            f"use one of {', '.join(d + '://' for d in SUPPORTED_DRIVERS)}"
        )
    if parsed.drivername.startswith("sqlite"):
        return _sqlite_engine(parsed, sqlite_cache_kib, **options)
    settings = options.setdefault("connect_args", {}).setdefault("server_settings", {})
    if statement_timeout:  # the database stops a statement even if this process is gone
        settings.setdefault("statement_timeout", str(int(statement_timeout * 1000)))
    # A cancelled read asks the server to stop its statement, but SQLAlchemy then closes the
    # connection, and a close that outruns the cancel request leaves the statement running
    # with nobody to read it. The server checks for a vanished client while it works, so such
    # a statement stops within this interval (PostgreSQL 14 or later).
    settings.setdefault("client_connection_check_interval", str(CLIENT_CHECK_MILLISECONDS))
    options.setdefault("pool_size", 10)
    options.setdefault("max_overflow", 10)
    engine = create_async_engine(parsed, **options)
    if not options.get("pool_pre_ping"):
        _ping_when_idle(engine)
    return engine


PING_AFTER_IDLE_SECONDS = 10.0


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Check a pooled connection before use only when it sat idle: a connection in steady use
    is known to be alive, and a ping is three round trips with asyncpg (BEGIN, `;`,
    ROLLBACK), more than the query it would guard. A dead one is replaced before any
    statement runs, as `pool_pre_ping` would (the pool retries the checkout)."""

    @sa.event.listens_for(engine.sync_engine, "checkin")
    def _returned(_: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @sa.event.listens_for(engine.sync_engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < PING_AFTER_IDLE_SECONDS:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise sa.exc.DisconnectionError(f"an idle connection died: {error}") from error
        if not alive:
            raise sa.exc.DisconnectionError("an idle connection died")


async def repeat_if_connection_lost(read: Callable[[], Awaitable[T]]) -> T:
    """A read, once more if the database connection under it was lost.

    A server restart, a failover or an idle timeout kills pooled connections while they
    wait, and the pool checks only those that sat idle (`_ping_when_idle`), so a read may
    meet a dead one. By then SQLAlchemy has invalidated every pooled connection older than
    the failure; a read changes nothing, so repeating it on a fresh connection is safe, and
    the client gets its answer instead of an error. Only for reads outside a transaction."""
    try:
        return await read()
    except sa.exc.DBAPIError as error:
        if not error.connection_invalidated:
            raise
    return await read()


def _sqlite_engine(url: sa.URL, cache_kib: int, **options: Any) -> AsyncEngine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, **options)

    @sa.event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets readers run while a loader writes; foreign keys keep tenants consistent.
        _ensure_math_functions(dbapi_connection, cursor)
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            "busy_timeout=5000",
            f"cache_size=-{int(cache_kib)}",
            "temp_store=MEMORY",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    _rollback_only_what_is_open(engine)
    return engine


def _rollback_only_what_is_open(engine: AsyncEngine) -> None:
    """SQLAlchemy rolls back at the end of every read, and for aiosqlite that is a round trip
    to the connection's thread (about a tenth of a millisecond of CPU) even when there is
    nothing to roll back: the sqlite3 module opens a transaction only for a write or an
    explicit BEGIN (a snapshot), and says so in `in_transaction`."""
    dialect = engine.sync_engine.dialect
    rollback = dialect.do_rollback

    def rollback_if_open(dbapi_connection: Any) -> None:
        if dialect.get_driver_connection(dbapi_connection).in_transaction:
            rollback(dbapi_connection)

    dialect.do_rollback = rollback_if_open  # type: ignore[method-assign]


_MATH = {
    "radians": math.radians,
    "sin": math.sin,
    "cos": math.cos,
    "asin": math.asin,
    "sqrt": math.sqrt,
}


def _ensure_math_functions(dbapi_connection: Any, cursor: Any) -> None:
    """Distances need SQLite's math functions; builds without them get the same ones in Python."""
    try:
        cursor.execute("SELECT asin(sqrt(sin(radians(1.0)) * cos(0.0)))")
    except Exception:
        for name, function in _MATH.items():
            dbapi_connection.create_function(name, 1, function, deterministic=True)


async def refresh_statistics(engine: AsyncEngine, tables: Iterable[sa.Table]) -> None:
    """Planner statistics for freshly loaded tables. Without them SQLite guesses, and may scan
    a covering (tenant, …) index over every row of a customer instead of a (tenant, time)
    range. Table names come from `tables.py`, never from a request."""
    async with engine.begin() as connection:
        quote = connection.dialect.identifier_preparer.quote
        for table in tables:
            await connection.exec_driver_sql(f"ANALYZE {quote(table.name)}")


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"

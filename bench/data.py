"""The benchmark data set: deterministic, bulk-generated, loaded once and reused.

Default scale 1: 4 customers in 3 timezones, 200k members, 2M sending events, 500k link
visits, 1M transactions. Rows are made as tuples and loaded with each database's fastest
path (executemany in one SQLite transaction, binary COPY into PostgreSQL), so `make bench`
spends its time measuring, not loading.
"""

from __future__ import annotations

import contextlib
import json
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import sqlalchemy as sa

from reporting_gateway.catalog import enums
from reporting_gateway.storage.engine import create_engine
from reporting_gateway.storage.facts import tables
from reporting_gateway.storage.ingest.demo_data import CUSTOMERS
from reporting_gateway.storage.migrate import migrate
from reporting_gateway.storage.rollups.definitions import ROLLUPS
from reporting_gateway.storage.rollups.rebuild import rebuild
from reporting_gateway.storage.rollups.tables import ALL_TABLES
from reporting_gateway.storage.types import sqlite_datetime_text, utc_now

# Two years up to today's midnight: the 5-minute and hourly buckets are within the API's
# retention, so one data set serves every figure (the history figure's larger store too).
UNTIL = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
SPAN_SECONDS = 730 * 86400
PER_CUSTOMER = {
    "members": 50_000,
    "sendings": 2_000,
    "sending_events": 500_000,
    "links": 5_000,
    "link_visits": 125_000,
    "transactions": 250_000,
}
VERSION = 4  # bump when the generator changes: cached databases are rebuilt


def sizes(scale: float) -> dict[str, int]:
    return {table: max(1, round(count * scale)) for table, count in PER_CUSTOMER.items()}


def _when(rng: random.Random, until: datetime) -> datetime:
    return until - timedelta(seconds=rng.random() ** 1.3 * SPAN_SECONDS)


Rows = Iterator[tuple[Any, ...]]
Batch = tuple[sa.Table, list[str], Rows]


def rows(scale: float, seed: int, until: datetime = UNTIL) -> Iterator[Batch]:
    """(table, columns, rows) for every table the figures read, customer after customer,
    over the two years before `until`."""
    n = sizes(scale)
    yield (
        tables.customers,
        _names("id name slug chain country timezone"),
        iter([(c.id, c.name, c.slug, c.chain, c.country, c.timezone) for c in CUSTOMERS]),
    )
    for index, customer in enumerate(CUSTOMERS):
        yield from _customer_rows(
            customer, (index + 1) * 100_000_000, n, random.Random(f"{seed}:{customer.id}"), until
        )


def _customer_rows(
    customer: Any, base: int, n: dict[str, int], rng: random.Random, until: datetime
) -> Iterator[Batch]:
    """One customer's rows; ids start at `base` so customers never share one."""

    def members() -> int:
        return base + rng.randrange(n["members"])

    yield (
        tables.members,
        MEMBER_COLUMNS,
        (_member(customer, base + i, rng, until) for i in range(n["members"])),
    )
    sending_ids = [base + i for i in range(n["sendings"])]
    columns = "customer_id id language channel service_type reporting_id source_app source_type"
    yield tables.sendings, _names(f"{columns} audience_id campaign_id created_at"), (
        (customer.id, sid, customer.language, rng.choice(enums.CHANNEL.values),
         rng.choice(enums.SERVICE_TYPE.values), 7000 + sid % 300, "campaigns", "campaign",
         sid % 40, 500 + sid % 60, _when(rng, until))
        for sid in sending_ids
    )  # fmt: skip
    types = enums.SENDING_EVENT_TYPE.values
    columns = "customer_id id sending_id member_id event_type occurred_at"
    yield tables.sending_events, _names(columns), (
        (customer.id, base + i, rng.choice(sending_ids), members(),
         types[rng.randrange(len(types))], _when(rng, until))
        for i in range(n["sending_events"])
    )  # fmt: skip
    yield tables.links, _names("customer_id id source_type source_id host path created_at"), (
        (customer.id, base + i, "sending", str(7000 + i % 300), customer.domain, f"/p{i % 20}",
         _when(rng, until))
        for i in range(n["links"])
    )  # fmt: skip
    yield tables.link_visits, _names("customer_id id link_id member_id is_bot visited_at"), (
        (customer.id, base + i, base + rng.randrange(n["links"]), members(), rng.random() < 0.1,
         _when(rng, until))
        for i in range(n["link_visits"])
    )  # fmt: skip
    columns = "customer_id id member_id place_id type amount currency points occurred_at"
    yield tables.transactions, _names(columns), (
        (customer.id, base + i, members(), i % 20, "purchase", round(rng.uniform(5, 400), 2),
         customer.currency, i % 50, _when(rng, until))
        for i in range(n["transactions"])
    )  # fmt: skip


def _names(columns: str) -> list[str]:
    return columns.split()


MEMBER_COLUMNS = _names(
    "customer_id id optin_channel optin_platform gender birth_year subunit_ids group_ids"
    " favorite_stores properties consents marketing_via_sms marketing_via_email marketing_via_push"
    " country created_at updated_at"
)


def _member(customer: Any, member_id: int, rng: random.Random, until: datetime) -> tuple[Any, ...]:
    joined = _when(rng, until)
    return (
        customer.id,
        member_id,
        rng.choice(("web", "app", "pos")),
        rng.choice(enums.OPTIN_PLATFORM.values),
        rng.choice(enums.GENDER.values),
        rng.randint(1940, 2012),
        [member_id % 10],
        [],
        [],
        {},
        {},
        member_id % 2 == 0,
        member_id % 3 == 0,
        False,
        customer.country,
        joined,
        joined,
    )


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return sqlite_datetime_text(value)
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


def _holds(path: Path, marker: str) -> bool:
    """True if the SQLite file `path` holds the data set of `marker` (left as it is)."""
    if not path.exists():
        return False
    with contextlib.closing(sqlite3.connect(path)) as existing:
        try:
            found = existing.execute("SELECT marker FROM bench_marker").fetchone()
            return bool(found == (marker,))
        except sqlite3.Error:
            return False


def _current_sqlite(path: Path, marker: str) -> bool:
    """True if `path` holds the data set of `marker`; otherwise removes what is there."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return False
    with sqlite3.connect(path) as existing:
        try:
            if existing.execute("SELECT marker FROM bench_marker").fetchone() == (marker,):
                return True
        except sqlite3.Error:
            pass
    path.unlink()
    return False


async def build_rollups(url: str) -> None:
    """The rows were written around the loader, so the rollups are built from them."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await rebuild(connection, ROLLUPS, utc_now())
    finally:
        await engine.dispose()


async def load_sqlite(path: Path, scale: float, seed: int, until: datetime = UNTIL) -> bool:
    """Create the database unless an identical one exists; True if it was built now."""
    marker = f"{VERSION}:{scale}:{seed}:{until.isoformat()}"
    if _current_sqlite(path, marker):
        return False
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await migrate(engine)
    await engine.dispose()
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("PRAGMA synchronous=OFF")
            for table, columns, values in rows(scale, seed, until):
                marks = ", ".join("?" for _ in columns)
                statement = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
                connection.executemany(
                    statement, ([_sqlite_value(v) for v in row] for row in values)
                )
    finally:
        connection.close()
    await build_rollups(f"sqlite+aiosqlite:///{path}")
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("CREATE TABLE bench_marker (marker TEXT)")
            connection.execute("INSERT INTO bench_marker VALUES (?)", (marker,))
            connection.execute("ANALYZE")
        # One transaction wrote every page to the WAL; fold it into the database file so the
        # measured reads do not start by checkpointing hundreds of megabytes.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return True


async def drop_own(server_dsn: str, database: str) -> None:
    """Drop `database` if it is one the bench made (it holds `bench_marker`); refuse to touch
    a database of that name that is someone else's. The server may be shared."""
    dsn = server_dsn.rsplit("/", 1)[0] + "/" + database
    try:
        existing = await asyncpg.connect(dsn)
    except asyncpg.InvalidCatalogNameError:
        return  # nothing there
    try:
        ours = await existing.fetchval("SELECT to_regclass('bench_marker') IS NOT NULL")
    finally:
        await existing.close()
    if not ours:
        raise RuntimeError(
            f"the database {database!r} exists and is not the bench's (no bench_marker): "
            "choose another REPORTING_BENCH_DB_PREFIX"
        )
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await admin.close()


async def create_own(server_dsn: str, database: str, marker: str) -> str:
    """A fresh database of the bench's (after dropping its old one), marked as ours from the
    start, so that an interrupted build is redone; its DSN."""
    await drop_own(server_dsn, database)
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{database}"')
    finally:
        await admin.close()
    dsn = server_dsn.rsplit("/", 1)[0] + "/" + database
    await mark_own(dsn, marker)
    return dsn


async def mark_own(dsn: str, marker: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute("CREATE TABLE IF NOT EXISTS bench_marker (marker TEXT)")
        await connection.execute("DELETE FROM bench_marker")
        await connection.execute("INSERT INTO bench_marker VALUES ($1)", marker)
    finally:
        await connection.close()


async def copy_rollups(twin: Path, dsn: str) -> None:
    """The rollups of the SQLite build of the same facts (same scale, seed and until), copied
    instead of rebuilt: `rebuild` merges every fact through Python, some fifteen minutes on
    PostgreSQL at scale 1, and both databases run the same maintenance over the same facts.
    Each table's row count is checked against the SQLite one."""
    source = create_engine(f"sqlite+aiosqlite:///{twin}")
    target = await asyncpg.connect(dsn)
    try:
        for table in ALL_TABLES:
            names = [column.name for column in table.columns]
            await target.execute(str(table.delete().compile()))  # migrate's rollup_state rows
            copied = 0
            async with source.connect() as connection:
                result = await connection.stream(sa.select(table))
                async for part in result.partitions(50_000):
                    await target.copy_records_to_table(
                        table.name, columns=names, records=[tuple(row) for row in part]
                    )
                    copied += len(part)
            count = await target.fetchval(_count_sql(table))
            if count != copied:
                raise RuntimeError(f"{table.name}: {count} rows copied of {copied}")
    finally:
        await target.close()
        await source.dispose()


def _count_sql(table: sa.Table) -> str:
    return str(sa.select(sa.func.count()).select_from(table).compile())


async def load_postgresql(
    server_dsn: str,
    database: str,
    scale: float,
    seed: int,
    until: datetime = UNTIL,
    rollups_from: Path | None = None,
) -> bool:
    """Create (or reuse) the benchmark database `database` on the server of `server_dsn`;
    `rollups_from` is the SQLite build of the same data set, whose rollups are copied."""
    marker = f"{VERSION}:{scale}:{seed}:{until.isoformat()}"
    dsn = server_dsn.rsplit("/", 1)[0] + "/" + database
    try:
        existing = await asyncpg.connect(dsn)
        try:
            if await existing.fetchval("SELECT marker FROM bench_marker") == marker:
                return False
        except asyncpg.PostgresError:
            pass
        finally:
            await existing.close()
    except asyncpg.InvalidCatalogNameError:
        pass
    await create_own(server_dsn, database, "building")
    engine = create_engine("postgresql+asyncpg://" + dsn.removeprefix("postgresql://"))
    await migrate(engine)
    await engine.dispose()
    connection = await asyncpg.connect(dsn)
    try:
        for table, columns, values in rows(scale, seed, until):
            objects = {c.name for c in table.columns if c.name in ("properties", "consents")}
            positions = [columns.index(c) for c in objects if c in columns]
            await connection.copy_records_to_table(
                table.name,
                columns=columns,
                records=(
                    tuple(json.dumps(v) if i in positions else v for i, v in enumerate(row))
                    for row in values
                ),
            )
        if rollups_from is not None and _holds(rollups_from, marker):
            await copy_rollups(rollups_from, dsn)
        else:
            await build_rollups("postgresql+asyncpg://" + dsn.removeprefix("postgresql://"))
        await connection.execute("UPDATE bench_marker SET marker = $1", marker)
        await connection.execute("VACUUM ANALYZE")  # index-only scans need the visibility map
    finally:
        await connection.close()
    return True

"""The storage API the resolvers call: a query value in, shaped rows out."""

from __future__ import annotations

import asyncio
import contextlib
import operator
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from reporting_gateway.catalog.model import Report
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.ops import tracing
from reporting_gateway.query import (
    Customer,
    FieldValuesQuery,
    RecordsQuery,
    ReportQuery,
    StatisticsQuery,
    TimeseriesQuery,
)
from reporting_gateway.settings import Settings
from reporting_gateway.storage.direct import DirectReads, row_type
from reporting_gateway.storage.engine import (
    SQLITE_CACHE_KIB,
    create_engine,
    repeat_if_connection_lost,
)
from reporting_gateway.storage.facts import tables
from reporting_gateway.storage.facts.sources import SOURCES
from reporting_gateway.storage.rollups.planner import (
    records_path,
    statistics_plan,
    timeseries_path,
    used_fields,
)
from reporting_gateway.storage.series import run_statistics, run_timeseries
from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.statements.field_values import select_range, select_values
from reporting_gateway.storage.statements.records import (
    PARENTS,
    TENANTS,
    PerRow,
    Statement,
    plan_records,
)
from reporting_gateway.storage.statements.timeseries import SeriesData
from reporting_gateway.storage.types import utc_now

Clock = Callable[[], datetime]
T = TypeVar("T")
INTERRUPT_GRACE = 0.05  # seconds after the deadline: the request's cancellation comes first
_deadline: ContextVar[float | None] = ContextVar("statement_deadline", default=None)
_snapshot: ContextVar[AsyncConnection | None] = ContextVar("snapshot_connection", default=None)


class Record(dict[str, Any]):
    """A row shaped in Python; attribute access so GraphQL's default resolver reads it."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class FoundValues:
    values: list[tuple[Any, int]] | None  # (value, rows) most frequent first; None: a range field
    cut: bool  # more values exist than were returned
    minimum: Any
    maximum: Any
    count: int  # rows with a value for the field


@dataclass(frozen=True)
class RecordsPage:
    rows: Sequence[Any]
    has_next_page: bool
    total_count: int | None
    cursor: Callable[[Any], str]  # the cursor that continues after a given row
    key: Callable[[Any], tuple[Any, ...]]  # the sort key of a row (what a cursor signs)


class Store:
    def __init__(
        self,
        engine: AsyncEngine,
        signer: CursorSigner,
        *,
        customer_cache_seconds: float = 10.0,
        clock: Clock = utc_now,
        rollups: bool = True,
    ) -> None:
        self.engine = engine
        # Reads run in autocommit on PostgreSQL: a read needs no BEGIN and ROLLBACK round trips
        # around it (each statement sees committed data either way: READ COMMITTED). Exports
        # take their one snapshot with `snapshot()`.
        self._reads = (
            engine.execution_options(isolation_level="AUTOCOMMIT")
            if engine.dialect.name == "postgresql"
            else engine
        )
        self._direct = DirectReads(engine.sync_engine)
        self.signer = signer
        self.clock = clock
        self.rollups = rollups  # False: every report reads the facts (for comparisons)
        self._customer_cache_seconds = customer_cache_seconds
        self._customers: tuple[Customer, ...] = ()
        self._customers_loaded_at = float("-inf")

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def close(self) -> None:
        await self.engine.dispose()

    @contextlib.contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Statements started in this context must end within `seconds` from now."""
        token = _deadline.set(asyncio.get_running_loop().time() + seconds)
        try:
            yield
        finally:
            _deadline.reset(token)

    @contextlib.asynccontextmanager
    async def snapshot(self) -> AsyncIterator[None]:
        """Every read in this context sees the same committed state: one read transaction
        (REPEATABLE READ on PostgreSQL, a WAL read snapshot on SQLite). Exports page with it."""
        async with self.engine.connect() as connection:
            if self.dialect == "postgresql":
                await connection.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            async with connection.begin():
                if self.dialect == "sqlite":
                    # The sqlite3 module begins a transaction only before a write: without
                    # this BEGIN every read would see what committed just before it.
                    await connection.exec_driver_sql("BEGIN")
                token = _snapshot.set(connection)
                try:
                    yield
                finally:
                    _snapshot.reset(token)

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        """A connection whose statements stop at the current deadline, in the database itself.

        PostgreSQL stops a statement when its awaiting task is cancelled (asyncpg cancels on
        the server; `statement_timeout` backs it up). SQLite's worker thread does not notice a
        cancelled await, and SQLAlchemy's cleanup then waits behind the running statement; so
        a watchdog interrupts SQLite shortly after the deadline, wherever the code is waiting.
        """
        shared = _snapshot.get()
        if shared is not None:
            yield shared
            return
        async with self._reads.connect() as connection:
            watchdog = await self._watchdog(connection)
            try:
                yield connection
            except (OperationalError, sqlite3.OperationalError) as error:
                if "interrupted" in str(getattr(error, "orig", error)):
                    raise GatewayError(
                        ErrorCode.TIMEOUT, "The operation ran out of time."
                    ) from None
                raise
            finally:
                if watchdog is not None:
                    watchdog.cancel()

    async def read(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Run a read on a pooled connection, repeated once on a fresh one if the first was
        lost (`engine.repeat_if_connection_lost`). Inside a snapshot the read belongs to one
        transaction and is never repeated on its own."""

        async def attempt() -> T:
            async with self.connection() as connection:
                return await work(connection)

        if _snapshot.get() is not None:
            return await attempt()
        return await repeat_if_connection_lost(attempt)

    async def _watchdog(self, connection: AsyncConnection) -> asyncio.TimerHandle | None:
        deadline = _deadline.get()
        if deadline is None or self.dialect != "sqlite":
            return None
        raw = (await connection.get_raw_connection()).driver_connection
        loop = asyncio.get_running_loop()
        return loop.call_at(deadline + INTERRUPT_GRACE, lambda: loop.create_task(raw.interrupt()))  # type: ignore[union-attr]

    async def customers(self) -> tuple[Customer, ...]:
        """Every customer in the store (cached briefly: X-Customer resolves against it)."""
        if time.monotonic() - self._customers_loaded_at > self._customer_cache_seconds:

            async def load(connection: AsyncConnection) -> tuple[Customer, ...]:
                statement = sa.select(tables.customers).order_by(tables.customers.c.id)
                result = await connection.execute(statement)
                return tuple(Customer(**row._mapping) for row in result)

            self._customers = await self.read(load)
            self._customers_loaded_at = time.monotonic()
        return self._customers

    def read_cursor(self, cursor: str, query: RecordsQuery) -> tuple[Any, ...]:
        """The sort key in a cursor, if it is one this gateway issued for this very query shape."""
        return tuple(self.signer.decode(cursor, query.report.name, query.scope.ids, query.shape))

    async def records(self, query: RecordsQuery) -> RecordsPage:
        report = query.report
        plan, params = plan_records(
            query, lambda: records_path(query, self.rollups).source, reads=self.rollups
        )
        source = plan.source

        async def rows_of(
            connection: AsyncConnection, statement: Statement
        ) -> tuple[tuple[str, ...], list[Any], bool]:
            """The rows, and whether they are named tuples already (read on the driver)."""
            if _snapshot.get() is None:
                found = await self._direct.rows(connection, statement, params)
                if found is not None:
                    return *found, True
            result = await connection.execute(statement, params)
            return tuple(result.keys()), list(result.fetchall()), False

        async def fetch(
            connection: AsyncConnection,
        ) -> tuple[tuple[str, ...], list[Any], bool, bool, int | None]:
            names, rows, named = await rows_of(connection, plan.page)
            if plan.rest is not None and len(rows) <= query.first:
                _, more, named_too = await rows_of(connection, plan.rest)
                rows += more[: query.first + 1 - len(rows)]
                named = named and named_too
            has_next_page = len(rows) > query.first
            del rows[query.first :]
            if plan.per_row is not None:
                names, rows = await _with_per_row(connection, plan.per_row, names, rows)
                named = False
            total = await _scalar(connection, plan.total_count, params)
            return names, rows, named, has_next_page, total

        with self._span(query):
            names, rows, named, has_next_page, total = await self.read(fetch)
        # An export reads its rows by position (Row and named tuple alike have `_fields`);
        # everything else reads attributes, at named-tuple speed.
        wants_names = not query.for_export or plan.per_row is not None
        if not named and (wants_names or source.shape_row is not None):
            named_row = row_type(names)
            rows = [tuple.__new__(named_row, row) for row in rows]
        wanted = query.fields is None or source.shaped_field in query.fields
        if source.shape_row is not None and wanted:
            rows = self._shape(rows, source.shape_row, query)

        labels = plan.key_labels
        read_key = operator.attrgetter(*labels) if len(labels) > 1 else None
        encode = self.signer.encoder(report.name, query.scope.ids, query.shape)

        def key(row: Any) -> tuple[Any, ...]:
            if read_key is None:
                return tuple(getattr(row, label) for label in labels)  # one label, or none
            return read_key(row)

        def cursor(row: Any) -> str:
            return encode(key(row))

        return RecordsPage(rows, has_next_page, total, cursor, key)

    async def timeseries(self, query: TimeseriesQuery) -> SeriesData:
        now = self.clock()
        with self._span(query):
            return await self.read(
                lambda connection: run_timeseries(connection, query, self.rollups, now)
            )

    def answered_from(self, query: ReportQuery) -> str:
        """What answers a query: the rollup the planner picks for it, or `facts`."""
        if isinstance(query, TimeseriesQuery):
            return timeseries_path(query, self.rollups).name
        if isinstance(query, StatisticsQuery):
            return statistics_plan(query, self.clock(), self.rollups).name
        return records_path(query, self.rollups).name

    def has_period(self, report: Report) -> bool:
        """Whether from/to can narrow this report: its rows have a time."""
        return SOURCES[report.name].time is not None

    async def field_values(self, query: FieldValuesQuery) -> FoundValues:
        used = used_fields(query.report, query.filter, query.field)
        source = SOURCES[query.report.name].narrowed(used)
        lists_values = query.report.field(query.field).lists_values

        async def fetch(connection: AsyncConnection) -> tuple[Any, Sequence[Any]]:
            summary = (await connection.execute(select_range(query, source))).one()
            if not lists_values:
                return summary, ()
            found = await connection.execute(select_values(query, source, self.dialect))
            return summary, found.all()

        summary, rows = await self.read(fetch)
        if not lists_values:
            return FoundValues(None, False, summary.minimum, summary.maximum, summary.rows)
        values = [(row.value, int(row.rows)) for row in rows[: query.first]]
        return FoundValues(values, len(rows) > query.first, None, None, summary.rows)

    async def statistics(self, query: StatisticsQuery) -> SeriesData:
        now = self.clock()
        with self._span(query):
            return await self.read(
                lambda connection: run_statistics(connection, query, self.rollups, now)
            )

    def _span(self, query: ReportQuery) -> Any:
        """The trace span of one report's database work (`ops/tracing.py`); what answers
        it is on the `execute` span (`resolvers/context.note_answer`), planned once."""
        return tracing.span(
            f"report {query.report.name}",
            **{
                "report.format": query.report.format.value,
                "report.customers": len(query.scope.customers),
                "db.system": self.dialect,
            },
        )

    def _shape(self, rows: list[Any], shape: Any, query: RecordsQuery) -> list[Any]:
        by_id = {customer.id: customer for customer in query.scope.customers}
        tenant = query.report.tenant_field
        now = self.clock()
        shaped = []
        for row in rows:
            record = Record(row._asdict())
            shape(record, by_id[record[tenant]], now)
            shaped.append(record)
        return shaped


async def _with_per_row(
    connection: AsyncConnection, per_row: PerRow, names: tuple[str, ...], rows: list[Any]
) -> tuple[tuple[str, ...], list[Any]]:
    """The page's rows with their aggregates appended (`missing` where a row has no facts)."""
    if not rows:
        return names + per_row.measures, rows
    tenant, parent = (names.index(name) for name in per_row.row_key)
    keys = {(row[tenant], row[parent]) for row in rows}
    found = await connection.execute(
        per_row.statement,
        {TENANTS: sorted({t for t, _ in keys}), PARENTS: sorted({p for _, p in keys})},
    )
    values = {(row[0], row[1]): row[2:] for row in found}
    missing = per_row.missing
    return names + per_row.measures, [
        (*row, *values.get((row[tenant], row[parent]), missing)) for row in rows
    ]


async def _scalar(
    connection: AsyncConnection, statement: Statement | None, params: dict[str, Any]
) -> int | None:
    if statement is None:
        return None
    return int((await connection.execute(statement, params)).scalar_one())


def create_store(settings: Settings, *, sqlite_cache_kib: int = SQLITE_CACHE_KIB) -> Store:
    """The store of the configured database. A one-pass reader (the export command) asks
    for a small SQLite page cache: it reads each page once, so a big cache only costs memory."""
    engine = create_engine(
        settings.database_url,
        statement_timeout=settings.request_timeout_seconds,
        sqlite_cache_kib=sqlite_cache_kib,
    )
    return Store(
        engine,
        CursorSigner(settings.signing_key()),
        customer_cache_seconds=settings.customer_cache_seconds,
        rollups=settings.rollups,
    )

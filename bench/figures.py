"""The in-process figures of `make bench`: the gateway (A) against a baseline (B), each pair
interleaved in one run. The figures that start processes are in `processes.py`."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import orjson
import sqlalchemy as sa

from bench.data import UNTIL
from bench.measure import Figure, Timing, interleaved, verdict
from reporting_gateway import timebuckets
from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Interval
from reporting_gateway.query import RecordsQuery, Scope, StatisticsQuery, TimeseriesQuery
from reporting_gateway.schema.naming import field_name
from reporting_gateway.storage.facts.sources import SOURCES
from reporting_gateway.storage.series import counter_statement, statistics_statements
from reporting_gateway.storage.statements.buckets import (
    bucket_parameters,
    bucket_rows,
)
from reporting_gateway.storage.statements.records import (
    PARENTS,
    TENANTS,
    Params,
    RecordsPlan,
    plan_records,
)
from reporting_gateway.storage.store import Store

ONE, OTHER_ZONE = 1000941, 1000943  # Europe/Warsaw and America/New_York


@dataclass
class Setup:
    backend: str
    store: Store
    token: str
    client: httpx.AsyncClient  # tokens, permits, cost, limits and the limiter on
    open_client: httpx.AsyncClient  # the same app with access checks off
    raw: Any  # a driver connection (aiosqlite or asyncpg) for the B side
    database: str  # SQLite path, or the PostgreSQL DSN
    repeats: int = 40
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def slow_repeats(self) -> int:
        """Samples of the figures that scan many rows."""
        return max(5, self.repeats // 5)

    def scope(self, *ids: int) -> Scope:
        return Scope(tuple(c for c in self.extra["customers"] if c.id in ids))


async def post(client: httpx.AsyncClient, query: str, customer: str = f"id={ONE}") -> bytes:
    response = await client.post(
        "/graphql", json={"query": query}, headers={"X-Customer": customer}
    )
    if response.status_code != 200 or b'"errors"' in response.content:
        raise RuntimeError(f"benchmark query failed: {response.text[:500]}")
    return response.content


def compile_raw(statement: Any, dialect: Any) -> tuple[str, list[Any]]:
    """SQL text and positional arguments, bind processors applied, as the driver gets them."""
    sql, keys, values = _expanded(statement, dialect)
    return sql, [values[key] for key in keys]


def _expanded(statement: Any, dialect: Any) -> tuple[str, list[str], dict[str, Any]]:
    """SQL text, the names of its positional parameters in order, and their processed values."""
    state = statement.compile(dialect=dialect).construct_expanded_state()
    processors = state.processors
    assert state.positiontup is not None
    values = {
        key: processors[key](value) if key in processors else value
        for key, value in state.parameters.items()
    }
    return state.statement, list(state.positiontup), values


async def _fetch(setup: Setup, sql: str, args: list[Any]) -> list[Any]:
    if setup.backend == "sqlite":
        cursor = await setup.raw.execute(sql, args)
        return list(await cursor.fetchall())
    return list(await setup.raw.fetch(sql, *args))


def driver(setup: Setup, statement: Any) -> Any:
    """B: the gateway's own statement run on the bare driver, rows encoded as JSON objects."""
    sql, args = compile_raw(statement, setup.store.engine.dialect)
    names = [str(name) for name in statement.selected_columns.keys()]  # noqa: SIM118 - not a dict

    async def run() -> bytes:
        rows = await _fetch(setup, sql, args)
        return orjson.dumps([dict(zip(names, row, strict=True)) for row in rows], default=str)

    return run


def bound_page(query: RecordsQuery) -> Any:
    """The page statement the gateway runs for `query` on its fact table, values bound."""
    plan, params = plan_records(query, SOURCES[query.report.name])
    return plan.page.params(params)


async def records_driver(setup: Setup, plan: RecordsPlan, params: Params, first: int) -> Any:
    """B for a records page: its statements on the bare driver (the page, then the per-row
    aggregates of its rows, as the gateway runs them), rows encoded as JSON objects."""
    dialect = setup.store.engine.dialect
    page = plan.page.params(params)
    page_sql, page_args = compile_raw(page, dialect)
    names = [str(name) for name in page.selected_columns.keys()]  # noqa: SIM118 - not a dict
    per_row = plan.per_row
    if per_row is None:
        return driver(setup, page)
    tenant, parent = (names.index(name) for name in per_row.row_key)

    def keys(rows: list[Any]) -> dict[str, list[Any]]:
        return {
            TENANTS: sorted({r[tenant] for r in rows}),
            PARENTS: sorted({r[parent] for r in rows}),
        }

    sample = (await _fetch(setup, page_sql, page_args))[:first]
    per_row_sql, positions, constants = _expanded(per_row.statement.params(keys(sample)), dialect)
    names += per_row.measures

    async def run() -> bytes:
        rows = (await _fetch(setup, page_sql, page_args))[:first]
        values = dict(constants)  # the page's keys replace the sample's: expanded as name_1, …
        for name, found in keys(rows).items():
            values.update((f"{name}_{i}", value) for i, value in enumerate(found, 1))
        aggregates = await _fetch(setup, per_row_sql, [values[key] for key in positions])
        per_key = {(r[0], r[1]): tuple(r[2:]) for r in aggregates}
        return orjson.dumps(
            [dict(zip(names, (*row, *per_key.get((row[tenant], row[parent]), per_row.missing)),
                      strict=True)) for row in rows],
            default=str,
        )  # fmt: skip

    return run


def against_sql(
    name: str,
    a: str,
    b: str,
    timings: tuple[Timing, Timing],
    ratio: float,
    extra_ms: float,
    *,
    both: bool = True,
) -> Figure:
    """The gateway against the same SQL. `both`: the ratio and A-B must each hold (a fast
    query, where the fixed cost is the point). Otherwise the target reads "≤ ratio (+ ≤ extra)":
    A may take `ratio` times B plus `extra_ms` (a slow query, where the ratio is the point and
    A-B of a half-second scan moves by tens of milliseconds between runs)."""
    ta, tb = timings
    value, extra = ta.median / tb.median, ta.median - tb.median
    if both:
        ok, target = value <= ratio and extra <= extra_ms, f"≤ {ratio:g} and A-B ≤ {extra_ms:g} ms"
    else:
        ok = ta.median <= ratio * tb.median + extra_ms
        target = f"A ≤ {ratio:g}·B + {extra_ms:g} ms"
    return Figure(name, a, b, ta, tb, value, target=target, verdict=verdict(ok),
                  note=f"A-B {extra:.2f} ms")  # fmt: skip


def nodes(report: str, first: int, fields: str, after: str | None = None) -> str:
    cursor = f', after: "{after}"' if after else ""
    return f"{{ {report}(first: {first}{cursor}) {{ nodes {{ {fields} }} }} }}"


SENDING_FIELDS = (
    "id loyaltyClubId language channel serviceType reportingId sourceId sourceApp sourceType"
    " audienceId campaignId dispatchesCount membersCount newCount deliveredCount openedCount"
    " failedCount createdAt"
)
EIGHT_FIELDS = "id loyaltyClubId memberId placeId type amount currency points"
SMALL = nodes("sendings", 10, "id channel createdAt")


async def records_page(setup: Setup) -> Figure:
    query = nodes("sendings", 100, SENDING_FIELDS)
    report = CATALOG["sendings"]
    fields = frozenset(
        f.name for f in report.fields if field_name(f.name) in SENDING_FIELDS.split()
    )
    records = RecordsQuery(report, setup.scope(ONE), first=100, fields=fields)
    plan, params = plan_records(records, SOURCES["sendings"])
    timings = await interleaved(
        functools.partial(post, setup.client, query),
        await records_driver(setup, plan, params, 100),
        warmup=10, repeats=setup.repeats,
    )  # fmt: skip
    return against_sql("records page", "sendings, 100 rows over HTTP",
                       "same SQL on the driver + JSON", timings, 2.0, 2.0)  # fmt: skip


async def per_row(setup: Setup) -> Figure:
    ta, tb = await interleaved(
        functools.partial(post, setup.client, nodes("transactions", 1000, EIGHT_FIELDS)),
        functools.partial(post, setup.client, nodes("transactions", 100, EIGHT_FIELDS)),
        warmup=10, repeats=setup.repeats,
    )  # fmt: skip
    micros = (ta.median - tb.median) * 1000 / 900
    report = CATALOG["transactions"]
    fields = frozenset(f.name for f in report.fields if field_name(f.name) in EIGHT_FIELDS.split())
    pages = [
        driver(setup, bound_page(RecordsQuery(report, setup.scope(ONE), first=first,
                                              fields=fields)))
        for first in (1000, 100)
    ]  # fmt: skip
    da, db = await interleaved(*pages, warmup=10, repeats=setup.repeats)
    bare = (da.median - db.median) * 1000 / 900
    note = (f"the same pages on the bare driver + JSON: {bare:.2f} µs/row; "
            f"the gateway's own share: {micros - bare:.2f} µs/row")  # fmt: skip
    return Figure("per-row cost", "1000-row page", "100-row page", ta, tb, micros, "µs/row",
                  "≤ 3 µs per extra row (8 scalar fields)", verdict(micros <= 3), note)  # fmt: skip


async def deep_page(setup: Setup) -> Figure:
    table = sa.table("transactions", sa.column("customer_id"), sa.column("id"))
    mine = sa.select(table.c.customer_id, table.c.id).where(table.c.customer_id == ONE)
    async with setup.store.connection() as connection:
        count = sa.select(sa.func.count()).select_from(mine.subquery())
        page = min(1000, (await connection.execute(count)).scalar_one() // 100)
        before = mine.order_by(table.c.customer_id, table.c.id).offset((page - 1) * 100 - 1)
        key = (await connection.execute(before.limit(1))).one()
    cursor = setup.store.signer.encode("transactions", (ONE,), "", list(key))
    ta, tb = await interleaved(
        functools.partial(post, setup.client, nodes("transactions", 100, EIGHT_FIELDS, cursor)),
        functools.partial(post, setup.client, nodes("transactions", 100, EIGHT_FIELDS)),
        warmup=10, repeats=setup.repeats,
    )  # fmt: skip
    ratio = ta.median / tb.median
    return Figure("deep page", f"page {page} via cursor", "page 1", ta, tb, ratio,
                  target="≤ 1.1", verdict=verdict(ratio <= 1.1))  # fmt: skip


async def statistics_figure(setup: Setup) -> Figure:
    query = (
        "{ sendingsStats(aggregateBy: CHANNEL) { series { label { eventType channel } value } } }"
    )
    report = CATALOG["sendings_stats"]
    stats = StatisticsQuery(report, setup.scope(ONE), {}, {}, None, report.aggregation("channel"))
    (statement,) = statistics_statements(stats, True, setup.store.clock())
    timings = await interleaved(
        functools.partial(post, setup.client, query), driver(setup, statement),
        warmup=2, repeats=setup.slow_repeats,
    )  # fmt: skip
    return against_sql("statistics", "sendingsStats by CHANNEL, all events",
                       "same GROUP BY on the driver", timings, 1.3, 1.0, both=False)  # fmt: skip


async def timeseries_figure(setup: Setup, customers: tuple[int, ...]) -> Figure:
    end = UNTIL.replace(tzinfo=None)
    start = end - timedelta(days=150)
    query = (
        f'{{ sendingsEventsHistory(from: "{start.isoformat()}", to: "{end.isoformat()}",'
        " interval: DAY) { timeBuckets series { label { loyaltyClubId eventType } values } } }"
    )
    report = CATALOG["sendings_events_history"]
    scope = setup.scope(*customers)
    plan = timebuckets.plan(offered=report.intervals, interval=Interval.DAY, start=start, end=end,
                            timezones=scope.timezones, now=setup.store.clock())  # fmt: skip
    statement = counter_statement(TimeseriesQuery(report, scope, plan), True, setup.backend)
    statement = statement.params(bucket_parameters(setup.backend, bucket_rows(plan, scope)))
    header = "id=" + "_".join(map(str, customers))
    timings = await interleaved(
        functools.partial(post, setup.client, query, header), driver(setup, statement),
        warmup=2, repeats=setup.slow_repeats,
    )  # fmt: skip
    label = "one customer" if len(customers) == 1 else "two timezones"
    return against_sql(f"timeseries, {label}", "sendingsEventsHistory 1d x 150 days",
                       "same bucketing SQL", timings, 1.3, 1.0, both=False)  # fmt: skip


async def access_overhead(setup: Setup) -> Figure:
    ta, tb = await interleaved(
        functools.partial(post, setup.client, SMALL),
        functools.partial(post, setup.open_client, SMALL),
        warmup=20, repeats=setup.repeats * 2,
    )  # fmt: skip
    ratio = ta.median / tb.median
    return Figure("access overhead", "tokens, permits, cost, limits, limiter on",
                  "the same with them off", ta, tb, ratio, target="≤ 1.10",
                  verdict=verdict(ratio <= 1.10))  # fmt: skip


async def limiter_backend(setup: Setup, redis_client: httpx.AsyncClient | None) -> Figure:
    if redis_client is None:
        return Figure("limiter backend", "Redis limiter", "in-process", verdict="SKIP",
                      note=setup.extra.get("redis_skip", "no Redis"))  # fmt: skip
    ta, tb = await interleaved(
        functools.partial(post, redis_client, SMALL),
        functools.partial(post, setup.client, SMALL),
        warmup=20, repeats=setup.repeats * 2,
    )  # fmt: skip
    return Figure("limiter backend", "Redis limiter", "in-process", ta, tb, ta.median / tb.median,
                  note=f"A-B {ta.median - tb.median:.2f} ms")  # fmt: skip


async def backends(setup: Setup, other: Setup | None) -> list[Figure]:
    queries = (
        ("records page", nodes("sendings", 100, SENDING_FIELDS), setup.repeats),
        ("statistics", "{ sendingsStats(aggregateBy: CHANNEL) { series { value } } }",
         setup.slow_repeats),
    )  # fmt: skip
    if other is None:
        return [Figure(f"backends: {name}", "PostgreSQL", "SQLite", verdict="SKIP",
                       note=setup.extra.get("pg_skip", "")) for name, _, _ in queries]  # fmt: skip
    postgres, sqlite = (setup, other) if setup.backend == "postgresql" else (other, setup)
    figures = []
    for name, query, repeats in queries:
        ta, tb = await interleaved(
            functools.partial(post, postgres.client, query),
            functools.partial(post, sqlite.client, query),
            warmup=3, repeats=repeats,
        )  # fmt: skip
        figures.append(
            Figure(f"backends: {name}", "PostgreSQL", "SQLite", ta, tb, ta.median / tb.median)
        )
    return figures

"""The figures measured through real servers over sockets, load from another process.

The gateway runs as `reporting-gateway serve` with default settings (logging on, one worker);
PostGraphile v4 serves the same PostgreSQL tables. Every request body differs from the next
(the query text's alias and field order, and the page's cursor), so parsing, validation and
limit checks run as they do for a real client mix, not once for one cached text.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from bench import peers
from bench.data import UNTIL
from bench.figures import ONE, Setup, bound_page, compile_raw
from bench.measure import Figure, Timing, verdict
from bench.wrk import Load, load
from reporting_gateway.catalog import CATALOG
from reporting_gateway.query import RecordsQuery

TEXTS = 8  # distinct query texts in a load
SHARED = ["memberId", "placeId", "type", "amount", "currency", "points", "occurredAt"]
OURS = ["databaseId", "loyaltyClubId", *SHARED]
THEIRS = ["id", "customerId", *SHARED]


def _page(side: str, first: int, variant: int) -> str:
    """One of TEXTS spellings of the same transactions page (alias and field order vary)."""
    names = OURS if side == "gateway" else THEIRS
    shift = variant % len(names)
    fields = " ".join(names[shift:] + names[:shift])
    if side == "gateway":
        field = f"transactions(first: {first}, after: $after)"
        cursor = "String"
    else:
        field = (
            f"allTransactions(first: {first}, after: $after, condition: {{customerId: {ONE}}}, "
            "orderBy: [CUSTOMER_ID_ASC, ID_ASC])"
        )
        cursor = "Cursor"
    return (
        f"query Page{variant}($after: {cursor}) {{ page{variant}: {field} "
        f"{{ nodes {{ {fields} }} pageInfo {{ hasNextPage endCursor }} }} }}"
    )


class Side:
    """One server and how to ask it for pages of customer ONE's transactions."""

    def __init__(self, name: str, server: peers.Server, headers: dict[str, str]) -> None:
        self.name, self.server, self.headers = name, server, headers
        self.rows_per_page = 0.0

    async def post(self, http: httpx.AsyncClient, query: str, variables: Any) -> Any:
        body = {"query": query, "variables": variables}
        answer = await http.post(f"{self.server.base}/graphql", json=body, headers=self.headers)
        found = answer.json()
        if answer.status_code != 200 or "errors" in found:
            raise RuntimeError(f"{self.name}: {answer.text[:300]}")
        return next(iter(found["data"].values()))

    async def bodies(self, first: int, pages: int = 32) -> list[str]:
        """Request bodies for the first `pages` pages (fewer if the customer has fewer)."""
        found, after, rows = [], None, 0
        async with httpx.AsyncClient(timeout=60) as http:
            for i in range(pages):
                query = _page(self.name, first, i % TEXTS)
                found.append(json.dumps({"query": query, "variables": {"after": after}}))
                page = await self.post(http, query, {"after": after})
                rows += len(page["nodes"])
                if not page["pageInfo"]["hasNextPage"]:
                    break
                after = page["pageInfo"]["endCursor"]
        self.rows_per_page = rows / len(found)  # below `first` on a small data set
        return found

    async def walk(self, first: int) -> tuple[float, int]:
        """Seconds to read every page of the customer's transactions in order, and rows."""
        rows, after, started = 0, None, time.perf_counter()
        async with httpx.AsyncClient(timeout=60) as http:
            while True:
                page = await self.post(http, _page(self.name, first, 0), {"after": after})
                rows += len(page["nodes"])
                if not page["pageInfo"]["hasNextPage"]:
                    return time.perf_counter() - started, rows
                after = page["pageInfo"]["endCursor"]

    async def load(
        self, bodies: list[str], connections: int, seconds: float, workdir: Path
    ) -> Load:
        result = await load(
            self.server.base,
            bodies,
            self.headers,
            connections=connections,
            seconds=seconds,
            workdir=workdir,
        )
        if result.failed:
            raise RuntimeError(f"{self.name}: {result.failed} of {result.requests} failed")
        return result


def _gateway_headers(setup: Setup, customer: str = f"id={ONE}") -> dict[str, str]:
    return {"X-Client-Authorization": setup.token, "X-Customer": customer}


async def served_figures(setup: Setup, url: str, workdir: Path, seconds: float) -> list[Figure]:
    label = f"served, {setup.backend}"
    missing = "PostGraphile serves PostgreSQL only" if setup.backend != "postgresql" else ""
    missing = missing or peers.postgraphile_missing()
    figures: list[Figure] = []
    async with peers.gateway(url, workdir) as server:
        ours = Side("gateway", server, _gateway_headers(setup))
        figures += await _cpu_figures(label, setup, ours, workdir, seconds)
        figures.append(await _all_customers(label, setup, ours, workdir, seconds))
        if missing:
            figures += await _alone(label, ours, workdir, seconds, missing)
        else:
            async with peers.postgraphile(setup.database, workdir) as peer:
                figures += await _against_peer(
                    label, ours, Side("postgraphile", peer, {}), workdir, seconds
                )
        async with peers.gateway(url, workdir, REPORTING_AUTH="false") as open_server:
            figures.append(
                await _access(
                    label,
                    setup,
                    ours,
                    Side("gateway", open_server, _gateway_headers(setup)),
                    workdir,
                    seconds,
                )
            )
    return figures


PEER_FIGURES = ("100-row page, 1 connection", "100-row page, 8 connections", "cursor walk")
NAMES = (
    "CPU over the driver, 10 rows",
    "CPU per extra row",
    "all=all timeseries",
    *PEER_FIGURES,
    "access checks, 8 connections",
)  # in the order `served_figures` measures them


def skipped(backend: str, reason: str) -> list[Figure]:
    return [Figure(f"served, {backend}: {n}", "-", "-", verdict="SKIP", note=reason) for n in NAMES]


async def _against_peer(
    label: str, ours: Side, theirs: Side, workdir: Path, seconds: float
) -> list[Figure]:
    figures = []
    mine, peer = await ours.bodies(100), await theirs.bodies(100)
    for name, connections in zip(PEER_FIGURES, (1, 8), strict=False):
        a = await ours.load(mine, connections, seconds, workdir)
        b = await theirs.load(peer, connections, seconds, workdir)
        ratio = a.per_second / b.per_second
        figures.append(
            Figure(
                f"{label}: {name}",
                f"gateway {a.per_second:,.0f} req/s",
                f"PostGraphile v4 {b.per_second:,.0f} req/s",
                Timing([a.median_ms]),
                Timing([b.median_ms]),
                ratio,
                "x req/s",
                "≥ 1.5",
                verdict(ratio >= 1.5),
                f"{a.tool}; same rows both sides",
            )
        )
    (a_s, rows), (b_s, _) = await ours.walk(1000), await theirs.walk(1000)
    ratio = b_s / a_s
    figures.append(
        Figure(
            f"{label}: {PEER_FIGURES[2]}",
            f"gateway, {rows:,} rows by 1000",
            "PostGraphile v4, the same pages",
            Timing([a_s * 1000]),
            Timing([b_s * 1000]),
            ratio,
            "x speed",
            "≥ 1.5",
            verdict(ratio >= 1.5),
        )
    )
    return figures


async def _alone(
    label: str, ours: Side, workdir: Path, seconds: float, missing: str
) -> list[Figure]:
    mine, figures = await ours.bodies(100), []
    for name, connections in zip(PEER_FIGURES, (1, 8), strict=False):
        a = await ours.load(mine, connections, seconds, workdir)
        figures.append(
            Figure(
                f"{label}: {name}",
                "gateway",
                "-",
                Timing([a.median_ms]),
                value=a.per_second,
                unit="req/s",
                note=f"no peer: {missing}",
            )
        )
    a_s, rows = await ours.walk(1000)
    figures.append(
        Figure(
            f"{label}: {PEER_FIGURES[2]}",
            f"gateway, {rows:,} rows by 1000",
            "-",
            Timing([a_s * 1000]),
            value=rows / a_s,
            unit="rows/s",
            note=f"no peer: {missing}",
        )
    )
    return figures


async def _cpu_per_request(
    side: Side, bodies: list[str], seconds: float, workdir: Path, connections: int = 1
) -> float:
    """Milliseconds of the server's CPU per request answered."""
    return (await _cpu_and_rate(side, bodies, seconds, workdir, connections))[0]


async def _cpu_and_rate(
    side: Side, bodies: list[str], seconds: float, workdir: Path, connections: int
) -> tuple[float, float]:
    """Milliseconds of the server's CPU per request answered, and requests per second."""
    before = side.server.cpu_seconds()
    result = await side.load(bodies, connections, seconds, workdir)
    return (side.server.cpu_seconds() - before) * 1000 / max(1, result.requests), result.per_second


async def _driver_cpu(setup: Setup, first: int, repeats: int = 200) -> float:
    """CPU milliseconds of the same page's statement on the bare driver, in this process."""
    report = CATALOG["transactions"]
    query = RecordsQuery(report, setup.scope(ONE), first=first)
    sql, args = compile_raw(bound_page(query), setup.store.engine.dialect)
    for _ in range(5):
        await _fetch(setup, sql, args)
    started = time.process_time()
    for _ in range(repeats):
        await _fetch(setup, sql, args)
    return (time.process_time() - started) * 1000 / repeats


async def _fetch(setup: Setup, sql: str, args: list[Any]) -> list[Any]:
    if setup.backend == "sqlite":
        cursor = await setup.raw.execute(sql, args)
        return list(await cursor.fetchall())
    return list(await setup.raw.fetch(sql, *args))


async def _cpu_figures(
    label: str, setup: Setup, ours: Side, workdir: Path, seconds: float
) -> list[Figure]:
    cpu: dict[int, tuple[float, float, list[float], float]] = {}
    for first in (10, 1000):
        bodies = await ours.bodies(first)
        samples = [await _cpu_per_request(ours, bodies, seconds, workdir) for _ in range(3)]
        driver = await _driver_cpu(setup, first)
        cpu[first] = (statistics.median(samples), driver, samples, ours.rows_per_page)
    (ten, driver_ten, samples, few), (thousand, driver_thousand, _, many) = cpu[10], cpu[1000]
    overhead = ten - driver_ten
    per_row = ((thousand - driver_thousand) - overhead) / max(1.0, many - few) * 1000
    return [
        Figure(
            f"{label}: CPU over the driver, 10 rows",
            f"gateway {ten:.2f} ms/request",
            f"bare driver {driver_ten:.3f} ms",
            Timing(samples),
            None,
            overhead,
            "ms",
            "≤ 1",
            verdict(overhead <= 1),
            "server process CPU per request, 1 connection",
        ),
        Figure(
            f"{label}: CPU per extra row",
            "gateway 1000 vs 10 rows",
            "bare driver 1000 vs 10 rows",
            None,
            None,
            per_row,
            "µs/row",
            "≤ 1.5",
            verdict(per_row <= 1.5),
        ),
    ]


async def _all_customers(
    label: str, setup: Setup, ours: Side, workdir: Path, seconds: float
) -> Figure:
    """The cross-customer timeseries (X-Customer: all=all) against one customer's."""
    end = UNTIL.replace(tzinfo=None)
    start = end - timedelta(days=150)
    query = (
        f'query Series{{i}} {{ s{{i}}: sendingsEventsHistory(from: "{start.isoformat()}", '
        f'to: "{end.isoformat()}", interval: DAY) {{ timeBuckets series {{ label '
        "{ loyaltyClubId eventType } values } } }"
    )
    bodies = [json.dumps({"query": query.replace("{i}", str(i))}) for i in range(TEXTS)]
    every = Side("gateway", ours.server, _gateway_headers(setup, "all=all"))
    a = await every.load(bodies, 1, seconds, workdir)
    b = await ours.load(bodies, 1, seconds, workdir)
    customers = len(setup.extra["customers"])
    ratio = a.median_ms / b.median_ms
    return Figure(
        f"{label}: all=all timeseries",
        f"all {customers} customers, 1d x 150 days",
        "one customer, the same query",
        Timing([a.median_ms]),
        Timing([b.median_ms]),
        ratio,
        "x latency",
        f"≤ {customers} (the customers' count)",
        verdict(ratio <= customers),
        f"{a.per_second:,.0f} req/s at 1 connection",
    )


async def _access(
    label: str, setup: Setup, ours: Side, open_side: Side, workdir: Path, seconds: float
) -> Figure:
    """Tokens, permits, customers, cost and the limiter against the same server without them
    (REPORTING_AUTH=false), at 8 connections, alternated three times. The cost is the share
    of the server's CPU per request: a single worker serving 8 connections is bound by its
    CPU, so that is its throughput's cost too, without the noise of what else shares the two
    cores (wrk, PostgreSQL), which moved the req/s ratio by ±10 % between runs."""
    bodies = await ours.bodies(100)
    on, off = [], []
    for _ in range(3):
        on.append(await _cpu_and_rate(ours, bodies, seconds, workdir, 8))
        off.append(await _cpu_and_rate(open_side, bodies, seconds, workdir, 8))
    cpu_on, cpu_off = (statistics.median(cpu for cpu, _ in runs) for runs in (on, off))
    rate_on, rate_off = (statistics.median(rate for _, rate in runs) for runs in (on, off))
    cost = (cpu_on / cpu_off - 1) * 100
    return Figure(
        f"{label}: access checks, 8 connections",
        f"checks on: {cpu_on:.2f} ms CPU/request, {rate_on:,.0f} req/s",
        f"off: {cpu_off:.2f} ms, {rate_off:,.0f} req/s",
        None,
        None,
        cost,
        "% of CPU per request",
        "≤ 10",
        verdict(cost <= 10),
    )

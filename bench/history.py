"""The history figure: dashboard queries on a store and on one with 10x the history, over HTTP.

Both stores hold the same two years of a generated club (until today's midnight, so the
5-minute and hourly buckets are within the API's retention); the larger one, the data set
every other figure measures, has ten times the events, members, links and visits in the
same span. Each store is served by its own
uvicorn process with default settings; the same query goes to both, interleaved, and the
figure is the larger store's median over the smaller one's. Rollups make an answer cost what
its buckets cost, so the target is ≤ 1.5 (and ≤ 20 ms at the larger store).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench.data import UNTIL
from bench.environment import SECRET, log, prepare
from bench.figures import ONE, post
from bench.measure import Figure, interleaved, verdict
from bench.processes import free_port, wait_healthy
from reporting_gateway.catalog.registry import all_permits
from reporting_gateway.storage.engine import create_engine
from reporting_gateway.storage.state.credentials import Credentials

RATIO, LARGEST_MS = 1.5, 20.0


def queries(until: datetime) -> list[tuple[str, str, str]]:
    """(name, GraphQL, X-Customer) of the figure, ranges ending at the data's last day."""
    end = until.replace(tzinfo=None)

    def since(span: timedelta) -> str:
        return f'from: "{(end - span).isoformat()}", to: "{end.isoformat()}"'

    month, events = since(timedelta(days=30)), "series { label { eventType } values }"
    return [
        ("all-time statistics", "{ sendingsStats(aggregateBy: CHANNEL) { series { value } } }",
         f"id={ONE}"),
        ("30 days DAY, one customer",
         f"{{ sendingsEventsHistory({month}, interval: DAY) {{ {events} }} }}", f"id={ONE}"),
        ("30 days DAY, all=all",
         f"{{ sendingsEventsHistory({month}, interval: DAY) {{ {events} }} }}", "all=all"),
        ("12 hours 5-minute",
         f"{{ sendingsEventsHistory({since(timedelta(hours=12))}, interval: FIVE_MINUTES) "
         f"{{ {events} }} }}", f"id={ONE}"),
        ("links visits 30 days, all=all",
         f"{{ linksVisitsHistory({month}, interval: DAY) {{ series {{ values }} }} }}",
         "all=all"),
        ("sendingsLinksStats first 100",
         "{ sendingsLinksStats(first: 100) { nodes { sourceId visitsCount uniqueVisitsCount } } }",
         f"id={ONE}"),
        ("member balance 90 days WEEK",
         f"{{ memberBalance({since(timedelta(days=90))}, interval: WEEK) "
         "{ series { label { type } values } } }", f"id={ONE}"),
    ]  # fmt: skip


@contextlib.asynccontextmanager
async def served(url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A uvicorn process serving the store at `url`, and a client with a token for it."""
    engine = create_engine(url)
    try:
        token, _ = await Credentials(engine).create(
            name="history", permits=all_permits(), customers=None, organization="bench",
            now=datetime.now(UTC),
        )  # fmt: skip
    finally:
        await engine.dispose()
    port = free_port()
    env = {**os.environ, "REPORTING_DATABASE_URL": url, "REPORTING_SECRET": SECRET,
           "REPORTING_RATE_LIMIT_CAPACITY": str(10**9), "REPORTING_EXPORTS": "false"}  # fmt: skip
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "uvicorn", "reporting_gateway.server:create_app", "--factory",
        "--port", str(port), env=env, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        await wait_healthy(port)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", headers={"X-Client-Authorization": token},
            timeout=120,
        ) as client:  # fmt: skip
            yield client
    finally:
        server.terminate()
        await server.wait()


async def history_figures(
    backend: str, scale: float, seed: int, repeats: int, workdir: Path
) -> list[Figure]:
    until = UNTIL  # the larger store is the data set the other figures measured
    small, large = scale / 10, scale
    urls = []
    for size in (small, large):
        url, _ = await prepare(backend, size, seed, workdir, until=until)
        urls.append(url)
    figures = []
    async with served(urls[0]) as smaller, served(urls[1]) as larger:
        for name, query, customer in queries(until):
            log(f"measuring history, {backend}: {name} …")
            big, little = await interleaved(
                functools.partial(post, larger, query, customer),
                functools.partial(post, smaller, query, customer),
                warmup=3, repeats=repeats,
            )  # fmt: skip
            ratio = big.median / little.median
            ok = ratio <= RATIO and big.median <= LARGEST_MS
            figures.append(
                Figure(f"history, {backend}: {name}", f"scale {large:g} (10x history)",
                       f"scale {small:g}", big, little, ratio, "x",
                       f"≤ {RATIO} and A ≤ {LARGEST_MS:g} ms", verdict(ok))
            )  # fmt: skip
    return figures


def skipped(backend: str, reason: str) -> list[Figure]:
    until = datetime.now(UTC)
    return [
        Figure(f"history, {backend}: {name}", "10x history", "1x", verdict="SKIP", note=reason)
        for name, _, _ in queries(until)
    ]

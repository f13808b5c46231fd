"""`reporting-gateway serve --workers 2`: two processes sharing the Redis limiter, and /metrics
on either one adds up what both served."""

from __future__ import annotations

import asyncio
import secrets
import sys
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from reporting_gateway.catalog.registry import all_permits
from reporting_gateway.storage.credentials import Credentials
from reporting_gateway.storage.engine import create_engine
from reporting_gateway.storage.migrate import migrate
from tests.conftest import NOW, TEST_SECRET, insert_rows
from tests.factories import CUSTOMERS
from tests.processes import free_port, gateway

pytestmark = [pytest.mark.redis, pytest.mark.slow]
REQUESTS = 40


def served(text: str, operation: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "reporting_gateway_requests_total"
        and sample.labels.get("operation") == operation
    )


async def test_two_workers_share_buckets_and_metrics(tmp_path: Path, redis_url: str) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'workers.db'}"
    engine = create_engine(database)
    await migrate(engine)
    await insert_rows(engine, {"customers": CUSTOMERS})
    token, _ = await Credentials(engine).create(
        name="w", permits=all_permits(), customers=None, organization="o", now=NOW
    )
    await engine.dispose()
    port = free_port()
    environment = {
        "REPORTING_DATABASE_URL": database,
        "REPORTING_SECRET": TEST_SECRET,
        "REPORTING_REDIS_URL": redis_url,
        "REPORTING_REDIS_KEY_PREFIX": f"rg:test:{secrets.token_hex(4)}:",
        "REPORTING_LOG_LEVEL": "warning",
    }
    command = [
        sys.executable, "-m", "reporting_gateway", "serve", "--workers", "2", "--port", str(port),
    ]  # fmt: skip
    async with gateway(environment, tmp_path, command=command, port=port) as base:
        headers = {"X-Client-Authorization": token, "X-Customer": "id=101"}
        query = {"query": "query Counted { rateLimit { remaining } }"}
        async with httpx.AsyncClient(base_url=base, headers=headers) as http:
            # New connections, so that both workers get some of them.
            for _ in range(REQUESTS):
                async with httpx.AsyncClient(base_url=base, headers=headers) as fresh:
                    assert (await fresh.post("/graphql", json=query)).status_code == 200
            scrapes = await asyncio.gather(*(http.get("/metrics") for _ in range(6)))
            ready = (await http.get("/readyz")).json()
    assert ready["checks"] == {"database": "ok", "redis": "ok"}
    assert {served(s.text, "Counted") for s in scrapes} == {REQUESTS}

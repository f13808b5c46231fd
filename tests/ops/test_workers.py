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

from tests.processes import free_port, gateway, shared_store

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
    environment, token = await shared_store(tmp_path, "workers")
    port = free_port()
    environment |= {
        "REPORTING_REDIS_URL": redis_url,
        "REPORTING_REDIS_KEY_PREFIX": f"rg:test:{secrets.token_hex(4)}:",
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

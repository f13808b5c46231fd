"""Two real gateway processes share one Redis bucket exactly: 200 concurrent requests against
capacity 50 admit what the spec's rule admits, no more, no fewer."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from reporting_gateway.catalog import CATALOG
from tests.access.test_limiter import admitted_by_the_rule
from tests.processes import gateway, shared_store

pytestmark = pytest.mark.redis


@pytest.fixture
async def gateways(tmp_path: Path, redis_url: str) -> AsyncIterator[tuple[list[str], str]]:
    environment, token = await shared_store(tmp_path, "shared")
    environment |= {
        "REPORTING_REDIS_URL": redis_url,
        "REPORTING_REDIS_KEY_PREFIX": f"rg:test:{secrets.token_hex(4)}:",
        "REPORTING_RATE_LIMIT_CAPACITY": "50",
        "REPORTING_RATE_LIMIT_REFILL_PER_SECOND": "0",
    }
    async with gateway(environment, tmp_path) as first, gateway(environment, tmp_path) as second:
        yield [first, second], token


@pytest.mark.parametrize(
    ("report", "field"), [("sendings_links_stats", "sendingsLinksStats"), ("offers", "offers")]
)
async def test_two_processes_admit_exactly_what_one_bucket_admits(
    gateways: tuple[list[str], str], report: str, field: str
) -> None:
    urls, token = gateways
    headers = {"X-Client-Authorization": token, "X-Customer": "id=101"}
    query = {"query": f"{{ {field}(first: 1) {{ nodes {{ __typename }} }} }}"}
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        responses = await asyncio.gather(
            *(http.post(f"{urls[i % 2]}/graphql", json=query, headers=headers) for i in range(200))
        )
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {200, 429}
    cost = CATALOG[report].cost
    assert statuses.count(200) == admitted_by_the_rule(50, cost, 200)
    assert all(r.headers["retry-after"] for r in responses if r.status_code == 429)
    # Both processes answered; with a bucket each they would have admitted twice as many.
    assert {r.url.port for r in responses} == {httpx.URL(url).port for url in urls}

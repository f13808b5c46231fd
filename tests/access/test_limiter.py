"""Token buckets: the spec's admission rule, in-process and in Redis, and exact under load."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta

import pytest

from reporting_gateway.access.limiter import Charge, MemoryLimiter, RedisLimiter, bucket_name


def admitted_by_the_rule(capacity: int, cost: int, requests: int) -> int:
    """Spec §3, stated plainly: admit while tokens > 0, then charge in full."""
    tokens, admitted = capacity, 0
    for _ in range(requests):
        if tokens > 0:
            tokens -= cost
            admitted += 1
    return admitted


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_a_request_is_admitted_while_tokens_remain_and_charged_in_full() -> None:
    limiter = MemoryLimiter(capacity=10, refill_per_second=0, clock=Clock())
    first = await limiter.charge("b", 7)
    second = await limiter.charge("b", 7)  # 3 > 0 tokens left: admitted, goes to -4
    third = await limiter.charge("b", 1)
    assert (first.admitted, first.remaining) == (True, 3)
    assert (second.admitted, second.remaining) == (True, -4)
    assert (third.admitted, third.remaining) == (False, -4)


async def test_buckets_refill_up_to_capacity_and_say_when() -> None:
    clock = Clock()
    limiter = MemoryLimiter(capacity=10, refill_per_second=2, clock=clock)
    charge = await limiter.charge("b", 14)  # 10 -> -4
    assert charge.retry_after == 3  # -4 + 2*3 = 2 > 0
    assert charge.reset_at == datetime.fromtimestamp(clock.now, UTC) + timedelta(seconds=7)
    clock.now += 2  # -4 + 4 = 0: still not above 0
    assert (await limiter.charge("b", 1)).admitted is False
    clock.now += 0.5
    assert (await limiter.charge("b", 1)).admitted is True
    clock.now += 1000
    assert (await limiter.charge("b", 0)).remaining == 10


async def test_free_queries_are_admitted_even_from_an_empty_bucket() -> None:
    limiter = MemoryLimiter(capacity=1, refill_per_second=0, clock=Clock())
    await limiter.charge("b", 5)
    peek = await limiter.charge("b", 0)
    assert peek.admitted is True and peek.remaining == -4


def test_headers_and_extension_report_whole_tokens() -> None:
    charge = Charge("reporting:customer:1", 3, True, 96.6, 100, 10.0, 0.0)
    assert charge.headers() == {
        "ratelimit-bucket": "reporting:customer:1",
        "ratelimit-remaining": "96",
        "ratelimit-cost": "3",
    }
    assert charge.extension()["remaining"] == 96 and charge.extension()["capacity"] == 100


def test_bucket_owner_is_the_customer_or_the_organization() -> None:
    assert bucket_name("reporting", (5,), "org") == "reporting:customer:5"
    assert bucket_name("reporting", (5, 6), "org") == "reporting:organization:org"
    assert bucket_name("general", (), "org") == "general:organization:org"


@pytest.mark.parametrize("cost", [1, 3, 7])
async def test_concurrent_charges_in_process_admit_exactly_what_the_rule_admits(cost: int) -> None:
    limiter = MemoryLimiter(capacity=50, refill_per_second=0)
    results = await asyncio.gather(*(limiter.charge("b", cost) for _ in range(200)))
    assert sum(r.admitted for r in results) == admitted_by_the_rule(50, cost, 200)


@pytest.mark.redis
@pytest.mark.parametrize("cost", [1, 3, 7])
async def test_concurrent_charges_in_redis_admit_exactly_what_the_rule_admits(
    redis_url: str, cost: int
) -> None:
    limiters = [
        RedisLimiter(redis_url, 50, 0.0, prefix=f"rg:test:{secrets.token_hex(4)}:")
        for _ in range(2)
    ]
    limiters[1].prefix = limiters[0].prefix  # two clients (as two processes would be), one bucket
    try:
        results = await asyncio.gather(*(limiters[i % 2].charge("b", cost) for i in range(200)))
    finally:
        for limiter in limiters:
            await limiter.close()
    assert sum(r.admitted for r in results) == admitted_by_the_rule(50, cost, 200)
    assert min(r.remaining for r in results) == 50 - cost * admitted_by_the_rule(50, cost, 200)


@pytest.mark.redis
async def test_redis_buckets_refill_on_redis_time(redis_url: str) -> None:
    limiter = RedisLimiter(redis_url, 5, 1000.0, prefix=f"rg:test:{secrets.token_hex(4)}:")
    try:
        drained = await limiter.charge("b", 50)
        assert drained.admitted and drained.remaining == -45
        await asyncio.sleep(0.1)  # 1000 tokens/s: full again well within this
        refilled = await limiter.charge("b", 0)
        assert refilled.remaining == 5
    finally:
        await limiter.close()

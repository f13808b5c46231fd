"""Token buckets (spec §3): in-process, or shared by every gateway process through Redis.

A request is admitted while its bucket holds more than 0 tokens and is then charged its
full cost, so `remaining` may go below 0; an empty bucket answers 429 with Retry-After.
Buckets refill continuously up to their capacity. A cost of 0 (free queries) is always
admitted and only reports the state.

The Redis backend does check-and-charge in one Lua script that reads Redis's own clock, so
any number of gateway processes share one budget exactly and never disagree about time.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class Charge:
    bucket: str
    cost: int
    admitted: bool
    remaining: float
    capacity: int
    refill_per_second: float
    at: float  # the limiter's clock, seconds since the epoch

    @property
    def retry_after(self) -> int:
        """Whole seconds until the bucket holds more than 0 tokens again (at least 1)."""
        if self.refill_per_second <= 0:
            return 3600
        return max(1, math.ceil((0 - self.remaining) / self.refill_per_second + 1e-9))

    @property
    def reset_at(self) -> datetime:
        """When the bucket is full again, to the whole second after (as every place that
        shows it writes it: the `rateLimit` query, `extensions.rateLimit`)."""
        missing = max(0.0, self.capacity - self.remaining)
        seconds = missing / self.refill_per_second if self.refill_per_second > 0 else 0.0
        return datetime.fromtimestamp(math.ceil(self.at + seconds), UTC)

    def headers(self) -> dict[str, str]:
        return {
            "ratelimit-bucket": self.bucket,
            "ratelimit-remaining": str(math.floor(self.remaining)),
            "ratelimit-cost": str(self.cost),
        }

    def extension(self) -> dict[str, Any]:
        return {
            "bucket": self.bucket,
            "cost": self.cost,
            "remaining": math.floor(self.remaining),
            "capacity": self.capacity,
            "resetAt": self.reset_at.isoformat(timespec="seconds"),
        }


class Limiter(Protocol):
    async def charge(self, bucket: str, cost: int) -> Charge: ...

    async def ping(self) -> None:
        """Raise when the buckets cannot be reached (readiness)."""

    async def close(self) -> None: ...


class MemoryLimiter:
    """Buckets in this process. Check-and-charge never awaits, so it is atomic on the loop."""

    def __init__(self, capacity: int, refill_per_second: float, clock: Any = time.time) -> None:
        self.capacity = capacity
        self.refill_per_second = refill_per_second
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    async def charge(self, bucket: str, cost: int) -> Charge:
        now = self._clock()
        tokens, at = self._buckets.get(bucket, (float(self.capacity), now))
        tokens = min(float(self.capacity), tokens + (now - at) * self.refill_per_second)
        admitted = cost == 0 or tokens > 0
        if admitted:
            tokens -= cost
        self._buckets[bucket] = (tokens, now)
        return Charge(bucket, cost, admitted, tokens, self.capacity, self.refill_per_second, now)

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._buckets.clear()


_CHARGE = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then tokens = capacity; at = t end
tokens = math.min(capacity, tokens + (t - at) * rate)
local admitted = 0
if cost == 0 or tokens > 0 then
  tokens = tokens - cost
  admitted = 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%.6f', t))
local ttl = 86400
if rate > 0 then ttl = math.ceil((capacity - tokens) / rate) + 60 end
redis.call('EXPIRE', KEYS[1], ttl)
return {admitted, string.format('%.6f', tokens), string.format('%.6f', t)}
"""


class RedisLimiter:
    """Buckets in Redis (`REPORTING_REDIS_URL`), shared by every gateway process."""

    def __init__(
        self, url: str, capacity: int, refill_per_second: float, prefix: str = "rg:bucket:"
    ) -> None:
        from redis.asyncio import Redis

        self.capacity = capacity
        self.refill_per_second = refill_per_second
        self.prefix = prefix
        self._redis = Redis.from_url(url)
        self._script = self._redis.register_script(_CHARGE)

    async def charge(self, bucket: str, cost: int) -> Charge:
        admitted, tokens, at = await self._script(
            keys=[self.prefix + bucket], args=[self.capacity, self.refill_per_second, cost]
        )
        return Charge(
            bucket,
            cost,
            bool(admitted),
            float(tokens),
            self.capacity,
            self.refill_per_second,
            float(at),
        )

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        await self._redis.aclose()


def bucket_name(bucket_type: str, customers: tuple[int, ...], organization: str) -> str:
    """Spec §3: the customer owns a single-customer request's bucket, the organization the rest."""
    owner = f"customer:{customers[0]}" if len(customers) == 1 else f"organization:{organization}"
    return f"{bucket_type}:{owner}"

"""/healthz answers from the process; /readyz checks the database and, when the limiter uses
it, Redis — and says which check failed."""

from __future__ import annotations

from reporting_gateway.access.limiter import RedisLimiter
from reporting_gateway.storage.store import Store
from tests.conftest import serve


async def test_liveness_and_readiness(store: Store, token: str) -> None:
    async with serve(store, token) as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}
        ready = await http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok"}}


async def test_readiness_checks_redis_when_the_limiter_uses_it(
    store: Store, token: str, redis_url: str
) -> None:
    reachable = RedisLimiter(redis_url, 10, 1, prefix="rg:test:ready:")
    async with serve(store, token, limiter=reachable) as http:
        ready = await http.get("/readyz")
    await reachable.close()  # the test client runs no lifespan, which would close it
    assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok", "redis": "ok"}

    unreachable = RedisLimiter("redis://127.0.0.1:1/0", 10, 1)  # nothing listens on port 1
    async with serve(store, token, limiter=unreachable) as http:
        assert (await http.get("/healthz")).status_code == 200  # alive, but not ready
        ready = await http.get("/readyz")
    await unreachable.close()
    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "not ready" and body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("failed: ConnectionError")

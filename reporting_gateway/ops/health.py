"""Liveness and readiness, the two questions an orchestrator asks.

/healthz answers from the process alone (restart me if this fails); /readyz checks what a
request needs, the database (schema current) and Redis when the limiter uses it (send me
traffic only if this passes), and says which check failed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from reporting_gateway.access.limiter import Limiter, RedisLimiter
from reporting_gateway.storage.migrate import is_current
from reporting_gateway.storage.store import Store

CHECK_SECONDS = 2.0


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


def readiness(store: Store, limiter: Limiter | None) -> Callable[[Request], Awaitable[Response]]:
    async def database() -> None:
        async with store.connection() as connection:
            await connection.execute(sa.text("SELECT 1"))
        if not await is_current(store.engine):
            raise RuntimeError("the database schema is older than this gateway")

    checks: dict[str, Callable[[], Awaitable[None]]] = {"database": database}
    if isinstance(limiter, RedisLimiter):
        checks["redis"] = limiter.ping

    async def readyz(_: Request) -> Response:
        results: dict[str, str] = {}
        for name, check in checks.items():
            try:
                await asyncio.wait_for(check(), CHECK_SECONDS)
                results[name] = "ok"
            except Exception as error:  # any failure means "not ready", with its reason
                results[name] = f"failed: {type(error).__name__}: {error}"[:300]
        ready = all(result == "ok" for result in results.values())
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "checks": results},
            status_code=200 if ready else 503,
        )

    return readyz

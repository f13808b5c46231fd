"""Slow bodies are timed out and a process works on a bounded number of requests at once,
measured over a real server and sockets."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import uvicorn

from reporting_gateway.server import create_app
from reporting_gateway.storage.store import Store
from tests.conftest import make_settings
from tests.processes import free_port


@contextlib.asynccontextmanager
async def running(store: Store, **settings: Any) -> AsyncIterator[str]:
    """A uvicorn server in this event loop on the app over `store`; its base URL."""
    app = create_app(make_settings(database_url=str(store.engine.url), **settings), store=store)
    port = free_port()
    config = uvicorn.Config(app, port=port, lifespan="off", log_level="critical")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started:
            break
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


async def send_slowly(url: str, token: str, pause: float, parts: int = 100) -> bytes:
    """What a client gets that announces `parts` bytes of body and sends one per `pause`."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        (
            "POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
            f"X-Client-Authorization: {token}\r\nContent-Length: {parts}\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    answer = b""
    try:
        for _ in range(parts):
            writer.write(b" ")
            await writer.drain()
            with contextlib.suppress(TimeoutError):
                answer += await asyncio.wait_for(reader.read(65536), pause)
            if answer:
                return answer
        answer = await asyncio.wait_for(reader.read(65536), 5)
    except (ConnectionError, TimeoutError):
        pass
    finally:
        writer.close()
    return answer


async def test_a_body_that_arrives_too_slowly_is_408_and_the_connection_closed(
    store: Store, token: str
) -> None:
    """Connections that announced a body and sent it slowly used to stay open for minutes."""
    async with running(store, body_timeout_seconds=0.5) as url:
        started = asyncio.get_running_loop().time()
        answer = await send_slowly(url, token, pause=0.1)
        took = asyncio.get_running_loop().time() - started
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b'"code":"REQUEST_TIMEOUT"' in answer
    assert b"REPORTING_BODY_TIMEOUT_SECONDS" in answer
    assert took < 5  # the slow sender would have needed 10 s


async def test_past_the_in_flight_limit_requests_are_503_but_health_probes_pass(
    store: Store, token: str
) -> None:
    async with running(store, max_in_flight=1, body_timeout_seconds=5) as url:
        holding = asyncio.create_task(send_slowly(url, token, pause=0.05, parts=40))
        await asyncio.sleep(0.3)  # the slow request is in flight now
        async with httpx.AsyncClient(base_url=url) as http:
            refused = await http.post(
                "/graphql",
                json={"query": "{ __typename }"},
                headers={"X-Client-Authorization": token},
            )
            health = await http.get("/healthz")
        await holding
        async with httpx.AsyncClient(base_url=url) as http:
            later = await http.post(
                "/graphql",
                json={"query": "{ __typename }"},
                headers={"X-Client-Authorization": token},
            )
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "1"
    assert refused.json()["errors"][0]["extensions"]["code"] == "OVERLOADED"
    assert health.status_code == 200
    assert later.status_code == 200, later.text

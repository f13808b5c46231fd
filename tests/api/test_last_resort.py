"""What nobody expected still gets a JSON answer with the request id, and the connection lives."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from reporting_gateway.api.last_resort import LastResort
from reporting_gateway.storage.store import Store
from tests.conftest import serve
from tests.helpers import graphql
from tests.processes import free_port


async def test_an_unexpected_exception_in_an_operation_is_internal_json_with_the_request_id(
    store: Store, token: str
) -> None:
    async with serve(store, token) as http:

        async def broken(*_: Any, **__: Any) -> Any:
            raise RuntimeError("a bug, with SELECT secret FROM somewhere\nand more")

        http.app.state.gateway.planner.plan = broken  # type: ignore[attr-defined]
        response = await graphql(http, "{ __typename }", headers={"X-Request-Id": "abc-123"})
        assert response.status_code == 500
        assert response.headers["content-type"] == "application/graphql-response+json"
        error = response.json()["errors"][0]
        assert error["extensions"] == {"code": "INTERNAL", "requestId": "abc-123"}
        assert "and more" not in error["message"]  # one line of it, in development only
        assert response.headers["x-request-id"] == "abc-123"


async def test_an_exception_escaping_a_route_is_answered_and_the_connection_kept() -> None:
    """A route's exception used to be a text/plain 500 that closed the keep-alive connection,
    so the client's next request failed too."""

    async def boom(_: Request) -> Response:
        raise ValueError("nobody expected this")

    async def fine(_: Request) -> Response:
        return Response("fine")

    app = Starlette(
        routes=[Route("/boom", boom), Route("/fine", fine)], middleware=[Middleware(LastResort)]
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, lifespan="off", log_level="critical"))
    serving = asyncio.create_task(server.serve())
    try:
        for _ in range(200):
            if server.started:
                break
            await asyncio.sleep(0.01)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        answers = []
        for path in ("/boom", "/fine"):
            writer.write(f"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            answers.append((head, await reader.readexactly(length)))
        writer.close()
        (boom_head, boom_body), (fine_head, fine_body) = answers
        assert boom_head.startswith(b"HTTP/1.1 500")
        assert b"application/json" in boom_head
        assert b'"code":"INTERNAL"' in boom_body and b"requestId" in boom_body
        assert fine_head.startswith(b"HTTP/1.1 200") and fine_body == b"fine"
    finally:
        server.should_exit = True
        await serving


@pytest.mark.parametrize("given", ["", "x" * 65, "bad id with spaces", "semi;colon"])
async def test_a_request_id_the_client_gives_is_kept_only_when_it_is_a_plain_token(
    store: Store, token: str, given: str
) -> None:
    async with serve(store, token) as http:
        response = await graphql(http, "{ __typename }", headers={"X-Request-Id": given})
        assigned = response.headers["x-request-id"]
        assert assigned != given and len(assigned) == 16
        assert response.json()["extensions"]["requestId"] == assigned

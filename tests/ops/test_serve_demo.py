"""`reporting-gateway serve --demo` as `make run` uses it: a printed token that works."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from pathlib import Path

import httpx

from reporting_gateway.storage.engine import create_engine
from reporting_gateway.storage.ingest.demo_data import CUSTOMERS, DemoData, write_demo_data
from reporting_gateway.storage.migrate import migrate
from tests.conftest import TEST_SECRET
from tests.processes import START_SECONDS, free_port, stop


async def test_serve_demo_prints_a_token_that_reads_the_demo_customers(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    engine = create_engine(database)
    try:  # a small store already holding demo data: `serve --demo` loads only into an empty one
        await migrate(engine)
        await write_demo_data(engine, DemoData(scale=0.01))
    finally:
        await engine.dispose()
    port = free_port()
    environment = {
        **os.environ,
        "REPORTING_DATABASE_URL": database,
        "REPORTING_SECRET": TEST_SECRET,
        "REPORTING_PORT": str(port),
        "REPORTING_LOG_LEVEL": "warning",
        "PYTHONUNBUFFERED": "1",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "reporting_gateway", "serve", "--demo",
        env=environment, cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    assert process.stdout is not None
    try:
        printed, found = "", None
        async with asyncio.timeout(START_SECONDS):
            while found is None:  # the line of headers to paste, after the explorer link
                line = await process.stdout.readline()
                assert line, f"serve --demo exited before printing a token:\n{printed}"
                printed += line.decode()
                found = re.fullmatch(r"\s*(\{.*\})\s*", line.decode())
        headers = json.loads(found.group(1))
        assert headers["X-Customer"] == f"id={CUSTOMERS[0].id}"
        assert (tmp_path / "var" / "demo-token").read_text() == headers["X-Client-Authorization"]
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base) as http:
            async with asyncio.timeout(START_SECONDS):
                while True:
                    try:
                        if (await http.get("/readyz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    await asyncio.sleep(0.1)
            response = await http.post(
                "/graphql",
                json={"query": "{ sendings(first: 1) { nodes { id loyaltyClubId } } }"},
                headers=headers,
            )
        assert response.status_code == 200, response.text
        assert response.json()["data"]["sendings"]["nodes"][0]["loyaltyClubId"] == CUSTOMERS[0].id
    finally:
        await stop(process)

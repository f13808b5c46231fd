"""Real gateway processes for the tests that need one: a port, a start, a wait for /readyz."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path

import httpx
import pytest

from reporting_gateway.catalog.registry import all_permits
from reporting_gateway.storage.engine import create_engine
from reporting_gateway.storage.migrate import migrate
from reporting_gateway.storage.state.credentials import Credentials
from tests.conftest import NOW, TEST_SECRET, insert_rows
from tests.factories import CUSTOMERS

START_SECONDS = 60.0


async def shared_store(directory: Path, name: str) -> tuple[dict[str, str], str]:
    """A SQLite file with the fixture customers and a token for all of them, for gateway
    processes: (their environment, the token)."""
    database = f"sqlite+aiosqlite:///{directory / f'{name}.db'}"
    engine = create_engine(database)
    try:
        await migrate(engine)
        await insert_rows(engine, {"customers": CUSTOMERS})
        token, _ = await Credentials(engine).create(
            name=name, permits=all_permits(), customers=None, organization="o", now=NOW
        )
    finally:
        await engine.dispose()
    environment = {
        "REPORTING_DATABASE_URL": database,
        "REPORTING_SECRET": TEST_SECRET,
        "REPORTING_LOG_LEVEL": "warning",
    }
    return environment, token


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start_gateway(
    environment: Mapping[str, str],
    directory: Path,
    *,
    command: Sequence[str] | None = None,
    port: int | None = None,
) -> tuple[asyncio.subprocess.Process, str]:
    """Start `uvicorn … create_app` (or `command`, which must listen on `port`) and wait until
    it is ready; the environment is added to this process's own."""
    port = port or free_port()
    argv = command or (
        sys.executable,
        "-m",
        "uvicorn",
        "reporting_gateway.server:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    )
    process = await asyncio.create_subprocess_exec(
        *argv, env={**os.environ, **environment}, cwd=directory
    )
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient() as http:
        for _ in range(int(START_SECONDS / 0.1)):
            if process.returncode is not None:
                pytest.fail(f"the gateway exited with {process.returncode} before it was ready")
            with contextlib.suppress(httpx.TransportError):
                if (await http.get(f"{base}/readyz")).status_code == 200:
                    return process, base
            await asyncio.sleep(0.1)
    process.kill()
    pytest.fail(f"the gateway at {base} was not ready within {START_SECONDS:g} s")


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), timeout=30)
        except TimeoutError:
            process.kill()
            await process.wait()


@contextlib.asynccontextmanager
async def gateway(
    environment: Mapping[str, str], directory: Path, **options: object
) -> AsyncIterator[str]:
    """A running gateway's base URL for the block; stopped afterwards whatever happens."""
    process, base = await start_gateway(environment, directory, **options)  # type: ignore[arg-type]
    try:
        yield base
    finally:
        await stop(process)

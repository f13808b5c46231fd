"""Servers the figures of `served.py` talk to over sockets: the gateway as `reporting-gateway
serve` runs it (default settings, logging on), and PostGraphile v4 (pinned by the lockfile in
bench/peers/postgraphile) over the same PostgreSQL tables."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.environment import SECRET, log
from bench.processes import free_port

POSTGRAPHILE = Path(__file__).parent / "peers" / "postgraphile"
START_SECONDS = 60


@dataclass(frozen=True)
class Server:
    base: str
    pid: int

    def cpu_seconds(self) -> float:
        """User and system CPU of the server process so far (Linux /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.asynccontextmanager
async def serving(
    argv: Sequence[str], environment: Mapping[str, str], probe: str, log_path: Path, cwd: Path
) -> AsyncIterator[Server]:
    """A server process for the block, ready once `probe` (a POST body) gets a 200."""
    port = free_port()
    with log_path.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            *[part.replace("{port}", str(port)) for part in argv],
            env={**os.environ, **environment},
            cwd=cwd,
            stdout=output,
            stderr=output,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            await _ready(base, probe, process)
            yield Server(base, process.pid)
        finally:
            process.terminate()
            await process.wait()


async def _ready(base: str, probe: str, process: asyncio.subprocess.Process) -> None:
    headers = {"Content-Type": "application/json"}
    async with httpx.AsyncClient(timeout=5) as http:
        for _ in range(START_SECONDS * 10):
            if process.returncode is not None:
                raise RuntimeError(f"the server at {base} exited with {process.returncode}")
            with contextlib.suppress(httpx.TransportError):
                answer = await http.post(f"{base}/graphql", content=probe, headers=headers)
                if answer.status_code < 500:
                    return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the server at {base} did not start within {START_SECONDS} s")


def gateway(url: str, workdir: Path, **settings: str) -> Any:
    """`reporting-gateway serve` over the bench's data, as an operator starts it."""
    environment = {
        "REPORTING_DATABASE_URL": url,
        "REPORTING_SECRET": SECRET,
        "REPORTING_RATE_LIMIT_CAPACITY": str(10**9),  # measure the work, not the refusals
        **settings,
    }
    argv = [sys.executable, "-m", "reporting_gateway", "serve", "--port", "{port}"]
    name = "gateway" + "".join(f"-{v}" for v in settings.values())
    return serving(
        argv, environment, '{"query": "{ __typename }"}', workdir / f"{name}.log", workdir
    )


def postgraphile_missing() -> str:
    """Why PostGraphile cannot run here ("" when it can), installing it from its lockfile."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        return "node and npm are not installed"
    if not (POSTGRAPHILE / "node_modules" / ".package-lock.json").exists():
        log("installing PostGraphile (npm ci, bench/peers/postgraphile) …")
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--silent"],  # noqa: S607 - npm from PATH
            cwd=POSTGRAPHILE,
            check=False,
        )
        if done.returncode != 0:
            return "npm ci failed in bench/peers/postgraphile"
    return ""


def postgraphile(dsn: str, workdir: Path) -> Any:
    """PostGraphile v4 over the bench database's public schema: queries only, no GraphiQL,
    no query log (its recommended production flags)."""
    argv = [
        "node",
        str(POSTGRAPHILE / "node_modules" / ".bin" / "postgraphile"),
        "-c",
        dsn,
        "-s",
        "public",
        "-n",
        "127.0.0.1",
        "-p",
        "{port}",
        "--disable-query-log",
        "-b",
        "-M",
    ]
    return serving(
        argv, {}, '{"query": "{ __typename }"}', workdir / "postgraphile.log", POSTGRAPHILE
    )

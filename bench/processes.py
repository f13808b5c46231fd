"""The figure of `make bench` that runs a whole process: the export CLI against the database's
own CSV dump (the figures through servers are in `served.py`)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import sys
import time
from pathlib import Path

import httpx

from bench.figures import Setup
from bench.measure import Figure, Timing, verdict

EXPORT_COLUMNS = "id, customer_id, member_id, place_id, type, amount, currency, points, occurred_at"


TARGET_ROWS_PER_SECOND = 200_000
PEAK_MB = 150


async def export_figure(setup: Setup, out: Path, format: str = "csv") -> Figure:
    """A: `reporting-gateway export` of every transaction (CSV or JSON Lines); B: the
    database's own CSV dump. The target is the command's own rate (without the process start,
    which the A timing includes) and its peak memory."""
    name = f"export {format}, {setup.backend}"
    tool = "sqlite3" if setup.backend == "sqlite" else "psql"
    if shutil.which(tool) is None:
        return Figure(name, "1M-row export", "the database's own CSV dump",
                      verdict="SKIP", note=f"`{tool}` is not installed (B side)")  # fmt: skip
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "reporting_gateway", "export", "transactions", "--customers", "all",
        "--format", format, "--output", str(out / f"export.{format}"),
        env={**os.environ, **setup.extra["env"]}, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await process.communicate()
    a_seconds = time.perf_counter() - started
    report = err.decode()
    if process.returncode != 0:
        raise RuntimeError(f"the export failed: {report[-500:]}")
    rows = int(_found(r"wrote ([\d,]+) rows", report).replace(",", ""))
    rate = int(_found(r"\(([\d,]+) rows/s\)", report).replace(",", ""))
    peak = float(_found(r"peak memory (\d+) MB", report))
    b_seconds = await _dump(setup, out / "dump.csv")
    ratio = b_seconds / a_seconds  # of rows per second: the same rows on both sides
    tool = "sqlite3" if setup.backend == "sqlite" else "psql \\copy"
    note = (f"{rows:,} rows; export {rate:,} rows/s by its own clock "
            f"({rows / a_seconds:,.0f} with the process start), {tool} {rows / b_seconds:,.0f} "
            f"rows/s; peak RSS {peak:.0f} MB")  # fmt: skip
    ok = rate >= TARGET_ROWS_PER_SECOND and peak <= PEAK_MB
    return Figure(name, f"{rows:,}-row {format} export", "the database's own CSV dump",
                  Timing([a_seconds * 1000]), Timing([b_seconds * 1000]), ratio, "x rows/s",
                  f"≥ {TARGET_ROWS_PER_SECOND:,} rows/s, peak RSS ≤ {PEAK_MB} MB", verdict(ok),
                  note)  # fmt: skip


def export_skipped(backend: str, format: str, reason: str) -> Figure:
    return Figure(f"export {format}, {backend}", "1M-row export", "the database's own CSV dump",
                  verdict="SKIP", note=reason)  # fmt: skip


async def _dump(setup: Setup, path: Path) -> float:
    select = f"SELECT {EXPORT_COLUMNS} FROM transactions ORDER BY customer_id, id"
    if setup.backend == "sqlite":
        command = ["sqlite3", "-csv", "-header", setup.database, select]
    else:
        command = ["psql", setup.database, "-q", "-c", f"\\copy ({select}) TO STDOUT CSV HEADER"]
    started = time.perf_counter()
    with path.open("wb") as handle:
        dump = await asyncio.create_subprocess_exec(*command, stdout=handle)
        if await dump.wait() != 0:
            raise RuntimeError(f"{command[0]} failed with exit code {dump.returncode}")
    return time.perf_counter() - started


def _found(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise RuntimeError(f"the export did not report {pattern!r}: {text[-500:]}")
    return match.group(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_healthy(port: int) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(300):
            try:
                if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the gateway on port {port} did not start within 30 s")

"""The load figure: `reporting-gateway load` of a sending-events file, rollups maintained.

The file is the demo data's sending events (events clustered around each sending, as
real exports are), into a fresh database of the bench's own (a SQLite file in the work
folder; the PostgreSQL database `<REPORTING_BENCH_DB_PREFIX>bench_load`), after its customers
and sendings.
The command reports its own rows per second (the load alone, without the process start);
its peak memory is read from the operating system.
"""

from __future__ import annotations

import asyncio
import csv
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.data import create_own
from bench.environment import POSTGRES, database_name, log
from bench.measure import Figure, verdict
from reporting_gateway.storage.facts import tables
from reporting_gateway.storage.ingest.demo_data import DemoData

TARGET_ROWS_PER_SECOND = 50_000
FILES = ("customers", "sendings", "sending_events")


def write_files(folder: Path, scale: float) -> dict[str, Path]:
    """The demo data's customers, sendings and sending events as CSV files (made once)."""
    paths = {name: folder / f"load-{scale:g}-{name}.csv" for name in FILES}
    if all(path.exists() for path in paths.values()):
        return paths
    data = DemoData(scale=scale, seed=1, until=datetime(2026, 11, 1, tzinfo=UTC))
    handles = {name: path.open("w", newline="") for name, path in paths.items()}
    try:
        writers = {name: csv.writer(handle) for name, handle in handles.items()}
        for name, writer in writers.items():
            writer.writerow([c.name for c in getattr(tables, name).columns])
        for table, rows, _ in data.tables():
            if table.name in writers:
                names = [c.name for c in table.columns]
                writers[table.name].writerows([_cell(row.get(n)) for n in names] for row in rows)
    finally:
        for handle in handles.values():
            handle.close()
    return paths


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime) else value


def _load(env: dict[str, str], table: str, path: Path) -> tuple[str, float]:
    """Run the command; its output and its peak resident memory in MB."""
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "reporting_gateway", "load", table, str(path)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"loading {table} failed: {output[-500:]}")
    return output, usage.ru_maxrss / 1024


async def _fresh_database(backend: str, workdir: Path) -> str:
    if backend == "sqlite":
        path = workdir / "load.db"
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        return f"sqlite+aiosqlite:///{path}"
    dsn = await create_own(POSTGRES, database_name("bench_load"), "load")
    return "postgresql+asyncpg://" + dsn.removeprefix("postgresql://")


async def load_figure(backend: str, scale: float, workdir: Path) -> Figure:
    paths = await asyncio.to_thread(write_files, workdir, scale)
    env = {**os.environ, "REPORTING_DATABASE_URL": await _fresh_database(backend, workdir)}
    for table in FILES[:-1]:
        await asyncio.to_thread(_load, env, table, paths[table])
    log(f"measuring load, {backend} …")
    output, peak = await asyncio.to_thread(_load, env, "sending_events", paths["sending_events"])
    found = re.search(r"loaded ([\d,]+) rows .* in ([\d.]+) s, ([\d,]+) rows/s", output)
    if found is None:
        raise RuntimeError(f"the load did not report its speed: {output[-300:]}")
    rows, seconds = int(found.group(1).replace(",", "")), float(found.group(2))
    rate = int(found.group(3).replace(",", ""))
    return Figure(
        f"load, {backend}", f"{rows:,} sending events (CSV), rollups maintained", "-",
        value=rate, unit="rows/s", target=f"≥ {TARGET_ROWS_PER_SECOND:,} rows/s",
        verdict=verdict(rate >= TARGET_ROWS_PER_SECOND),
        note=f"{seconds:.1f} s; peak RSS {peak:.0f} MB",
    )  # fmt: skip


def skipped(backend: str, reason: str) -> Figure:
    return Figure(f"load, {backend}", "sending events", "-", verdict="SKIP", note=reason)

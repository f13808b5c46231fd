"""200,000 rows: an export in constant memory, and one that survives `kill -9` of its process."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import re
import signal
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from reporting_gateway.catalog.registry import all_permits
from reporting_gateway.storage.engine import create_engine
from reporting_gateway.storage.facts import tables
from reporting_gateway.storage.migrate import migrate
from reporting_gateway.storage.state.credentials import Credentials
from tests import processes
from tests.conftest import NOW, TEST_SECRET, insert_rows
from tests.factories import CUSTOMERS

ROWS = 200_000
PEAK_MB_BOUND = 300  # observed about 95 MB (mostly the interpreter and libraries): 3x above


@pytest.fixture(scope="module")
async def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    directory = tmp_path_factory.mktemp("big")
    url = f"sqlite+aiosqlite:///{directory / 'big.db'}"
    engine = create_engine(url)
    await migrate(engine)
    await insert_rows(engine, {"customers": CUSTOMERS[:2]})
    async with engine.begin() as connection:
        for start in range(0, ROWS, 20_000):
            await connection.execute(
                tables.transactions.insert(),
                [
                    {
                        "customer_id": 101 + n % 2,
                        "id": n,
                        "member_id": n % 997,
                        "place_id": n % 13,
                        "type": "purchase",
                        "amount": n % 500 + 0.25,
                        "currency": "PLN",
                        "points": n % 50,
                        "occurred_at": NOW - timedelta(seconds=n),
                    }
                    for n in range(start, start + 20_000)
                ],
            )
    token, _ = await Credentials(engine).create(
        name="big", permits=all_permits(), customers=None, organization="o", now=NOW
    )
    await engine.dispose()
    return url, token, directory


def environment(url: str, directory: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "REPORTING_DATABASE_URL": url,
        "REPORTING_SECRET": TEST_SECRET,
        "REPORTING_EXPORT_DIR": str(directory / "exports"),
        "REPORTING_LOG_LEVEL": "warning",
        "REPORTING_RATE_LIMIT_CAPACITY": "1000000",
        **extra,
    }


def ids_in(text: str) -> list[int]:
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(text))]


async def test_a_200k_row_export_runs_in_bounded_memory(big: tuple[str, str, Path]) -> None:
    url, _, directory = big
    output = directory / "cli.csv"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "reporting_gateway",
        "export",
        "transactions",
        "--customers",
        "all",
        "--output",
        str(output),
        "--page-size",
        "10000",
        env=environment(url, directory),
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate()
    report = stderr.decode()
    assert process.returncode == 0, report
    peak = float(re.search(r"peak memory (\d+) MB", report).group(1))  # type: ignore[union-attr]
    assert peak < PEAK_MB_BOUND, report
    ids = ids_in(output.read_text())
    assert len(ids) == ROWS and len(set(ids)) == ROWS
    assert "100%" in report and f"{ROWS:,}/{ROWS:,} rows" in report  # the progress bar


async def start_gateway(url: str, directory: Path) -> tuple[asyncio.subprocess.Process, str]:
    return await processes.start_gateway(
        environment(
            url, directory, REPORTING_EXPORT_LEASE_SECONDS="1", REPORTING_EXPORT_POLL_SECONDS="0.2"
        ),
        directory,
    )


JOB = "query($id: ID!) { exportJob(id: $id) { status rowsWritten rowsExpected downloadUrl } }"


async def test_an_export_survives_kill_9_of_its_process(big: tuple[str, str, Path]) -> None:
    url, token, directory = big
    headers = {"X-Client-Authorization": token, "X-Customer": "all=all"}
    first, base = await start_gateway(url, directory)
    async with httpx.AsyncClient(headers=headers, timeout=60) as http:
        created = await http.post(
            f"{base}/graphql",
            json={
                "query": "mutation { exportRecords(report: TRANSACTIONS, pageSize: 500) { id } }"
            },
        )
        job_id = created.json()["data"]["exportRecords"]["id"]
        while True:  # let it write a part of the file, then kill the process without warning
            job = (
                await http.post(f"{base}/graphql", json={"query": JOB, "variables": {"id": job_id}})
            ).json()["data"]["exportJob"]
            if job["rowsWritten"] >= 20_000:
                break
            await asyncio.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        await first.wait()
        assert job["status"] == "RUNNING" and job["rowsWritten"] < ROWS, job
        second, base = await start_gateway(url, directory)
        try:
            for _ in range(1200):
                job = (
                    await http.post(
                        f"{base}/graphql", json={"query": JOB, "variables": {"id": job_id}}
                    )
                ).json()["data"]["exportJob"]
                if job["status"] == "DONE":
                    break
                await asyncio.sleep(0.1)
            assert job["status"] == "DONE", job
            text = (await http.get(f"{base}{job['downloadUrl']}")).text
        finally:
            second.terminate()
            await second.wait()
    ids = ids_in(text)
    assert len(ids) == ROWS == job["rowsWritten"]
    assert len(set(ids)) == ROWS  # nothing twice, nothing lost

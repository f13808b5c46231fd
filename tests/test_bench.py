"""A smoke run of `python -m bench` at a tiny scale: the harness loads its data, measures every
figure on both sides and writes its table and JSON. Timings are never asserted here (they are
the benchmark's business, not the test suite's); what is asserted is that every figure was
measured, with real samples, and that nothing was skipped that CI has the services for."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.history import queries
from bench.served import NAMES
from tests.conftest import POSTGRES_URL, REDIS_URL, REQUIRE_SERVICES

pytestmark = pytest.mark.slow

FIGURES = [
    "records page",
    "per-row cost",
    "deep page",
    "statistics",
    "timeseries, one customer",
    "timeseries, two timezones",
    "access overhead",
    "limiter backend",
    "backends: records page",
    "backends: statistics",
    *(
        figure
        for backend in ("sqlite", "postgresql")
        for figure in (
            f"export csv, {backend}",
            f"export jsonl, {backend}",
            *(f"served, {backend}: {name}" for name in NAMES),
        )
    ),
    "load, sqlite",
    "load, postgresql",
    *(
        f"history, {backend}: {name}"
        for backend in ("sqlite", "postgresql")
        for name, _, _ in queries(datetime.now(UTC))
    ),
]
# what may be skipped outside CI: figures that need a server, the database's command line, or
# npm (PostGraphile)
SERVICES = {"limiter backend", "backends: records page", "backends: statistics"} | {
    name
    for name in FIGURES
    if name.startswith(("history, postgresql", "load, postgresql", "served, postgresql"))
    or name.startswith("export ")  # the B side is the database's command line
}


def test_a_tiny_bench_run_measures_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = {
        **os.environ,
        "REPORTING_BENCH_POSTGRES_URL": POSTGRES_URL.replace("+asyncpg", ""),
        "REPORTING_BENCH_REDIS_URL": REDIS_URL,
    }
    command = [sys.executable, "-m", "bench", "--scale", "0.002", "--repeats", "3",
               "--seconds", "0.3", "--workdir", str(tmp_path), "--json", str(out)]  # fmt: skip
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)  # noqa: S603 - our own bench
    assert run.returncode == 0, run.stderr[-3000:]

    results = {figure["name"]: figure for figure in json.loads(out.read_text())}
    assert list(results) == FIGURES
    for name, figure in results.items():
        assert name in run.stdout, f"{name!r} is missing from the printed table"
        if figure["verdict"] == "SKIP":
            assert name in SERVICES, f"{name} was skipped: {figure['note']}"
            assert not REQUIRE_SERVICES, f"{name} was skipped in CI: {figure['note']}"
            continue
        assert figure["verdict"] in {"PASS", "MISS", "REPORT"}
        # a difference of two timings (per-row cost) may be any sign at this scale
        assert figure["value"] is not None and math.isfinite(figure["value"]), figure
        for side in ("timing_a", "timing_b"):
            if figure[side] is not None:
                assert 0 < figure[side]["min_ms"] <= figure[side]["median_ms"]

    if REQUIRE_SERVICES:  # CI has npm: the peer ran beside the gateway
        assert "PostGraphile" in results["served, postgresql: 100-row page, 1 connection"]["b"]
    if results["export csv, postgresql"]["verdict"] == "SKIP":
        return
    exported = (tmp_path / "export.csv").read_text().splitlines()
    dumped = (tmp_path / "dump.csv").read_text().splitlines()
    assert len(exported) == len(dumped) > 1, "the export and the dump hold the same rows"

"""The GraphQL over HTTP conformance audits (npm `graphql-http`, pinned by the lockfile of
clients/conformance) against a running gateway: no error and no warning."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from reporting_gateway.storage.engine import create_engine
from reporting_gateway.storage.migrate import migrate
from tests.clients.conftest import require_npm_install
from tests.conftest import TEST_SECRET
from tests.processes import gateway

pytestmark = pytest.mark.slow


async def test_the_graphql_over_http_audits_pass_without_errors_or_warnings(
    tmp_path: Path,
) -> None:
    package = require_npm_install("conformance")
    url = f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}"
    engine = create_engine(url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()
    environment = {
        "REPORTING_DATABASE_URL": url,
        "REPORTING_SECRET": TEST_SECRET,
        "REPORTING_AUTH": "false",  # the audits send no token; every answer is still checked
        "REPORTING_LOG_LEVEL": "warning",
    }
    async with gateway(environment, tmp_path) as base:
        node = await asyncio.create_subprocess_exec(
            shutil.which("node") or "node", "audit.mjs", f"{base}/graphql",
            cwd=package, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(node.communicate(), timeout=120)
    results = [json.loads(line) for line in out.decode().splitlines() if line.strip()]
    failing = [r for r in results if r["status"] in ("error", "warn")]
    assert not failing, json.dumps(failing, indent=1)
    assert node.returncode == 0, err.decode()
    assert len(results) >= 60  # every audit of the pinned version ran

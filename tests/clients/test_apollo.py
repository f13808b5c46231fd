"""Apollo Client 4 (pinned by clients/apollo's lockfile) against a running gateway: refusals
arrive as GraphQL errors with their codes, automatic persisted queries register once and
then travel as a hash, by POST and by GET, and its default cache keeps two customers'
records apart when they share database ids."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.store import Store
from tests.clients.conftest import DemoGateway, require_npm_install
from tests.conftest import TEST_SECRET, Database, create_token, insert_rows
from tests.factories import CANARY, ROWS
from tests.processes import gateway

pytestmark = pytest.mark.slow


async def run_check(script: str, *arguments: str) -> dict[str, Any]:
    package = require_npm_install("apollo")
    node = await asyncio.create_subprocess_exec(
        shutil.which("node") or "node", script, *arguments,
        cwd=package, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(node.communicate(), timeout=120)
    report: dict[str, Any] = json.loads(out.decode() or "{}")
    failing = {name: c for name, c in report.get("checks", {}).items() if not c["ok"]}
    assert not failing, json.dumps(failing, indent=1) + err.decode()
    assert node.returncode == 0, err.decode()
    return report


async def test_apollo_client_gets_codes_and_uses_persisted_queries(
    demo_gateway: DemoGateway,
) -> None:
    report = await run_check("check.mjs", f"{demo_gateway.url}/graphql", demo_gateway.token)
    assert len(report["checks"]) == 5


async def test_apollo_default_cache_keeps_two_customers_members_apart(tmp_path: Path) -> None:
    """The canary customer's members copy customer 101's with the same database ids: the
    collision that made Apollo's default cache merge them before ids were global. (A store
    of its own: the gateway process reads it by URL. The client's cache does not depend on
    the backend.)"""
    require_npm_install("apollo")
    database = Database("sqlite", tmp_path)
    engine = await database.create()
    try:
        await insert_rows(engine, ROWS)
        store = Store(engine, CursorSigner(TEST_SECRET.encode()))
        token = await create_token(store, customers=[101, CANARY], name="apollo-cache")
    finally:
        await engine.dispose()
    environment = {
        "REPORTING_DATABASE_URL": str(engine.url),
        "REPORTING_SECRET": TEST_SECRET,
        "REPORTING_LOG_LEVEL": "warning",
    }
    async with gateway(environment, tmp_path) as base:
        report = await run_check("cache.mjs", f"{base}/graphql", token, "id=101", f"id={CANARY}")
    assert len(report["checks"]) == 4

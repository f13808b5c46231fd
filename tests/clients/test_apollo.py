"""Apollo Client 4 (pinned by clients/apollo's lockfile) against a running gateway: refusals
arrive as GraphQL errors with their codes, and automatic persisted queries register once and
then travel as a hash, by POST and by GET."""

from __future__ import annotations

import asyncio
import json
import shutil

import pytest

from tests.clients.conftest import DemoGateway, require_npm_install

pytestmark = pytest.mark.slow


async def test_apollo_client_gets_codes_and_uses_persisted_queries(
    demo_gateway: DemoGateway,
) -> None:
    package = require_npm_install("apollo")
    node = await asyncio.create_subprocess_exec(
        shutil.which("node") or "node", "check.mjs", f"{demo_gateway.url}/graphql",
        demo_gateway.token,
        cwd=package, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(node.communicate(), timeout=120)
    report = json.loads(out.decode() or "{}")
    failing = {name: c for name, c in report.get("checks", {}).items() if not c["ok"]}
    assert not failing, json.dumps(failing, indent=1) + err.decode()
    assert node.returncode == 0, err.decode()
    assert len(report["checks"]) == 5

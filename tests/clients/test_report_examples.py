"""Every example query of docs/reports.md runs as written against a gateway over demo data."""

from __future__ import annotations

import re

import httpx

from reporting_gateway.catalog import CATALOG
from reporting_gateway.schema import naming
from tests.clients.conftest import ROOT, DemoGateway


def examples() -> dict[str, str]:
    """report name → the example under its section."""
    text = (ROOT / "docs" / "reports.md").read_text()
    found = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        name = section.split("\n", 1)[0].strip()
        block = re.search(r"```graphql\n(.*?)```", section, re.S)
        if block:
            found[name] = block.group(1)
    return found


async def test_every_reports_example_runs_against_the_demo_data(demo_gateway: DemoGateway) -> None:
    written = examples()
    assert set(written) == set(CATALOG), set(CATALOG) ^ set(written)
    answered = 0
    async with httpx.AsyncClient(base_url=demo_gateway.url, timeout=60) as http:
        for name, query in written.items():
            response = await http.post(
                "/graphql", json={"query": query}, headers=demo_gateway.headers()
            )
            body = response.json()
            assert response.status_code == 200 and "errors" not in body, (name, body)
            value = body["data"][naming.root_field(name)]
            assert value is not None, name
            answered += bool(value.get("nodes") or value.get("series"))
    assert answered >= len(CATALOG) // 2  # most reports have demo data in the example's range

"""The Python example (clients/python) with the real `gql` client against a gateway process."""

from __future__ import annotations

import asyncio
import os
import sys

import httpx

from reporting_gateway.storage.ingest.demo_data import CUSTOMERS
from tests.clients.conftest import ROOT, DemoGateway

EXAMPLE = ROOT / "clients" / "python" / "members_report.py"
PAGE_SIZE = 20


async def run_example(gateway: DemoGateway, customer: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLE),
        env={
            **os.environ,
            "REPORTING_URL": f"{gateway.url}/graphql",
            "REPORTING_TOKEN": gateway.token,
            "REPORTING_CUSTOMER": customer,
            "REPORTING_PAGE_SIZE": str(PAGE_SIZE),
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    return process.returncode or 0, out.decode(), err.decode()


async def test_the_gql_example_walks_every_page_and_agrees_with_the_api(
    demo_gateway: DemoGateway,
) -> None:
    customer = f"id={CUSTOMERS[0].id}"
    code, out, err = await run_example(demo_gateway, customer)
    assert code == 0, err
    async with httpx.AsyncClient(base_url=demo_gateway.url) as http:
        body = (
            await http.post(
                "/graphql",
                json={"query": "{ members(first: 1) { totalCount } }"},
                headers=demo_gateway.headers(customer),
            )
        ).json()
    total = body["data"]["members"]["totalCount"]
    assert total > 2 * PAGE_SIZE  # several pages were walked
    assert f"members: {total}\n" in out
    assert "delivered sending events: " in out and "delivered sending events: 0\n" not in out


async def test_the_gql_example_reports_the_gateways_error_code(demo_gateway: DemoGateway) -> None:
    code, out, err = await run_example(demo_gateway, "id=not-a-number")
    assert code == 1 and out == ""
    assert err.startswith("CUSTOMER_HEADER_INVALID: "), err

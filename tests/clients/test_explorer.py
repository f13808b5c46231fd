"""GraphiQL in a real browser: Debian's Chromium, driven by Playwright, against a gateway
process serving the explorer's own (npm-installed) scripts."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from reporting_gateway.storage.ingest.demo_data import CUSTOMERS
from tests.clients.conftest import DemoGateway, require_npm_install
from tests.conftest import require_or_skip

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("REPORTING_TEST_CHROMIUM", "/usr/bin/chromium")
# Flags for a root, headless Chromium on a machine without network access to Google.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = os.environ.get("REPORTING_TEST_SCREENSHOT_DIR")  # also keep it there (README)
RESULT = "document.querySelector('.result-window .CodeMirror').CodeMirror.getValue()"
# The editor tools hold the variables editor, then the headers editor.
HEADERS = "document.querySelectorAll('.graphiql-editor-tool .CodeMirror')[1].CodeMirror.getValue()"


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        require_or_skip(
            f"{CHROMIUM} is missing: install Debian's chromium and chromium-driver "
            "(README, Development) to run the browser test"
        )


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[object]:
    require_chromium()
    require_npm_install("explorer")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


async def result_json(page: object, previous: str = "") -> dict[str, object]:
    """The response pane's JSON once a response other than `previous` has arrived."""
    await page.wait_for_function(  # type: ignore[attr-defined]
        f"(() => {{ const t = {RESULT}; return t.includes('\"data\"') && t !== {json.dumps(previous)}; }})()",
        timeout=30_000,
    )
    return json.loads(await page.evaluate(RESULT))  # type: ignore[attr-defined,no-any-return]


async def test_a_report_query_runs_through_the_explorer(
    demo_gateway: DemoGateway, browser: object, tmp_path: Path
) -> None:
    first, second = CUSTOMERS[0].id, CUSTOMERS[1].id
    page = await browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    headers = json.dumps(demo_gateway.headers(f"id={first}"))
    await page.goto(f"{demo_gateway.url}/graphql?{urlencode({'headers': headers})}")
    await page.wait_for_selector(".graphiql-container", timeout=30_000)

    # The first tab is the records example; run it as a user would, with the play button.
    tabs = await page.locator(".graphiql-tab").all_inner_texts()
    assert len(tabs) == 4, tabs  # one example per format, and the free budget queries
    await page.click(".graphiql-execute-button")
    body = await result_json(page)
    edges = body["data"]["sendings"]["edges"]  # type: ignore[index]
    assert edges and {e["node"]["loyaltyClubId"] for e in edges} == {first}
    assert body["data"]["sendings"]["totalCount"] >= len(edges)  # type: ignore[index]

    # The X-Customer bar rewrites the header in the headers pane; the next run reports on it.
    await page.fill("#x-customer", f"id={second}")
    await page.click("#customer-bar button[type=submit]")
    await page.wait_for_function(f"{HEADERS}.includes('id={second}')")
    assert demo_gateway.token in await page.evaluate(HEADERS)  # the token was kept
    shown = await page.evaluate(RESULT)
    await page.click(".graphiql-execute-button")
    again = await result_json(page, previous=shown)
    assert {e["node"]["loyaltyClubId"] for e in again["data"]["sendings"]["edges"]} == {second}  # type: ignore[index]

    # The docs pane shows each report's permit and cost (from the schema's descriptions).
    await page.click("button[aria-label='Show Documentation Explorer']")
    await page.click(".graphiql-doc-explorer-content a:text-is('Query')")
    await page.click(".graphiql-doc-explorer-content a:text-is('sendings')")
    await page.wait_for_selector("text=Permit: Reporting:Api:Report:Sendings. Cost: 2 tokens.")

    screenshot = tmp_path / "graphiql.png"
    await page.screenshot(path=str(screenshot))
    assert screenshot.stat().st_size > 10_000
    if SCREENSHOT_DIR:
        shutil.copy(screenshot, Path(SCREENSHOT_DIR) / "graphiql.png")
    assert not failed, (
        f"requests that failed (the page must need nothing from the internet): {failed}"
    )
    await page.close()


async def test_the_explorer_scripts_are_served_locally(demo_gateway: DemoGateway) -> None:
    require_npm_install("explorer")
    async with httpx.AsyncClient(base_url=demo_gateway.url) as http:
        page = (await http.get("/graphql", headers={"Accept": "text/html"})).text
        assert "unpkg.com" not in page
        for name in ("react.js", "react-dom.js", "graphiql.js", "graphiql.css"):
            response = await http.get(f"/graphiql/assets/{name}")
            assert response.status_code == 200 and len(response.content) > 1000, name
        assert (await http.get("/graphiql/assets/package.json")).status_code == 404

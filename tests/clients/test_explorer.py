"""GraphiQL in a real browser: Debian's Chromium, driven by Playwright, against a gateway
process serving the explorer's own (npm-installed) scripts."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from reporting_gateway.api.explorer_assets import BUILT, INSTALLED, ExplorerAssets
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
SCREENSHOT_DIR = os.environ.get("REPORTING_TEST_SCREENSHOT_DIR")  # also keep them there (README)
RUN = ".graphiql-execute-button"


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        require_or_skip(
            f"{CHROMIUM} is missing: install Debian's chromium and chromium-driver "
            "(README, Development) to run the browser test"
        )


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[object]:
    require_chromium()
    require_explorer_build()
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


def is_operation(request: object) -> bool:
    body = request.post_data or ""  # type: ignore[attr-defined]
    return request.method == "POST" and "IntrospectionQuery" not in body  # type: ignore[attr-defined,no-any-return]


async def run(page: object) -> tuple[dict[str, object], dict[str, str]]:
    """Press the play button as a user would; the answer as the server sent it, and the
    headers the browser sent with it."""
    async with page.expect_response(lambda r: is_operation(r.request)) as info:  # type: ignore[attr-defined]
        await page.click(RUN)  # type: ignore[attr-defined]
    response = await info.value
    return await response.json(), await response.request.all_headers()


async def shown(page: object, text: str) -> None:
    """The response pane shows `text` (Monaco draws its visible lines as DOM)."""
    await page.locator(".result-window").get_by_text(text).first.wait_for(timeout=30_000)  # type: ignore[attr-defined]


async def type_query(page: object, query: str) -> None:
    editor = page.locator(".graphiql-query-editor .monaco-editor").first  # type: ignore[attr-defined]
    await editor.click()
    await page.keyboard.press("ControlOrMeta+A")  # type: ignore[attr-defined]
    await page.keyboard.press("Delete")  # type: ignore[attr-defined]
    await page.keyboard.insert_text(query)  # type: ignore[attr-defined]


async def keep(page: object, directory: Path, name: str) -> None:
    path = directory / name
    await page.screenshot(path=str(path))  # type: ignore[attr-defined]
    assert path.stat().st_size > 10_000
    if SCREENSHOT_DIR:
        shutil.copy(path, Path(SCREENSHOT_DIR) / name)


def clubs(body: dict[str, object]) -> set[int]:
    return {e["node"]["loyaltyClubId"] for e in body["data"]["sendings"]["edges"]}  # type: ignore[index]


TODAY = date.today()
CHART_QUERY = (
    "query Chart { sendingsEventsHistory("
    f'from: "{TODAY - timedelta(days=700)}T00:00:00", to: "{TODAY}T00:00:00", '
    "interval: MONTH, fillGaps: true) "
    "{ timeBuckets series { label { eventType } values } } }"
)


async def answer(gateway: DemoGateway, query: str, customer: str) -> Any:
    """What the API answers that customer, straight over HTTP."""
    async with httpx.AsyncClient(base_url=gateway.url) as http:
        response = await http.post(
            "/graphql", json={"query": query}, headers=gateway.headers(customer)
        )
    return response.json()["data"]


async def test_a_new_tab_a_customer_switch_and_a_reload_all_answer_with_data(
    demo_gateway: DemoGateway, browser: object, tmp_path: Path
) -> None:
    first, second = CUSTOMERS[0].id, CUSTOMERS[1].id
    page = await browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    failed: list[str] = []

    # A reload aborts what is still loading (a worker, say): only other failures count.
    def on_failure(request: Any) -> None:
        if request.failure != "net::ERR_ABORTED":
            failed.append(f"{request.url}: {request.failure}")

    page.on("requestfailed", on_failure)
    headers = json.dumps(demo_gateway.headers(f"id={first}"))
    await page.goto(f"{demo_gateway.url}/graphql?{urlencode({'headers': headers})}")
    await page.wait_for_selector(".graphiql-container", timeout=30_000)
    assert demo_gateway.token not in page.url  # kept in local storage, not in the history
    assert await page.input_value("#x-customer") == f"id={first}"

    # The first tab is the records example, its variables filled in on a first visit.
    tabs = await page.locator(".graphiql-tab").all_inner_texts()
    assert len(tabs) == 4, tabs  # one example per format, and the free budget queries
    body, sent = await run(page)
    assert clubs(body) == {first}, body
    assert sent["x-client-authorization"] == demo_gateway.token
    await shown(page, '"totalCount"')
    await keep(page, tmp_path, "graphiql.png")

    # A new tab has no headers of its own, yet its query is authenticated and scoped.
    await page.click("button[aria-label='New tab']")
    assert len(await page.locator(".graphiql-tab").all()) == 5
    await type_query(page, CHART_QUERY)
    await page.locator(".graphiql-tab", has_text="Chart").wait_for()  # the edit is taken in
    expected = {c: await answer(demo_gateway, CHART_QUERY, f"id={c}") for c in (first, second)}
    assert expected[first] != expected[second]
    body, _ = await run(page)
    assert body["data"] == expected[first]

    # The bar switches the customer for every tab; it survives a reload.
    await page.fill("#x-customer", f"id={second}")
    await page.click("#session-bar button[type=submit]")
    await page.reload()
    await page.wait_for_selector(".graphiql-container", timeout=30_000)
    assert await page.input_value("#x-customer") == f"id={second}"
    body, sent = await run(page)  # the new tab is still the active one
    assert body["data"] == expected[second] and sent["x-customer"] == f"id={second}"
    history = expected[second]["sendingsEventsHistory"]
    series, buckets = history["series"], history["timeBuckets"]

    # The chart pane draws that answer: a line per series, labelled, over its months.
    await page.click("button[aria-label='Show Chart']")
    chart = page.locator("figure.chart[data-kind=line]")
    await chart.wait_for(timeout=30_000)
    legend = await chart.locator(".chart-legend li").all_inner_texts()
    assert len(legend) == len(series) and all("eventType=" in name for name in legend), legend
    caption = await chart.locator("figcaption").inner_text()
    assert f"{len(series)} series over {len(buckets)} time buckets" in caption
    drawn = await chart.locator("canvas").evaluate("c => c.toDataURL().length")
    assert drawn > 5_000  # not a blank canvas
    await keep(page, tmp_path, "explorer-chart.png")

    # A statistics answer is drawn as bars, one per labelled value.
    await page.click(".graphiql-tab :text-is('SendingEventsByChannel')")
    body, _ = await run(page)
    bars = page.locator("figure.chart[data-kind=bar]")
    await bars.wait_for(timeout=30_000)
    values = body["data"]["byChannel"]["series"]  # type: ignore[index]
    assert len(await bars.locator(".chart-legend li").all()) == len(values) > 0

    # The schema never depends on X-Customer: a wrong one still loads the docs, while a query
    # answers with the error that names it.
    await page.fill("#x-customer", "id=999")
    await page.click("#session-bar button[type=submit]")
    await page.reload()
    await page.wait_for_selector(".graphiql-container", timeout=30_000)
    await page.click("button[aria-label='Show Documentation Explorer']")
    await page.click(".graphiql-doc-explorer-content a:text-is('Query')")
    await page.click(".graphiql-doc-explorer-content a:text-is('sendings')")
    await page.wait_for_selector("text=Permit: Reporting:Api:Report:Sendings. Cost: 2 tokens.")
    body, _ = await run(page)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body  # type: ignore[index]

    # A tab's own headers pane overrides the bar for that tab, and the bar says so.
    await page.click(".graphiql-editor-tools button:text-is('Headers')")
    headers_editor = page.locator(".graphiql-editor-tool .monaco-editor").last
    await headers_editor.click()
    await page.keyboard.press("ControlOrMeta+A")
    await page.keyboard.insert_text(json.dumps({"X-Customer": f"id={first}"}))
    await page.locator("#session-bar .override", has_text=f"id={first}").wait_for()
    body, sent = await run(page)
    assert sent["x-customer"] == f"id={first}" and "errors" not in body, body

    assert not failed, (
        f"requests that failed (the page must need nothing from the internet): {failed}"
    )
    await page.close()


def require_explorer_build() -> None:
    require_npm_install("explorer")
    if missing := ExplorerAssets(INSTALLED).missing():
        require_or_skip(f"clients/explorer/dist lacks {missing}: run `make explorer`")


async def test_the_explorer_scripts_are_served_locally(demo_gateway: DemoGateway) -> None:
    require_explorer_build()
    async with httpx.AsyncClient(base_url=demo_gateway.url) as http:
        page = (await http.get("/graphql", headers={"Accept": "text/html"})).text
        assert "esm.sh" not in page
        for name in BUILT:
            response = await http.get(f"/graphiql/assets/{name}")
            assert response.status_code == 200 and len(response.content) > 1000, name
        assert (await http.get("/graphiql/assets/package.json")).status_code == 404

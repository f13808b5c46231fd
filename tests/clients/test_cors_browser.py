"""A page on another origin calls the gateway from a real browser (Debian's Chromium, through
Playwright): allowed origins get the answer and may read the rate-limit headers; any other
origin is stopped by the browser itself."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reporting_gateway.storage.ingest.demo_data import CUSTOMERS
from tests.clients.test_explorer import CHROMIUM, CHROMIUM_ARGS, require_chromium
from tests.conftest import TEST_SECRET
from tests.processes import free_port, gateway

pytestmark = pytest.mark.slow

PAGE = """<!doctype html><html><body><pre id="out">waiting</pre><script>
const out = document.getElementById("out");
fetch(%(url)s, {
  method: "POST",
  headers: {"Content-Type": "application/json", "X-Client-Authorization": %(token)s,
            "X-Customer": %(customer)s},
  body: JSON.stringify({query: "{ sendingsStats { series { value } } }"}),
}).then(async (response) => {
  const body = await response.json();
  out.textContent = JSON.stringify({status: response.status,
    remaining: response.headers.get("ratelimit-remaining"),
    requestId: response.headers.get("x-request-id"), series: body.data.sendingsStats.series.length});
}).catch((error) => { out.textContent = JSON.stringify({blocked: String(error)}); });
</script></body></html>"""


@contextlib.contextmanager
def page_server(html: str, port: int | None = None) -> Iterator[str]:
    """A page at its own origin (another port of 127.0.0.1)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(html.encode())

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port or free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def test_a_page_on_an_allowed_origin_calls_the_gateway_and_others_are_stopped(
    demo_store: tuple[Path, str, str], tmp_path: Path
) -> None:
    require_chromium()
    from playwright.async_api import async_playwright

    _, database, token = demo_store
    allowed_port = free_port()
    environment = {
        "REPORTING_DATABASE_URL": database,
        "REPORTING_SECRET": TEST_SECRET,
        "REPORTING_LOG_LEVEL": "warning",
        "REPORTING_CORS_ORIGINS": f"http://127.0.0.1:{allowed_port}",
    }
    async with gateway(environment, tmp_path) as base:
        html = PAGE % {
            "url": json.dumps(f"{base}/graphql"),
            "token": json.dumps(token),
            "customer": json.dumps(f"id={CUSTOMERS[0].id}"),
        }
        results = {}
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for name, port in (("allowed", allowed_port), ("other", None)):
                    with page_server(html, port) as page_url:
                        page = await browser.new_page()
                        await page.goto(page_url)
                        await page.wait_for_function(
                            "document.getElementById('out').textContent !== 'waiting'",
                            timeout=30_000,
                        )
                        results[name] = json.loads(await page.inner_text("#out"))
                        await page.close()
            finally:
                await browser.close()
    assert results["allowed"]["status"] == 200, results
    assert results["allowed"]["series"] > 0
    assert results["allowed"]["remaining"] is not None  # exposed to page code
    assert results["allowed"]["requestId"]
    assert "blocked" in results["other"], results

"""The REST API over demo data, as a newcomer meets it: the README's curl commands run as
written, and the two documentation pages we have whole (`sendings_links_stats`,
`sendings_stats`) are reproduced in shape."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from reporting_gateway.catalog import CATALOG
from tests.clients.conftest import ROOT, DemoGateway

QUERY = "/v1/reporting/query"
EVENT_TYPES = {
    "new", "transmitted", "transiently_failed", "delivered", "opened", "opened_event", "failed",
    "delivery_errored",
}  # fmt: skip


def readme_curls() -> list[tuple[str, str, dict[str, Any]]]:
    """(path, X-Customer, body) of each curl in the README's REST section that runs as
    written (the ones quoting an elided cursor `…` continue a page and are skipped)."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## The REST API", 1)[1].split("\n## ", 1)[0]
    found = []
    for command in re.findall(r"curl -s (.*?)(?=\n#|\n```)", section, re.S):
        body = re.search(r"-d '(.*?)'", command, re.S)
        if body is None or "…" in body.group(1):
            continue
        path = re.search(r"http://127\.0\.0\.1:8000(\S+)", command)
        customer = re.search(r"-H 'X-Customer: ([^']+)'", command)
        assert path and customer, command
        found.append((path.group(1), customer.group(1), json.loads(body.group(1))))
    return found


async def test_the_readme_curl_commands_answer(demo_gateway: DemoGateway) -> None:
    commands = readme_curls()
    assert {body["report"] for _, _, body in commands} >= {
        "sendings_links_stats",
        "sendings_events_history",
        "sendings_stats",
    }  # fmt: skip: one per format
    async with httpx.AsyncClient(base_url=demo_gateway.url, timeout=60) as http:
        for path, customer, body in commands:
            response = await http.post(path, json=body, headers=demo_gateway.headers(customer))
            assert response.status_code == 200, (body, response.text)
            answer = response.json()
            assert answer["result_type"] == CATALOG[body["report"]].format.value


async def test_a_newcomer_pages_through_sendings_links_stats(demo_gateway: DemoGateway) -> None:
    """As the documentation page shows it: records of four keys, then the next page by the
    cursor each page gives, to the last one (null)."""
    body: dict[str, Any] = {"report": "sendings_links_stats", "page_size": 1}
    seen: list[tuple[int, str]] = []
    async with httpx.AsyncClient(base_url=demo_gateway.url, timeout=60) as http:
        for _ in range(1000):
            response = await http.post(QUERY, json=body, headers=demo_gateway.headers())
            page = response.json()
            assert set(page) == {"records", "pagination", "result_type"}
            for record in page["records"]:
                assert set(record) == {
                    "loyalty_club_id", "source_id", "visits_count", "unique_visits_count",
                }  # fmt: skip
                assert isinstance(record["source_id"], str)
                assert record["unique_visits_count"] <= record["visits_count"]
                seen.append((record["loyalty_club_id"], record["source_id"]))
            cursor = page["pagination"]["next_page_info"]
            if cursor is None:
                break
            body["page_info"] = cursor
    assert len(seen) > 1 and len(set(seen)) == len(seen)


async def test_sendings_stats_labels_are_the_documented_ones(demo_gateway: DemoGateway) -> None:
    async with httpx.AsyncClient(base_url=demo_gateway.url, timeout=60) as http:

        async def labels(aggregation: str | None, customer: str) -> set[frozenset[str]]:
            body = {"report": "sendings_stats"}
            if aggregation:
                body["aggregate_by"] = aggregation
            response = await http.post(QUERY, json=body, headers=demo_gateway.headers(customer))
            answer = response.json()
            assert answer["result_type"] == "statistics" and answer["series"], answer
            assert {s["label"]["event_type"] for s in answer["series"]} <= EVENT_TYPES
            return {frozenset(s["label"]) for s in answer["series"]}

        one = f"id={demo_gateway.headers()['X-Customer'].removeprefix('id=')}"
        assert await labels(None, one) == {frozenset({"event_type"})}
        for key in ("service_type", "campaign_id", "channel", "reporting_id"):
            assert await labels(key, one) == {frozenset({key, "event_type"})}
            assert await labels(key, "all=all") == {
                frozenset({"loyalty_club_id", key, "event_type"})
            }
            assert await labels(f"total_{key}", "all=all") == {frozenset({key, "event_type"})}

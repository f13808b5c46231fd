"""The documented HTTP contract of the REST API: statuses, error bodies, the 422 details
tree, rate-limit headers and one bucket shared with GraphQL, and the documented shapes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from reporting_gateway.catalog import QUERY_PERMIT
from reporting_gateway.rest import reporting
from reporting_gateway.storage.store import Store
from tests.conftest import create_token, serve
from tests.factories import CANARY
from tests.helpers import graphql

QUERY = "/v1/reporting/query"
LINKS = {"report": "sendings_links_stats"}


async def post(
    http: httpx.AsyncClient, body: Any, customer: str | None = "id=101", path: str = QUERY
) -> httpx.Response:
    headers = {"X-Customer": customer} if customer else {}
    return await http.post(path, json=body, headers=headers)


@pytest.fixture
async def rest(store: Store, token: str) -> Any:
    async with serve(store, token, rate_limit_capacity=10**6) as http:
        yield http


async def test_a_records_page_has_the_documented_shape(rest: httpx.AsyncClient) -> None:
    answer = (await post(rest, {**LINKS, "page_size": 1})).json()
    assert set(answer) == {"records", "pagination", "result_type"}
    assert answer["result_type"] == "records"
    [record] = answer["records"]
    assert set(record) == {"loyalty_club_id", "source_id", "visits_count", "unique_visits_count"}
    assert isinstance(answer["pagination"]["next_page_info"], str)


async def test_next_page_info_walks_every_page_once(rest: httpx.AsyncClient) -> None:
    whole = (await post(rest, {**LINKS, "page_size": 1000})).json()
    assert whole["pagination"]["next_page_info"] is None
    walked: list[Any] = []
    body: dict[str, Any] = {**LINKS, "page_size": 3}
    while True:
        answer = (await post(rest, body)).json()
        walked.extend(answer["records"])
        if answer["pagination"]["next_page_info"] is None:
            break
        body["page_info"] = answer["pagination"]["next_page_info"]
    assert walked == whole["records"] and len(walked) > 3


async def test_statistics_labels_follow_the_aggregation(rest: httpx.AsyncClient) -> None:
    """sendings_stats, as its documentation page: event_type alone, plus the aggregation's key;
    across customers split by loyalty_club_id unless the total_ twin is asked for."""
    plain = (await post(rest, {"report": "sendings_stats"})).json()
    assert {tuple(s["label"]) for s in plain["series"]} == {("event_type",)}
    by_channel = (await post(rest, {"report": "sendings_stats", "aggregate_by": "channel"})).json()
    assert {frozenset(s["label"]) for s in by_channel["series"]} == {
        frozenset({"event_type", "channel"})
    }
    across = await post(rest, {"report": "sendings_stats", "aggregate_by": "channel"}, "all=all")
    assert all("loyalty_club_id" in s["label"] for s in across.json()["series"])
    total = await post(
        rest, {"report": "sendings_stats", "aggregate_by": "total_channel"}, "all=all"
    )
    assert all("loyalty_club_id" not in s["label"] for s in total.json()["series"])
    assert total.json()["result_type"] == "statistics"


async def test_a_timeseries_has_the_documented_shape(rest: httpx.AsyncClient) -> None:
    body = {
        "report": "sendings_events_history",
        "from": "2026-10-20T00:00:00",
        "to": "2026-11-04T00:00:00",
    }
    answer = (await post(rest, body)).json()
    assert set(answer) == {
        "interval", "range_timezone", "time_buckets", "series", "data_points", "result_type",
    }  # fmt: skip
    assert answer["interval"] == "1d" and answer["result_type"] == "timeseries"
    assert answer["range_timezone"] == "Europe/Warsaw"
    assert all(len(s["values"]) == len(answer["time_buckets"]) for s in answer["series"])
    assert answer["time_buckets"][0].endswith(("+01:00", "+02:00"))


async def test_invalid_parameters_mirror_the_request(rest: httpx.AsyncClient) -> None:
    body = {
        "report": "sendings_stats",
        "filter": {
            "type": "and",
            "operations": [
                {"type": "equal", "field": "channel", "value": "sms"},
                {"type": "equal", "field": "channel", "value": "fax"},
            ],
        },
    }
    response = await post(rest, body)
    assert response.status_code == 422
    answer = response.json()
    assert answer["error"] == "Invalid parameters"
    [leaf] = answer["details"]["filter"]["operations"]["1"]["value"]
    assert leaf["error"] == "invalid" and "fax" in leaf["options"]["message"]


async def test_every_shape_problem_is_named_at_once(rest: httpx.AsyncClient) -> None:
    body = {"report": "sendings_events_history", "interval": "2h", "bogus": 1, "fill_gaps": "y"}
    details = (await post(rest, body)).json()["details"]
    assert details["interval"][0]["error"] == "inclusion"
    assert "1d" in details["interval"][0]["options"]["in"]
    assert details["bogus"][0]["error"] == "unknown_key"
    assert details["fill_gaps"][0] == {"error": "invalid_type", "options": {"expected": "boolean"}}
    assert details["from"][0]["error"] == "blank" and details["to"][0]["error"] == "blank"


@pytest.mark.parametrize(
    ("body", "where", "error"),
    [
        ({}, "report", "blank"),
        ({"report": "nope"}, "report", "inclusion"),
        ({**LINKS, "page_size": 0}, "page_size", "invalid"),
        ({**LINKS, "page_size": 10_001}, "page_size", "invalid"),
        ({**LINKS, "page_info": "forged"}, "page_info", "invalid_cursor"),
        ({**LINKS, "aggregate_by": "channel"}, "aggregate_by", "inclusion"),
        ({"report": "sendings_stats", "from": "yesterday"}, "from", "invalid"),
        ({"report": "sendings_stats", "filter": []}, "filter", "invalid_type"),
        ({"report": "members", "filter": {"type": "equal", "field": "community_id", "value": 1}},
         "filter", "invalid"),
    ],
)  # fmt: skip
async def test_a_bad_parameter_is_a_422_at_its_key(
    rest: httpx.AsyncClient, body: dict[str, Any], where: str, error: str
) -> None:
    response = await post(rest, body)
    assert response.status_code == 422, response.text
    details = response.json()["details"]
    leaves = details[where]
    while isinstance(leaves, dict):
        leaves = next(iter(leaves.values()))
    assert leaves[0]["error"] == error


async def test_a_cursor_of_another_query_is_refused(rest: httpx.AsyncClient) -> None:
    page = (await post(rest, {**LINKS, "page_size": 1})).json()
    cursor = page["pagination"]["next_page_info"]
    other = await post(rest, {**LINKS, "page_size": 1, "page_info": cursor}, "id=102")
    assert other.status_code == 422
    assert other.json()["details"]["page_info"][0]["error"] == "invalid_cursor"


async def test_http_errors_have_the_documented_statuses_and_bodies(
    store: Store, rest: httpx.AsyncClient
) -> None:
    broken = await rest.post(
        QUERY, content=b"{", headers={"Content-Type": "application/json", "X-Customer": "id=1"}
    )
    assert broken.status_code == 400 and broken.content == b""
    assert broken.headers["ratelimit-cost"] == "0"
    form = await rest.post(QUERY, content=b"report=x", headers={"Content-Type": "text/plain"})
    assert form.status_code == 415 and "application/json" in form.json()["error"]
    assert "ratelimit-bucket" in form.headers
    assert (await post(rest, LINKS, customer=None)).status_code == 470
    bad_header = await post(rest, LINKS, customer="id=abc")
    assert bad_header.status_code == 471 and set(bad_header.json()) >= {"error"}
    canary = await post(rest, LINKS, customer=f"id={CANARY}")
    assert canary.status_code == 403 and str(CANARY) in canary.json()["error"]
    wrong = await rest.get(QUERY)
    assert wrong.status_code == 405 and wrong.headers["allow"] == "POST"
    assert "POST" in wrong.json()["error"]
    missing = await rest.get("/v1/reporting/nothing")
    assert missing.status_code == 404 and "error" in missing.json()
    async with serve(store) as anonymous:
        refused = await anonymous.post(QUERY, json=LINKS, headers={"X-Customer": "id=101"})
    assert refused.status_code == 401 and "token" in refused.json()["error"]
    narrow = await create_token(store, permits=[QUERY_PERMIT], name="narrow")
    async with serve(store, narrow) as http:
        forbidden = await post(http, LINKS)
    assert forbidden.status_code == 403
    assert "Reporting:Api:Report:SendingsLinksStats" in forbidden.json()["error"]


async def test_rest_and_graphql_draw_from_one_bucket(store: Store, token: str) -> None:
    async with serve(
        store, token, rate_limit_capacity=5, rate_limit_refill_per_second=0.001
    ) as http:
        first = await post(http, LINKS)
        assert first.status_code == 200
        assert first.headers["ratelimit-bucket"] == "reporting:customer:101"
        assert first.headers["ratelimit-cost"] == "2"
        assert first.headers["ratelimit-remaining"] == "3"
        by_graphql = await graphql(http, "{ sendingsLinksStats(first: 1) { nodes { sourceId } } }")
        assert by_graphql.headers["ratelimit-remaining"] == "1"
        await post(http, LINKS)  # admitted above 0, charged in full: -1
        refused = await post(http, LINKS)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) >= 1
        assert refused.headers["ratelimit-bucket"] == "reporting:customer:101"
        assert "bucket is empty" in refused.json()["error"]


async def test_a_refused_call_says_its_bucket_and_costs_nothing(rest: httpx.AsyncClient) -> None:
    refused = await post(rest, {"report": "nope"})
    assert refused.headers["ratelimit-cost"] == "0"
    answered = await post(rest, {"report": "sendings_stats"})
    assert int(answered.headers["ratelimit-remaining"]) == 10**6 - 2


async def test_metadata_and_field_metadata(rest: httpx.AsyncClient) -> None:
    metadata = await post(rest, {"report": "sendings_stats"}, None, "/v1/reporting/metadata")
    assert metadata.status_code == 200 and metadata.headers["ratelimit-cost"] == "1"
    info = metadata.json()
    assert info["permit"] == "Reporting:Api:Report:SendingsStats" and info["cost"] == 2
    assert "total_channel" in {a["name"] for a in info["aggregations"]}
    values = await post(
        rest,
        {"report": "sendings_stats", "field": "channel", "limit": 2},
        path="/v1/reporting/field_metadata",
    )
    assert values.status_code == 200 and values.headers["ratelimit-cost"] == "1"
    assert len(values.json()["values"]) == 2 and values.json()["cut"] is True
    wrong = await post(
        rest,
        {"report": "sendings_stats", "field": "nope", "limit": 0},
        path="/v1/reporting/field_metadata",
    )
    assert wrong.status_code == 422 and "field" in wrong.json()["details"]


async def test_a_bug_is_a_500_with_the_documented_body_and_no_traceback(
    rest: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(reporting, "statistics_answer", broken)
    response = await post(rest, {"report": "sendings_stats"})
    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"error"} and response.headers["x-request-id"] in body["error"]
    assert "secret" not in response.text and "Traceback" not in response.text

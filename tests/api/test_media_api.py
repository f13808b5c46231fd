"""GraphQL over HTTP media types: the status code speaks under graphql-response+json; under
application/json every well-formed GraphQL request is 200, its code in extensions.code."""

from __future__ import annotations

import httpx
import pytest

from reporting_gateway.api.media import GRAPHQL_RESPONSE, JSON, negotiate, status_for
from reporting_gateway.storage.store import Store
from tests.conftest import serve

BAD_FILTER = (
    '{ members(first: 1, filterTree: {type: "equal", field: "nope", value: 1}) { nodes { id } } }'
)
INVALID = "{ members { nodes { nope } } }"
UNPARSABLE = "{ members { "
APOLLO = "application/graphql-response+json,application/json;q=0.9"


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("application/*", JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (APOLLO, GRAPHQL_RESPONSE),
        ("application/json, application/graphql-response+json", GRAPHQL_RESPONSE),
        ("application/json;q=1, application/graphql-response+json;q=0.5", JSON),
        ("text/html, */*;q=0.8", JSON),
        ("text/html", None),
        ("application/json;q=0", None),
        ("application/json;q=nonsense", None),
    ],
)
def test_accept_chooses_the_media_type(accept: str | None, chosen: str | None) -> None:
    assert negotiate(accept) == chosen


def test_under_application_json_only_http_level_statuses_remain() -> None:
    for status in (400, 403, 422, 470, 471):
        assert status_for(JSON, status) == 200
        assert status_for(GRAPHQL_RESPONSE, status) == status
    for status in (200, 401, 405, 413, 415, 429, 500, 503, 504):
        assert status_for(JSON, status) == status


async def post(
    http: httpx.AsyncClient, query: str, accept: str | None, **headers: str
) -> httpx.Response:
    sent = {"X-Customer": "id=101", **headers}
    if accept is not None:
        sent["Accept"] = accept
    else:
        http.headers.pop("Accept", None)
    return await http.post("/graphql", json={"query": query}, headers=sent)


@pytest.mark.parametrize(
    ("query", "code", "status"),
    [
        (BAD_FILTER, "BAD_FILTER", 422),
        (INVALID, "GRAPHQL_VALIDATION_FAILED", 400),
        (UNPARSABLE, "GRAPHQL_PARSE_FAILED", 400),
    ],
)
async def test_a_refused_operation_per_media_type(
    store: Store, token: str, query: str, code: str, status: int
) -> None:
    async with serve(store, token) as http:
        modern = await post(http, query, APOLLO)
        assert modern.status_code == status
        assert modern.headers["content-type"].startswith(GRAPHQL_RESPONSE)
        assert "data" not in modern.json()
        for accept in ("application/json", "*/*", None):
            legacy = await post(http, query, accept)
            assert legacy.status_code == 200, accept
            assert legacy.headers["content-type"].startswith(JSON)
            assert legacy.json()["errors"][0]["extensions"]["code"] == code


async def test_authentication_and_the_rate_limit_keep_their_status_under_json(
    store: Store, token: str
) -> None:
    async with serve(store, None) as anonymous:
        refused = await post(anonymous, "{ __typename }", "application/json")
        assert refused.status_code == 401
    async with serve(
        store, token, rate_limit_capacity=3, rate_limit_refill_per_second=0.001
    ) as http:
        for _ in range(3):
            await post(http, "{ sendingsStats { rangeTimezone } }", "application/json")
        limited = await post(http, "{ sendingsStats { rangeTimezone } }", "application/json")
        assert limited.status_code == 429 and "retry-after" in limited.headers


async def test_an_accept_that_admits_no_json_is_406(store: Store, token: str) -> None:
    async with serve(store, token) as http:
        response = await post(http, "{ __typename }", "text/csv")
        assert response.status_code == 406
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"

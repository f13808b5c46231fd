"""What a frontend on the web needs of HTTP: CORS for allowed origins, gzip, GET caching."""

from __future__ import annotations

import gzip

import httpx

from reporting_gateway.storage.store import Store
from tests.conftest import serve

APP = "https://app.example.com"
PAGE = "{ members(first: 1000) { nodes { id optinChannel gender } } }"


async def test_a_page_on_an_allowed_origin_passes_the_preflight_and_reads_the_headers(
    store: Store, token: str
) -> None:
    async with serve(store, token, cors_origins=f"{APP}, https://other.example.com") as http:
        preflight = await http.options(
            "/graphql",
            headers={
                "Origin": APP,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type, x-client-authorization, x-customer",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == APP
        allowed = preflight.headers["access-control-allow-headers"].lower()
        assert {"x-client-authorization", "x-customer", "content-type"} <= {
            h.strip() for h in allowed.split(",")
        }
        answer = await http.post(
            "/graphql",
            json={"query": "{ sendingsStats { rangeTimezone } }"},
            headers={"Origin": APP, "X-Customer": "id=101"},
        )
        assert answer.headers["access-control-allow-origin"] == APP
        exposed = answer.headers["access-control-expose-headers"].lower()
        for name in ("ratelimit-remaining", "retry-after", "x-request-id"):
            assert name in exposed
        elsewhere = await http.post(
            "/graphql",
            json={"query": "{ __typename }"},
            headers={"Origin": "https://evil.example.org"},
        )
        assert "access-control-allow-origin" not in elsewhere.headers


async def test_without_allowed_origins_there_is_no_cors(store: Store, token: str) -> None:
    async with serve(store, token) as http:
        preflight = await http.options(
            "/graphql", headers={"Origin": APP, "Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in preflight.headers


async def test_large_answers_are_gzipped_for_clients_that_accept_it(
    store: Store, token: str
) -> None:
    async with serve(store, token) as http:
        big = await http.post(
            "/graphql",
            json={"query": PAGE},
            headers={"X-Customer": "all=all", "Accept-Encoding": "gzip"},
        )
        assert big.status_code == 200
        assert big.headers["content-encoding"] == "gzip"
        assert len(big.json()["data"]["members"]["nodes"]) > 10  # httpx unzipped it
        small = await http.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"Accept-Encoding": "gzip"}
        )
        assert "content-encoding" not in small.headers
        plain = await http.post(
            "/graphql",
            json={"query": PAGE},
            headers={"X-Customer": "all=all", "Accept-Encoding": "identity"},
        )
        assert "content-encoding" not in plain.headers
        assert len(gzip.compress(plain.content)) < len(plain.content) / 3


async def get(http: httpx.AsyncClient, customer: str, **headers: str) -> httpx.Response:
    return await http.get(
        "/graphql",
        params={"query": "{ members(first: 5) { nodes { id } } }"},
        headers={"X-Customer": customer, **headers},
    )


async def test_a_get_query_is_revalidated_by_its_etag(store: Store, token: str) -> None:
    async with serve(store, token) as http:
        first = await get(http, "id=101")
        assert first.status_code == 200
        assert first.headers["cache-control"] == "private, no-cache"
        assert (
            "X-Customer" in first.headers["vary"]
            and "X-Client-Authorization" in first.headers["vary"]
        )
        etag = first.headers["etag"]
        again = await get(http, "id=101", **{"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        other = await get(http, "id=103", **{"If-None-Match": etag})
        assert other.status_code == 200 and other.headers["etag"] != etag
        posted = await http.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"X-Customer": "id=101"}
        )
        assert posted.headers["cache-control"] == "no-store" and "etag" not in posted.headers


async def test_the_max_age_setting_lets_a_browser_reuse_an_answer(store: Store, token: str) -> None:
    async with serve(store, token, get_max_age_seconds=60) as http:
        response = await get(http, "id=101")
        assert response.headers["cache-control"] == "private, max-age=60"
        refused = await http.get(
            "/graphql", params={"query": "{ nope }"}, headers={"X-Customer": "id=101"}
        )
        assert refused.headers["cache-control"] == "no-store"

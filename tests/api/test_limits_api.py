"""Request limits: each at its limit and one past it, and hostile queries refused before any
database call."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import sqlalchemy as sa

from reporting_gateway.storage.store import Store
from tests.conftest import serve
from tests.helpers import graphql


@pytest.fixture
def statements(store: Store) -> Iterator[list[str]]:
    """Every SQL statement the store runs while the test does."""
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    sa.event.listen(store.engine.sync_engine, "before_cursor_execute", record)
    yield seen
    sa.event.remove(store.engine.sync_engine, "before_cursor_execute", record)


@pytest.fixture
async def limited(store: Store, token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(
        store,
        token,
        max_depth=3,
        max_aliases=4,
        max_directives=3,
        max_root_fields=3,
        max_tokens=60,
        max_body_bytes=600,
        max_batch=2,
    ) as http:
        await graphql(http, "{ __typename }")  # token and customers now cached
        yield http


def nested(depth: int) -> str:
    return "{ " + "members { " * (depth - 1) + "__typename" + " }" * depth


CASES = {
    # name: (query at the limit, query past it)
    "depth": (
        "{ members { nodes { id } pageInfo { endCursor } } }",
        "{ members { edges { node { id } } } }",
    ),
    "aliases": (
        "{ rateLimit { a: bucket b: bucket c: bucket d: bucket } }",
        "{ rateLimit { a: bucket b: bucket c: bucket d: bucket e: bucket } }",
    ),
    "directives": (
        "{ __typename @include(if: true) __typename @skip(if: false) __typename @include(if: true) }",
        "{ __typename @include(if: true) __typename @skip(if: false) __typename @include(if: true) __typename @skip(if: false) }",
    ),
    "root fields": (
        "{ rateLimit { remaining } a: __typename b: __typename }",
        "{ rateLimit { remaining } a: __typename b: __typename c: __typename }",
    ),
}


@pytest.mark.parametrize("limit", CASES)
async def test_each_limit_allows_its_maximum_and_refuses_one_more(
    limited: httpx.AsyncClient, limit: str
) -> None:
    at_limit, past = CASES[limit]
    assert (await graphql(limited, at_limit)).status_code == 200
    response = await graphql(limited, past)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_depth_counts_through_fragments_and_not_inline_fragments(
    limited: httpx.AsyncClient,
) -> None:
    shallow = "{ sendings { ...part } } fragment part on SendingsConnection { nodes { ... on SendingsRecord { id } } }"
    assert (await graphql(limited, shallow)).status_code == 200  # depth 3
    deep = "{ sendings { ...part } } fragment part on SendingsConnection { edges { node { id } } }"
    response = await graphql(limited, deep)  # depth 4
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def listing(values: int) -> str:
    """27 tokens around `values` numbers (commas are not tokens, a comment is one)."""
    numbers = ", ".join(["7"] * values)
    return f"{{ members(first: 1, filter: {{databaseId: {{in: [{numbers}]}}}}) {{ nodes {{ id }} }} }} # x y"


async def test_the_token_count_is_limited(limited: httpx.AsyncClient) -> None:
    assert (await graphql(limited, listing(33))).status_code == 200  # 60 tokens
    response = await graphql(limited, listing(34))
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "REPORTING_MAX_TOKENS" in response.json()["errors"][0]["message"]


async def test_the_body_size_is_limited(limited: httpx.AsyncClient) -> None:
    padding = " " * 500
    small = await limited.post(
        "/graphql",
        json={"query": "{ __typename }" + padding[:400]},
        headers={"X-Customer": "id=101"},
    )
    assert small.status_code == 200
    big = await limited.post(
        "/graphql",
        json={"query": "{ __typename }" + padding + padding},
        headers={"X-Customer": "id=101"},
    )
    assert big.status_code == 413
    assert big.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_batches_up_to_the_limit_when_enabled(
    limited: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    two = [{"query": "{ __typename }"}, {"query": "{ rateLimit { bucket } }"}]
    response = await limited.post("/graphql", json=two, headers={"X-Customer": "id=101"})
    assert response.status_code == 200 and [r["data"] for r in response.json()] == [
        {"__typename": "Query"},
        {"rateLimit": {"bucket": "reporting:customer:101"}},
    ]
    three = await limited.post("/graphql", json=[*two, two[0]], headers={"X-Customer": "id=101"})
    assert three.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    off = await client.post("/graphql", json=two, headers={"X-Customer": "id=101"})
    assert off.status_code == 422  # batching is off by default


HOSTILE = {
    "1,000 aliases": "{ "
    + " ".join(f"a{i}: members {{ nodes {{ id }} }}" for i in range(1000))
    + " }",
    "10,000 repeated fields": "{ members { nodes { " + "id " * 10_000 + "} } }",
    "depth 500": nested(500),
    "circular fragments": "{ members { ...a } } fragment a on MembersConnection { ...b } fragment b on MembersConnection { ...a }",
    "first: 2147483648": "{ members(first: 2147483648) { nodes { id } } }",
    "first: 1001": "{ members(first: 1001) { nodes { id } } }",
    "151 buckets": '{ sendingsEventsHistory(from: "2026-05-01T00:00:00", to: "2026-09-29T00:00:00", interval: DAY) { dataPoints } }',
    "1,000 directives": "{ " + "__typename @include(if: true) " * 1000 + "}",
    "30 root fields": "{ "
    + " ".join(f"f{i}: sendingsStats {{ series {{ value }} }}" for i in range(30))
    + " }",
}


@pytest.mark.parametrize("name", HOSTILE)
async def test_hostile_queries_are_refused_with_zero_database_calls(
    client: httpx.AsyncClient, statements: list[str], name: str
) -> None:
    await graphql(client, "{ __typename }")  # token and customers cached before counting
    statements.clear()
    response = await graphql(client, HOSTILE[name])
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"][0]["extensions"]["code"] in (
        "QUERY_TOO_COMPLEX",
        "GRAPHQL_VALIDATION_FAILED",
        "BAD_REQUEST",
        "TOO_MANY_BUCKETS",
    )
    assert statements == []


async def test_get_cannot_carry_a_mutation_or_a_form_post(client: httpx.AsyncClient) -> None:
    form = await client.post(
        "/graphql", data={"query": "{ __typename }"}, headers={"X-Customer": "id=101"}
    )
    assert form.status_code == 415
    text = await client.post(
        "/graphql", content='{"query": "{ __typename }"}', headers={"Content-Type": "text/plain"}
    )
    assert text.status_code == 415


async def test_the_page_size_setting_is_the_limit_of_first(store: Store, token: str) -> None:
    async with serve(store, token, max_page_size=5) as http:
        assert (await graphql(http, "{ members(first: 5) { nodes { id } } }")).status_code == 200
        response = await graphql(http, "{ members(first: 6) { nodes { id } } }")
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        assert "between 1 and 5" in response.json()["errors"][0]["message"]

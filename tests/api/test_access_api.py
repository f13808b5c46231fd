"""Tokens, permits, cost and rate limiting over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporting_gateway.catalog import CATALOG, QUERY_PERMIT
from reporting_gateway.schema import naming
from reporting_gateway.storage.state.credentials import Credentials
from reporting_gateway.storage.store import Store
from tests.conftest import NOW, create_token, serve
from tests.helpers import graphql

LINKS = "{ sendingsLinksStats(first: 1) { nodes { sourceId } } }"


async def test_a_request_without_a_token_is_unauthenticated(client: httpx.AsyncClient) -> None:
    response = await graphql(client, LINKS, headers={"X-Client-Authorization": ""})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_an_unknown_token_is_unauthenticated(client: httpx.AsyncClient) -> None:
    response = await graphql(
        client, LINKS, headers={"X-Client-Authorization": "rg_not-a-real-token"}
    )
    assert response.status_code == 401


async def test_the_token_may_come_as_a_bearer_token(store: Store, token: str) -> None:
    async with serve(store) as http:
        response = await graphql(http, LINKS, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text


async def test_a_revoked_token_is_unauthenticated(store: Store) -> None:
    token = await create_token(store, name="to-revoke")
    async with serve(store, token, token_cache_seconds=0) as http:
        assert (await graphql(http, LINKS)).status_code == 200
        assert await Credentials(store.engine).revoke("to-revoke", NOW) == 1
        assert (await graphql(http, LINKS)).status_code == 401


async def test_tokens_are_stored_hashed(store: Store, token: str) -> None:
    listed = await Credentials(store.engine).list()
    assert listed and all(token not in repr(c) for c in listed)
    async with store.engine.connect() as connection:
        dump = str(
            [tuple(row) for row in await connection.exec_driver_sql("SELECT * FROM api_tokens")]
        )
    assert token not in dump and token[10:] not in dump


@pytest.mark.parametrize("customer", ["id=102_105", "id=105", "chain=Birds"])
async def test_customers_outside_the_token_are_forbidden(store: Store, customer: str) -> None:
    token = await create_token(store, customers=[101, 102])
    async with serve(store, token) as http:
        response = await graphql(http, LINKS, customer=customer)
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


ACCESS_PATHS = {
    "direct": "{ %s }",
    "alias": "{ mine: %s }",
    "fragment": "{ ...part } fragment part on Query { %s }",
    "inline fragment": "{ ... on Query { %s } }",
    "behind @include": "query($yes: Boolean = true) { ... @include(if: $yes) { %s } }",
}


def selection_of(name: str) -> str:
    report = CATALOG[name]
    field = naming.root_field(name)
    if report.format.value == "records":
        return f"{field}(first: 1) {{ nodes {{ __typename }} }}"
    if report.format.value == "timeseries":
        return f'{field}(from: "2026-06-01T00:00:00", to: "2026-06-02T00:00:00", interval: DAY) {{ dataPoints }}'
    return f"{field} {{ series {{ value }} }}"


@pytest.mark.parametrize("path", ACCESS_PATHS)
@pytest.mark.parametrize("name", sorted(CATALOG))
async def test_every_report_needs_its_permit_on_every_access_path(
    store: Store, name: str, path: str
) -> None:
    report = CATALOG[name]
    others = [r.permit for r in CATALOG.values() if r.permit != report.permit]
    without = await create_token(store, permits=[QUERY_PERMIT, *others], name=f"no-{name}")
    with_it = await create_token(store, permits=[QUERY_PERMIT, report.permit], name=f"only-{name}")
    query = ACCESS_PATHS[path] % selection_of(name)
    async with serve(store, without) as http:
        before = await http_rate_limit(http)
        response = await graphql(http, query)
        after = await http_rate_limit(http)
    assert response.status_code == 403, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["extensions"]["details"]["missingPermits"] == [report.permit]
    assert after == before  # nothing charged for a refused operation
    async with serve(store, with_it) as http:
        response = await graphql(http, query)
    assert response.status_code == 200, response.text


async def test_the_error_lists_every_missing_permit(store: Store) -> None:
    token = await create_token(store, permits=[CATALOG["members"].permit], name="no-query")
    async with serve(store, token) as http:
        response = await graphql(
            http, "{ members(first: 1) { nodes { id } } sendingsStats { series { value } } }"
        )
    assert response.json()["errors"][0]["extensions"]["details"]["missingPermits"] == [
        QUERY_PERMIT,
        CATALOG["sendings_stats"].permit,
    ]


async def http_rate_limit(http: httpx.AsyncClient) -> int:
    response = await graphql(http, "{ rateLimit { remaining } }")
    return int(response.json()["data"]["rateLimit"]["remaining"])


# ---------------------------------------------------------------- cost


def tree_cost(node: dict[str, Any]) -> int:
    """Spec §3 counted on the JSON tree itself: +1 per and/not node, +3 per or node."""
    extra = {"and": 1, "not": 1, "or": 3}.get(node["type"], 0)
    return extra + sum(tree_cost(child) for child in node.get("operations", []))


conditions = st.sampled_from(
    [
        {"type": "equal", "field": "source_id", "value": "7000"},
        {"type": "in", "field": "source_id", "value": ["7001", "manual"]},
        {"type": "not_equal", "field": "source_id", "value": None},
    ]
)
trees = st.recursive(
    conditions,
    lambda children: st.one_of(
        st.builds(
            lambda ops: {"type": "and", "operations": ops},
            st.lists(children, min_size=1, max_size=3),
        ),
        st.builds(
            lambda ops: {"type": "or", "operations": ops},
            st.lists(children, min_size=1, max_size=3),
        ),
        st.builds(lambda op: {"type": "not", "operations": [op]}, children),
    ),
    max_leaves=8,
)


@given(filters=st.lists(st.one_of(st.none(), trees), min_size=1, max_size=4))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
async def test_the_charge_is_the_spec_sum_over_aliases_and_equals_the_estimate(
    client: httpx.AsyncClient, filters: list[Any]
) -> None:
    fields = " ".join(
        f"a{i}: sendingsLinksStats(first: 1, filterTree: $f{i}) {{ nodes {{ sourceId }} }}"
        for i in range(len(filters))
    )
    query = f"query({', '.join(f'$f{i}: JSON' for i in range(len(filters)))}) {{ {fields} }}"
    variables = {f"f{i}": tree for i, tree in enumerate(filters)}
    expected = sum(
        CATALOG["sendings_links_stats"].cost + (tree_cost(t) if t else 0) for t in filters
    )
    estimate = await graphql(
        client,
        "query($q: String!, $v: JSON) { estimateCost(query: $q, variables: $v) { cost missingPermits wouldBeAdmitted } }",
        {"q": query, "v": variables},
    )
    response = await graphql(client, query, variables)
    assert response.status_code == 200, response.text
    charged = response.json()["extensions"]["rateLimit"]["cost"]
    assert charged == expected == int(response.headers["ratelimit-cost"])
    assert estimate.json()["data"]["estimateCost"] == {
        "cost": expected,
        "missingPermits": [],
        "wouldBeAdmitted": True,
    }


async def test_the_typed_filter_costs_what_the_same_tree_costs(client: httpx.AsyncClient) -> None:
    typed = "{ sendings(first: 1, filter: {channel: {equal: SMS}, or: [{campaignId: {equal: 1}}, {not: {campaignId: {equal: 2}}}]}) { nodes { id } } }"
    response = await graphql(client, typed)
    # and(channel, or(campaign, not(campaign))): 2 + 1 (and) + 3 (or) + 1 (not)
    assert response.json()["extensions"]["rateLimit"]["cost"] == 7


async def test_free_queries_cost_nothing(client: httpx.AsyncClient) -> None:
    response = await graphql(client, "{ rateLimit { bucket capacity } __typename }")
    assert response.json()["extensions"]["rateLimit"]["cost"] == 0
    assert response.json()["data"]["rateLimit"]["bucket"] == "reporting:customer:101"


async def test_an_empty_bucket_answers_429_with_retry_after(store: Store, token: str) -> None:
    async with serve(store, token, rate_limit_capacity=5, rate_limit_refill_per_second=0.5) as http:
        statuses = [
            (await graphql(http, LINKS)) for _ in range(4)
        ]  # cost 2: 5 -> 3 -> 1 -> -1 -> refused
        assert [r.status_code for r in statuses] == [200, 200, 200, 429]
        refused = statuses[-1]
        assert refused.headers["retry-after"] in ("2", "3")  # about -1 + 0.5 * s > 0
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert refused.json()["extensions"]["rateLimit"]["remaining"] == -1
        assert [r.headers["ratelimit-remaining"] for r in statuses] == ["3", "1", "-1", "-1"]
        other = await graphql(http, LINKS, customer="id=102")  # another owner, another bucket
        assert other.status_code == 200


async def test_cross_customer_requests_draw_from_the_organization_bucket(
    client: httpx.AsyncClient,
) -> None:
    response = await graphql(client, LINKS, customer="id=101_102")
    assert response.headers["ratelimit-bucket"] == "reporting:organization:tests"


async def test_estimate_cost_reports_missing_permits_without_running(store: Store) -> None:
    token = await create_token(store, permits=[QUERY_PERMIT], name="query-only")
    async with serve(store, token) as http:
        response = await graphql(
            http,
            'query { estimateCost(query: "{ members { nodes { id } } }") { cost permits missingPermits wouldBeAdmitted } }',
        )
    estimate = response.json()["data"]["estimateCost"]
    assert estimate == {
        "cost": 10,
        "permits": [QUERY_PERMIT, CATALOG["members"].permit],
        "missingPermits": [CATALOG["members"].permit],
        "wouldBeAdmitted": False,
    }


async def test_the_schema_loads_whatever_x_customer_says(client: httpx.AsyncClient) -> None:
    """A bad X-Customer once made GraphiQL's schema fetch fail (471): no docs, no completion."""
    from graphql import get_introspection_query

    for header in ("id=nope", "id=999999", "all=some"):
        response = await graphql(client, get_introspection_query(), customer=header)
        assert response.status_code == 200, response.text
        assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"
    refused = await graphql(
        client, "{ __typename sendingsStats { rangeTimezone } }", customer="id=nope"
    )
    assert refused.status_code == 471  # any report field still needs a good header

"""Records reports over HTTP: values, pagination, filters in both forms, cursors, limits."""

from __future__ import annotations

import json

import httpx
import pytest
import sqlalchemy as sa

from reporting_gateway.catalog import CATALOG
from reporting_gateway.schema import naming
from reporting_gateway.storage.store import Store
from tests import expected
from tests.helpers import data, errors, graphql, to_graphql

RECORDS_REPORTS = sorted(expected.RECORDS)


def selection(report: str) -> str:
    return " ".join(
        naming.report_field(f.name) for f in CATALOG[report].fields if not f.filter_only
    )


async def all_nodes(
    client: httpx.AsyncClient, report: str, customer: str, first: int, arguments: str = ""
) -> list[dict[str, object]]:
    field = naming.root_field(report)
    query = f"""query($after: String) {{ {field}(first: {first}, after: $after {arguments}) {{
        nodes {{ {selection(report)} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
    nodes: list[dict[str, object]] = []
    after = None
    while True:
        page = (await data(client, query, {"after": after}, customer=customer))[field]
        nodes.extend(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("report", RECORDS_REPORTS)
async def test_every_records_report_over_graphql_equals_the_independent_rows(
    client: httpx.AsyncClient, report: str
) -> None:
    nodes = await all_nodes(client, report, "id=101_103", first=4)
    want = [to_graphql(CATALOG[report], row) for row in expected.RECORDS[report]((101, 103))]
    keys = set(want[0])
    assert [{k: v for k, v in node.items() if k in keys} for node in nodes] == want


async def test_edges_carry_cursors_that_continue_after_their_row(client: httpx.AsyncClient) -> None:
    query = "query($after: String) { members(first: 3, after: $after) { edges { cursor node { id } } totalCount } }"
    first = (await data(client, query))["members"]
    middle = first["edges"][1]["cursor"]
    rest = (await data(client, query, {"after": middle}))["members"]
    assert rest["edges"][0]["node"]["id"] == first["edges"][2]["node"]["id"]
    assert first["totalCount"] == len(expected.members((101,)))


async def test_typed_filter_and_filter_tree_return_the_same_rows(client: httpx.AsyncClient) -> None:
    typed = """{ members(first: 1000, filter: {or: [{gender: {equal: FEMALE}, age: {notIn: [FROM_30_TO_34]}},
                  {subunitIds: {in: [2]}}], not: {optinSubchannel: {equal: null}}}) { nodes { databaseId } } }"""
    tree = {
        "type": "and",
        "operations": [
            {
                "type": "or",
                "operations": [
                    {
                        "type": "and",
                        "operations": [
                            {"type": "equal", "field": "gender", "value": "female"},
                            {"type": "not_in", "field": "age", "value": ["30-34"]},
                        ],
                    },
                    {"type": "in", "field": "subunit_ids", "value": [2]},
                ],
            },
            {
                "type": "not",
                "operations": [{"type": "equal", "field": "optin_subchannel", "value": None}],
            },
        ],
    }
    as_tree = (
        "query($tree: JSON) { members(first: 1000, filterTree: $tree) { nodes { databaseId } } }"
    )
    typed_ids = [n["databaseId"] for n in (await data(client, typed))["members"]["nodes"]]
    tree_ids = [
        n["databaseId"] for n in (await data(client, as_tree, {"tree": tree}))["members"]["nodes"]
    ]

    def wanted(r: dict[str, object]) -> bool:
        return ((r["gender"] == "female" and r["age"] != "30-34") or 2 in r["subunit_ids"]) and r[
            "optin_subchannel"
        ] is not None  # type: ignore[operator]

    assert typed_ids == tree_ids == [r["id"] for r in expected.members((101,), wanted)]
    assert typed_ids


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ('filterTree: {type: "equal", field: "membersCount", value: 1}', "filterTree.value"),
        ('filterTree: {type: "in", field: "channel", value: "sms"}', "filterTree.value"),
        ("filter: {}", "filter"),
        ("filter: {channel: {}}", "filter.channel"),
        ("filter: {and: []}", "filter.and"),
        ('filter: {createdAt: {lessThan: "2026-01-01T00:00:00"}}', "filter.createdAt.lessThan"),
    ],
)
async def test_bad_filters_are_bad_filter_errors_with_the_path(
    client: httpx.AsyncClient, arguments: str, path: str
) -> None:
    status, errs = await errors(client, f"{{ sendings({arguments}) {{ nodes {{ id }} }} }}")
    assert status == 422  # refused before anything runs
    assert errs[0]["extensions"]["code"] == "BAD_FILTER"
    assert path in errs[0]["extensions"]["details"]


@pytest.mark.parametrize("first", [0, -1, 1001])
async def test_first_outside_1_to_1000_is_bad_request(
    client: httpx.AsyncClient, first: int
) -> None:
    _, errs = await errors(client, f"{{ members(first: {first}) {{ nodes {{ id }} }} }}")
    assert errs[0]["extensions"]["code"] == "BAD_REQUEST"
    assert "between 1 and 1000" in errs[0]["message"]


async def test_first_1000_is_allowed(client: httpx.AsyncClient) -> None:
    assert (await data(client, "{ members(first: 1000) { nodes { id } } }"))["members"]["nodes"]


async def test_a_tampered_or_foreign_cursor_is_invalid_cursor(client: httpx.AsyncClient) -> None:
    page = (await data(client, "{ members(first: 2) { pageInfo { endCursor } } }"))["members"]
    cursor = page["pageInfo"]["endCursor"]
    query = "query($after: String) { %s(first: 2, after: $after) { nodes { __typename } } }"
    cases = [
        ("members", cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB"), "id=101"),
        ("sendings", cursor, "id=101"),
        ("members", cursor, "id=102"),
        ("members", cursor, "id=101_102"),
    ]
    for field, after, customer in cases:
        _, errs = await errors(client, query % field, {"after": after}, customer=customer)
        assert errs[0]["extensions"]["code"] == "INVALID_CURSOR", (field, customer)


async def test_cross_customer_records_carry_their_tenant_and_total_aggregations_sum(
    client: httpx.AsyncClient,
) -> None:
    query = "{ membersCount { nodes { communityId membersCount } } total: membersCount(aggregateBy: TOTAL) { nodes { communityId membersCount } } }"
    result = await data(client, query, customer="chain=Cats")
    assert result["membersCount"]["nodes"] == [
        to_graphql(CATALOG["members_count"], r) for r in expected.members_count((101, 102))
    ]
    assert result["total"]["nodes"] == [
        {"communityId": None, "membersCount": len(expected.members((101, 102)))}
    ]


async def test_grouped_counts_across_customers(client: httpx.AsyncClient) -> None:
    nodes = await all_nodes(
        client, "members_grouped_count", "all=all", 5, ", aggregateBy: BY_GROUPING_TYPE_AND_VALUE"
    )
    want = [
        to_graphql(CATALOG["members_grouped_count"], r)
        for r in expected.members_grouped_count((101, 102, 103, 104), across_customers=True)
    ]
    assert nodes == want


@pytest.mark.parametrize(
    ("customer", "code", "status"),
    [
        (None, "CUSTOMER_HEADER_MISSING", 470),
        ("id=abc", "CUSTOMER_HEADER_INVALID", 471),
        ("id=999", "FORBIDDEN", 403),
        ("chain=Birds", "FORBIDDEN", 403),
    ],
)
async def test_customer_header_errors_reject_the_whole_request(
    client: httpx.AsyncClient, customer: str | None, code: str, status: int
) -> None:
    response = await graphql(client, "{ members { nodes { id } } }", customer=customer)
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
    assert "data" not in response.json()


async def test_introspection_needs_no_customer(client: httpx.AsyncClient) -> None:
    result = await data(client, "{ __schema { queryType { name } } }", customer=None)
    assert result == {"__schema": {"queryType": {"name": "Query"}}}


async def test_total_count_is_queried_only_when_selected(
    client: httpx.AsyncClient, store: Store
) -> None:
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    sa.event.listen(store.engine.sync_engine, "before_cursor_execute", record)
    try:
        await data(client, "{ members(first: 2) { nodes { id } } }")
        without = len(statements)
        statements.clear()
        await data(
            client,
            "{ members(first: 2) { nodes { id } ...counted } } fragment counted on MembersConnection { totalCount }",
        )
    finally:
        sa.event.remove(store.engine.sync_engine, "before_cursor_execute", record)
    assert without == 1
    assert len(statements) == 2


async def test_get_requests_run_queries(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={"query": "{ members(first: 1) { nodes { id } } }"},
        headers={"X-Customer": "id=101"},
    )
    assert response.status_code == 200
    assert response.json()["data"]["members"]["nodes"]


async def test_the_explorer_is_served_to_browsers(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        ("{}", "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("query=x", "application/x-www-form-urlencoded", 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("{not json", "application/json", 400, "GRAPHQL_PARSE_FAILED"),
        ("[]", "application/json", 422, "BAD_REQUEST"),
        ('{"query": 1}', "application/json", 400, "BAD_REQUEST"),
        (
            '{"query": "{ members { nodes { id } }"}',
            "application/json",
            400,
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            '{"query": "{ members { nodes { nope } } }"}',
            "application/json",
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            '{"query": "query($n: Int!) { members(first: $n) { nodes { id } } }", "variables": {"n": "x"}}',
            "application/json",
            400,  # a variable coercion failure (GraphQL over HTTP)
            "BAD_REQUEST",
        ),
    ],
)
async def test_malformed_requests_get_a_clear_4xx(
    client: httpx.AsyncClient, content: str, content_type: str, status: int, code: str
) -> None:
    response = await client.post(
        "/graphql", content=content, headers={"Content-Type": content_type, "X-Customer": "id=101"}
    )
    assert response.status_code == status, response.text
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == code
    assert "Traceback" not in json.dumps(body)


async def test_every_response_has_a_request_id(client: httpx.AsyncClient) -> None:
    response = await graphql(
        client, "{ members(first: 1) { nodes { id } } }", headers={"X-Request-Id": "abc-123"}
    )
    assert response.headers["x-request-id"] == "abc-123"

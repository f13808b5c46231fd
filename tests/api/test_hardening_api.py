"""Inputs at the edge of what the gateway takes: each class gets a clean, documented answer.

Filters too large in either form, values nested too deep, timestamps near the ends of the
calendar, ids past their type, documents that would be expensive to parse or validate.
"""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest

from reporting_gateway.api import documents
from tests.helpers import graphql

TREE = "query($t: JSON) { members(first: 1, filterTree: $t) { nodes { id } } }"
TYPED = "query($f: MembersFilter) { members(first: 1, filter: $f) { nodes { id } } }"
LEAF = {"type": "not_equal", "field": "id", "value": 1}


def code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


def tree_nested(levels: int) -> dict[str, Any]:
    """A filter tree `levels` deep: `not` around `not` … around one condition."""
    node: dict[str, Any] = LEAF
    for _ in range(levels - 1):
        node = {"type": "not", "operations": [node]}
    return node


def typed_nested(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {"databaseId": {"notEqual": 1}}
    for _ in range(levels - 1):
        node = {"not": node}
    return node


async def raw_post(client: httpx.AsyncClient, body: bytes) -> httpx.Response:
    """A body httpx's own JSON encoder could not write (nested past its recursion limit)."""
    return await client.post(
        "/graphql",
        content=body,
        headers={"Content-Type": "application/json", "X-Customer": "id=101"},
    )


@pytest.mark.parametrize(("query", "nested"), [(TREE, tree_nested), (TYPED, typed_nested)])
async def test_a_filter_as_deep_as_the_limit_runs_and_one_level_more_is_refused(
    client: httpx.AsyncClient, query: str, nested: Any
) -> None:
    name = "t" if query is TREE else "f"
    assert (await graphql(client, query, {name: nested(10)})).status_code == 200
    refused = await graphql(client, query, {name: nested(11)})
    assert code(refused) == "BAD_FILTER"
    assert "REPORTING_MAX_FILTER_DEPTH" in refused.json()["errors"][0]["message"]


async def test_filter_nodes_and_listed_values_are_limited_in_both_forms(
    client: httpx.AsyncClient,
) -> None:
    wide = {"type": "or", "operations": [LEAF] * 199}  # 200 nodes with the `or`
    assert (await graphql(client, TREE, {"t": wide})).status_code == 200
    wider = await graphql(client, TREE, {"t": {"type": "or", "operations": [LEAF] * 200}})
    assert "REPORTING_MAX_FILTER_NODES" in wider.json()["errors"][0]["message"]
    typed = {"or": [{"databaseId": {"notEqual": i}} for i in range(200)]}
    assert "REPORTING_MAX_FILTER_NODES" in (await graphql(client, TYPED, {"f": typed})).text
    listed = {"type": "in", "field": "id", "value": list(range(5000))}
    assert (await graphql(client, TREE, {"t": listed})).status_code == 200
    listed["value"] = list(range(5001))
    too_many = await graphql(client, TREE, {"t": listed})
    assert code(too_many) == "BAD_FILTER"
    assert "REPORTING_MAX_FILTER_VALUES" in too_many.json()["errors"][0]["message"]
    # Written into the query itself (no variables), the same limit holds:
    literal = (
        "{not: " * 10 + "{databaseId: {equal: 1}}" + "}" * 10
    )  # 11 levels, far under 1000 tokens
    refused = await graphql(
        client, f"{{ members(first: 1, filter: {literal}) {{ nodes {{ id }} }} }}"
    )
    assert code(refused) == "BAD_FILTER"
    assert "REPORTING_MAX_FILTER_DEPTH" in refused.json()["errors"][0]["message"]


async def test_the_limit_also_holds_for_statistics_timeseries_and_field_metadata(
    client: httpx.AsyncClient,
) -> None:
    deep = tree_nested(11)
    deep_events: dict[str, Any] = {"type": "equal", "field": "event_type", "value": "opened"}
    for _ in range(10):
        deep_events = {"type": "not", "operations": [deep_events]}
    queries = [
        ("query($t: JSON) { sendingsStats(filterTree: $t) { series { value } } }", deep_events),
        (
            'query($t: JSON) { sendingsEventsHistory(from: "2026-01-01T00:00:00", '
            'to: "2026-01-10T00:00:00", filterTree: $t) { dataPoints } }',
            deep_events,
        ),
        (
            'query($t: JSON) { fieldMetadata(report: MEMBERS, field: "gender", filterTree: $t)'
            " { count } }",
            deep,
        ),
    ]
    for query, tree in queries:
        response = await graphql(client, query, {"t": tree})
        assert code(response) == "BAD_FILTER", response.text
        assert "REPORTING_MAX_FILTER_DEPTH" in response.text


async def test_values_nested_past_any_filter_are_refused_before_they_are_read(
    client: httpx.AsyncClient,
) -> None:
    """Hundreds of levels used to end in a RecursionError (HTTP 500, text/plain)."""
    for levels in (40, 200):
        body = b'{"query": %s, "variables": {"t": %s}}' % (
            orjson.dumps(TREE),
            b'{"type": "not", "operations": [' * levels + orjson.dumps(LEAF) + b"]}" * levels,
        )
        response = await raw_post(client, body)
        assert response.status_code == 400, response.text
        assert code(response) == "QUERY_TOO_COMPLEX"
        assert "nested" in response.json()["errors"][0]["message"]
    literal = "{ members(first: 1, filterTree: " + "[" * 40 + "]" * 40 + ") { nodes { id } } }"
    assert code(await graphql(client, literal)) == "QUERY_TOO_COMPLEX"


@pytest.mark.parametrize(
    "instant", ["0001-01-01T00:00:00", "1899-12-31T23:00:00", "9999-12-31T23:59:59"]
)
async def test_timestamps_outside_the_supported_years_are_refused_cleanly(
    client: httpx.AsyncClient, instant: str
) -> None:
    """Ranges near year 1 or 9999 used to overflow while being bucketed (HTTP 500)."""
    for query in (
        f'{{ sendingsEventsHistory(from: "{instant}", to: "2026-01-01T00:00:00") {{ dataPoints }} }}',
        f'{{ sendingsStats(from: "{instant}") {{ series {{ value }} }} }}',
    ):
        response = await graphql(client, query)
        assert response.status_code == 400, response.text
        assert "years 1900 to 2999" in response.text
    variable = await graphql(
        client,
        "query($f: DateTime) { sendingsStats(from: $f) { series { value } } }",
        {"f": instant},
    )
    assert code(variable) == "BAD_REQUEST"
    tree = {"type": "greater_than", "field": "created_at", "value": instant + "Z"}
    filtered = await graphql(client, TREE, {"t": tree})
    assert code(filtered) == "BAD_FILTER"
    assert "years 1900 to 2999" in filtered.text


async def test_the_supported_years_include_both_ends(client: httpx.AsyncClient) -> None:
    query = (
        "query($f: DateTime, $t: DateTime) { sendingsStats(from: $f, to: $t) { series { value } } }"
    )
    response = await graphql(
        client, query, {"f": "1900-01-02T00:00:00", "t": "2999-12-31T00:00:00"}
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("header", "says"),
    [
        ("id=18446744073709551616", "at most 2147483647"),
        ("id=2147483648", "at most 2147483647"),
        ("id=" + "9" * 5000, "at most 2147483647"),
        ("_".join(["101"] * 1001), "at most 1000"),
        ("chain=" + "x" * 9000, "longer than 8192"),
    ],
)
async def test_x_customer_values_past_their_range_are_471(
    client: httpx.AsyncClient, header: str, says: str
) -> None:
    """An id beyond 64 bits used to fail while the error was written (HTTP 500)."""
    response = await graphql(client, "{ members(first: 1) { nodes { id } } }", customer=header)
    assert response.status_code == 471
    assert code(response) == "CUSTOMER_HEADER_INVALID"
    assert says in response.json()["errors"][0]["message"]
    assert len(response.content) < 2000


async def test_integers_in_a_filter_tree_are_32_bit_like_the_typed_filter(
    client: httpx.AsyncClient,
) -> None:
    for value in (2**31, -(2**31) - 1, 2**62):
        tree = {"type": "equal", "field": "id", "value": value}
        response = await graphql(client, TREE, {"t": tree})
        assert code(response) == "BAD_FILTER"
    assert (
        await graphql(client, TREE, {"t": {"type": "equal", "field": "id", "value": 2**31 - 1}})
    ).status_code == 200


class ParseCounter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = documents.parse

        def counting(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(documents, "parse", counting)


async def test_a_request_without_a_token_is_refused_without_parsing_its_query(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It used to be parsed and validated for the log line before the 401."""
    parses = ParseCounter(monkeypatch)
    query = "{ members(first: 1) { nodes { id " + "email " * 300 + "} } }"
    anonymous = httpx.AsyncClient(transport=client._transport, base_url="http://gateway")
    async with anonymous:
        response = await graphql(anonymous, query)
    assert response.status_code == 401
    assert parses.calls == 0


@pytest.mark.parametrize(
    ("query", "setting"),
    [
        ("{ " + "a " * 5000 + "}", "REPORTING_MAX_TOKENS"),
        ("{ __typename }" + " " * 40_000, "REPORTING_MAX_QUERY_LENGTH"),
        ("# " + "x" * 40_000 + "\n{ __typename }", "REPORTING_MAX_QUERY_LENGTH"),
    ],
)
async def test_huge_documents_are_refused_before_the_parser_reads_them(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, query: str, setting: str
) -> None:
    """graphql-core's parser reads a character at a time: a megabyte costs it 0.1 s."""
    parses = ParseCounter(monkeypatch)
    response = await graphql(client, query)
    assert code(response) == "QUERY_TOO_COMPLEX"
    assert setting in response.json()["errors"][0]["message"]
    assert parses.calls == 0


@pytest.mark.parametrize(
    "selection",
    [
        "__typename " * 11,
        "members(first: 1) { nodes { " + "id " * 11 + "} }",
        "...f " * 11,
    ],
)
async def test_a_selection_repeated_more_than_ten_times_is_refused_before_validation(
    client: httpx.AsyncClient, selection: str
) -> None:
    """Checking that repeated fields merge is quadratic: 15 KB of them took seconds."""
    query = "{ " + selection + "} fragment f on Query { __typename }"
    response = await graphql(client, query)
    assert code(response) == "QUERY_TOO_COMPLEX"
    assert "11 times" in response.json()["errors"][0]["message"]
    ten = "{ " + "__typename " * 10 + "}"
    assert (await graphql(client, ten)).status_code == 200


def test_the_token_count_matches_the_parsers() -> None:
    from graphql import GraphQLError, get_introspection_query, parse

    for query in [
        get_introspection_query(descriptions=True, specified_by_url=True),
        'query($v: Int) { a(b: "x \\" y", c: """q \\""" r""", d: -1.5e3, e: [1, 2], f: $v)'
        " # note\n ...F } fragment F on Q @x { v }",
    ]:
        exact = 0
        for limit in range(1, 2000):
            try:
                parse(query, max_tokens=limit)
            except GraphQLError:  # more tokens than `limit`
                continue
            exact = limit
            break
        assert exact > 0
        assert not documents.more_tokens_than(query, exact)
        assert documents.more_tokens_than(query, exact - 1)


async def test_variables_holding_too_many_values_are_refused_before_coercion(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A megabyte of list items is a second of graphql-core's coercion, value by value."""
    from reporting_gateway.api import plan

    coerced = []
    original = plan.get_variable_values
    monkeypatch.setattr(
        plan, "get_variable_values", lambda *a, **k: coerced.append(1) or original(*a, **k)
    )
    query = "query($ids: [Int!]) { members(first: 1, filter: {databaseId: {in: $ids}}) { nodes { id } } }"
    assert (await graphql(client, query, {"ids": list(range(5000))})).status_code == 200
    assert coerced == [1]
    refused = await graphql(client, query, {"ids": [7] * 100_000})
    assert code(refused) == "QUERY_TOO_COMPLEX"
    assert "REPORTING_MAX_FILTER_VALUES" in refused.json()["errors"][0]["message"]
    assert coerced == [1]


@pytest.mark.parametrize("kind", [{"type": "and"}, ["and"], 1, None, True])
async def test_a_filter_node_type_that_is_no_string_is_a_bad_filter(
    client: httpx.AsyncClient, kind: Any
) -> None:
    """Found by schemathesis through the REST API: an object as `type` was a 500."""
    tree = {"type": kind, "field": "id", "value": 1}
    response = await graphql(client, TREE, {"t": tree})
    assert code(response) == "BAD_FILTER"
    assert "type" in response.json()["errors"][0]["message"]

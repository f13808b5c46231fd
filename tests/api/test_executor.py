"""The plain-object executor answers exactly as graphql-core's own executor does.

Every query runs twice on the same gateway: with `PlainObjectExecutor` (what serves
requests) and with graphql-core's `Executor`; the whole responses must be equal. Queries
repeat, so plans shared between requests are exercised too, with variables that change what
@skip and @include select.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import httpx
import orjson
import pytest
from graphql import (
    GraphQLBoolean,
    GraphQLError,
    GraphQLFloat,
    GraphQLInt,
    GraphQLScalarType,
    GraphQLString,
)
from graphql.execution.executor import Executor

from reporting_gateway.api import executor, pipeline
from reporting_gateway.catalog import CATALOG
from reporting_gateway.gateway_schema import gateway_schema
from reporting_gateway.schema import naming
from tests.helpers import graphql


def every_field(report: str) -> str:
    own = [naming.report_field(f.name) for f in CATALOG[report].fields if not f.filter_only]
    return " ".join([naming.GLOBAL_ID] * CATALOG[report].is_entity + own)


RECORDS = sorted(name for name, report in CATALOG.items() if report.format.value == "records")
HISTORY = (
    'sendingsEventsHistory(from: "2026-05-01T00:00:00", to: "2026-07-01T00:00:00", '
    "interval: WEEK, fillGaps: true)"
)
QUERIES = {
    "aliases, __typename and both list shapes": """{
        a: sendings(first: 3) { __typename nodes { __typename key: id id channel createdAt }
            edges { cursor node { i: id newCount } } pageInfo { hasNextPage } }
        b: sendings(first: 2) { nodes { channel } } }""",
    "fragments on records": """{ sendings(first: 4) { nodes { ...a ... on SendingsRecord { id } } } }
        fragment a on SendingsRecord { language channel ...b }
        fragment b on SendingsRecord { createdAt openedCount }""",
    "timeseries": f"{{ {HISTORY} {{ interval timeBuckets dataPoints truncated"
    " series { label { loyaltyClubId eventType } values timezone } } }",
    "statistics": "{ sendingsStats(aggregateBy: CHANNEL) { series { label { channel } value } } }",
}
CONDITIONAL = """query($with: Boolean!, $without: Boolean!) {
    sendings(first: 3) { nodes { id channel @include(if: $with) createdAt @skip(if: $without)
        ... @include(if: $without) { language } } } }"""


async def both_ways(
    client: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
    variables: dict[str, Any] | None = None,
) -> tuple[Any, Any]:
    """The response bodies without `extensions` (request id, remaining tokens differ)."""
    fast = (await graphql(client, query, variables)).json()
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "PlainObjectExecutor", Executor)
        reference = (await graphql(client, query, variables)).json()
    for body in (fast, reference):
        body.pop("extensions", None)
    return fast, reference


@pytest.mark.parametrize("name", sorted(QUERIES))
async def test_results_equal_graphql_cores_own(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    for _ in range(2):  # the second time from plans shared between requests
        fast, reference = await both_ways(client, monkeypatch, QUERIES[name])
        assert "errors" not in reference, reference
        assert fast == reference


async def test_nodes_through_the_interface_equal_graphql_cores_own(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (await graphql(client, "{ sendings(first: 3) { nodes { id } } }")).json()
    ids = [n["id"] for n in page["data"]["sendings"]["nodes"]]
    query = """query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
        ... on SendingsRecord { databaseId channel } } }"""
    fast, reference = await both_ways(client, monkeypatch, query, {"ids": ids})
    assert "errors" not in reference and fast == reference
    assert [n["id"] for n in fast["data"]["nodes"]] == ids


async def test_record_types_with_a_global_id_keep_the_plan(client: httpx.AsyncClient) -> None:
    """The global id is computed from the row by a function the executor inlines: the
    records of a page still complete by one plan call each, not field by field."""
    await graphql(client, "{ transactions(first: 2) { nodes { id databaseId } } }")
    plans = [v for key, (_, v) in executor._PLANS.entries.items() if key[1] == "TransactionsRecord"]
    assert plans and all(plan is not None for plan in plans)


@pytest.mark.parametrize("report", RECORDS)
async def test_every_records_report_equals_graphql_cores_own(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, report: str
) -> None:
    query = f"{{ {naming.root_field(report)}(first: 5) {{ nodes {{ {every_field(report)} }} }} }}"
    fast, reference = await both_ways(client, monkeypatch, query)
    assert "errors" not in reference, reference
    assert fast == reference


async def test_skip_and_include_follow_the_variables_of_each_request(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    for flags in ({"with": True, "without": False}, {"with": False, "without": True}) * 2:
        fast, reference = await both_ways(client, monkeypatch, CONDITIONAL, flags)
        assert fast == reference
        seen.append(sorted(fast["data"]["sendings"]["nodes"][0]))
    assert seen[0] == seen[2] == ["channel", "createdAt", "id"]
    assert seen[1] == seen[3] == ["id", "language"]


DATETIME_SCALAR: Any = gateway_schema()._schema.get_type("DateTime")
LEAF_VALUES = [0, 7, -(2**31), 2**31 - 1, 2**31, -(2**31) - 1, True, 1.0, 2.5, "x", "", None]


@pytest.mark.parametrize("scalar", [GraphQLInt, GraphQLFloat, GraphQLString, GraphQLBoolean])
def test_inlined_leaves_serialize_as_the_scalar_does(scalar: GraphQLScalarType) -> None:
    """The generated plan's inlined fast path and its fallback agree with graphql-core."""
    plan = executor._generate("T", [("v", "v", executor._leaf(scalar))])
    for value in LEAF_VALUES:
        try:
            expected: Any = None if value is None else scalar.serialize(value)
        except GraphQLError as error:
            with pytest.raises(GraphQLError, match=re.escape(error.message)):
                plan(SimpleNamespace(v=value))
            continue
        got = plan(SimpleNamespace(v=value))["v"]
        assert (got, type(got)) == (expected, type(expected)), value


def test_a_required_leaf_refuses_null() -> None:
    plan = executor._generate("T", [("v", "v", executor._leaf(GraphQLInt, "v is required"))])
    assert plan(SimpleNamespace(v=1)) == {"v": 1}
    with pytest.raises(TypeError, match="v is required"):
        plan(SimpleNamespace(v=None))


DATETIMES = [
    datetime(2026, 7, 16, 8, 42, 17, 676649, tzinfo=UTC),
    datetime(2026, 7, 16, 8, 42, 17, tzinfo=UTC),
    datetime(1900, 1, 1, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
    datetime(2999, 12, 31, 23, 59, 59, 1, tzinfo=timezone(timedelta(hours=14))),
    datetime(2026, 3, 29, 2, 30),  # naive
]


@pytest.mark.parametrize("value", DATETIMES, ids=str)
def test_a_datetime_left_to_the_encoder_is_written_as_the_scalar_writes_it(value: datetime) -> None:
    """Plans keep DateTime values as datetimes for orjson: the bytes must be the scalar's."""
    plan = executor._generate("T", [("v", "v", executor._leaf(DATETIME_SCALAR))])
    kept = plan(SimpleNamespace(v=value))["v"]
    assert kept is value
    assert orjson.dumps(kept) == orjson.dumps(DATETIME_SCALAR.serialize(value))

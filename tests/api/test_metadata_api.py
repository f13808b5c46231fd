"""Metadata agrees with the schema for every report; field metadata agrees with the rows."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import httpx
import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, get_named_type

from reporting_gateway.catalog import CATALOG, QUERY_PERMIT
from reporting_gateway.catalog.model import Format
from reporting_gateway.gateway_schema import gateway_schema
from reporting_gateway.schema import naming
from reporting_gateway.storage.store import Store
from tests import expected
from tests import factories as f
from tests.conftest import create_token, serve
from tests.helpers import data, errors, graphql

META = """query($r: ReportName!) { reportMetadata(report: $r) {
  name field format permit cost measure tenantField labelKeys intervals
  fields { name graphqlName type enumType enumValues graphqlEnumValues filterable operators filterOnly nullable listsValues }
  aggregations { name value labelKeys acrossCustomers }
  limits { maxPageSize maxBuckets maxDataPoints retention { interval days } } } }"""


def _type(name: str) -> Any:
    return gateway_schema()._schema.get_type(name)


@pytest.mark.parametrize("name", sorted(CATALOG))
async def test_report_metadata_equals_the_schema(client: httpx.AsyncClient, name: str) -> None:
    meta = (await data(client, META, {"r": naming.enum_value(name)}))["reportMetadata"]
    schema = gateway_schema()._schema
    root = schema.query_type.fields[meta["field"]]  # type: ignore[union-attr]
    assert meta["permit"] == CATALOG[name].permit and meta["cost"] == CATALOG[name].cost
    result = get_named_type(root.type)
    if meta["format"] == "RECORDS":
        record = get_named_type(result.fields["nodes"].type)  # type: ignore[union-attr]
        shown = {f["graphqlName"] for f in meta["fields"] if not f["filterOnly"]}
        if CATALOG[name].is_entity:
            shown.add(naming.GLOBAL_ID)  # the global id, beside the report's own fields
        assert set(record.fields) == shown  # type: ignore[union-attr]
        for field in meta["fields"]:
            if field["enumType"] and not field["filterOnly"]:
                assert (
                    get_named_type(record.fields[field["graphqlName"]].type).name
                    == field["enumType"]
                )  # type: ignore[union-attr]
    else:
        label = get_named_type(get_named_type(result.fields["series"].type).fields["label"].type)  # type: ignore[union-attr]
        assert isinstance(label, GraphQLObjectType)
        keys = {naming.field_name(k) for k in meta["labelKeys"]} | {
            naming.field_name(meta["tenantField"])
        }
        keys |= {naming.field_name(k) for a in meta["aggregations"] for k in a["labelKeys"]}
        assert set(label.fields) == keys
    filterable = [x for x in meta["fields"] if x["filterable"]]
    if filterable:
        filter_input = get_named_type(root.args["filter"].type)
        assert isinstance(filter_input, GraphQLInputObjectType)
        assert set(filter_input.fields) - {"and", "or", "not"} == {
            x["graphqlName"] for x in filterable
        }
        for x in filterable:
            operators = get_named_type(filter_input.fields[x["graphqlName"]].type)
            assert set(operators.fields) == set(x["operators"]), x["name"]  # type: ignore[union-attr]
            if x["enumType"]:
                enum = _type(x["enumType"])
                assert list(enum.values) == x["graphqlEnumValues"]
    else:
        assert "filter" not in root.args
    if meta["aggregations"]:
        aggregations = get_named_type(root.args["aggregateBy"].type)
        assert isinstance(aggregations, GraphQLEnumType)
        assert list(aggregations.values) == [a["value"] for a in meta["aggregations"]]
    if meta["format"] == "TIMESERIES":
        intervals = get_named_type(root.args["interval"].type)
        assert list(intervals.values) == ["AUTO", *meta["intervals"]]  # type: ignore[union-attr]
        assert {r["interval"] for r in meta["limits"]["retention"]} == set(meta["intervals"])
    assert meta["limits"]["maxBuckets"] == 150 and meta["limits"]["maxDataPoints"] == 1000


async def test_reports_lists_what_the_token_may_query(store: Store) -> None:
    token = await create_token(
        store,
        permits=[QUERY_PERMIT, CATALOG["members"].permit, CATALOG["sendings_stats"].permit],
        name="two-reports",
    )
    async with serve(store, token) as http:
        response = await graphql(http, "{ reports { name field format } }")
        forbidden = await graphql(http, "{ reportMetadata(report: OFFERS) { name } }")
    assert response.json()["data"]["reports"] == [
        {"name": "members", "field": "members", "format": "RECORDS"},
        {"name": "sendings_stats", "field": "sendingsStats", "format": "STATISTICS"},
    ]
    assert response.json()["extensions"]["rateLimit"]["cost"] == 1
    assert forbidden.status_code == 403
    assert forbidden.json()["errors"][0]["extensions"]["details"]["missingPermits"] == [
        CATALOG["offers"].permit
    ]


VALUES = """query($r: ReportName!, $f: String!, $from: DateTime, $to: DateTime, $t: JSON, $n: Int!) {
  fieldMetadata(report: $r, field: $f, from: $from, to: $to, filterTree: $t, first: $n) {
    report field type values { value graphqlValue count } cut minimum maximum count } }"""


async def values(
    client: httpx.AsyncClient, report: str, field: str, customer: str = "id=101_103", **more: Any
) -> dict[str, Any]:
    variables = {"r": naming.enum_value(report), "f": field, "n": 100, **more}
    return (await data(client, VALUES, variables, customer=customer))["fieldMetadata"]  # type: ignore[no-any-return]


def counted(rows: list[dict[str, Any]], key: str) -> dict[Any, int]:
    return dict(Counter(r[key] for r in rows))


async def test_enum_values_with_counts_equal_an_independent_count(
    client: httpx.AsyncClient,
) -> None:
    result = await values(client, "sendings", "channel")
    rows = [s for s in f.SENDINGS if s["customer_id"] in (101, 103)]
    assert {v["value"]: v["count"] for v in result["values"]} == counted(rows, "channel")
    assert {v["graphqlValue"] for v in result["values"]} <= {"SMS", "EMAIL", "PUSH"}
    counts = [v["count"] for v in result["values"]]
    assert counts == sorted(counts, reverse=True) and result["cut"] is False


async def test_missing_values_are_listed_as_null(client: httpx.AsyncClient) -> None:
    result = await values(client, "members", "gender", customer="id=101")
    assert {v["value"]: v["count"] for v in result["values"]} == counted(
        expected.members((101,)), "gender"
    )


async def test_array_fields_list_their_elements(client: httpx.AsyncClient) -> None:
    result = await values(client, "members", "subunitIds", customer="id=101")
    want = Counter(e for m in expected.members((101,)) for e in m["subunit_ids"])
    assert {v["value"]: v["count"] for v in result["values"]} == dict(want)


async def test_a_list_cut_short_says_so(client: httpx.AsyncClient) -> None:
    variables = {"r": "MEMBERS", "f": "id", "n": 3}
    result = (await data(client, VALUES, variables))["fieldMetadata"]
    assert len(result["values"]) == 3 and result["cut"] is True
    assert result["count"] == len(expected.members((101,)))


async def test_numeric_and_time_fields_give_min_and_max_in_the_time_frame(
    client: httpx.AsyncClient,
) -> None:
    result = await values(client, "transactions", "place_id", customer="id=101")
    assert result["values"]  # ids list their values
    amounts = await values(client, "members", "birthYearGroup", customer="id=101")
    groups = [
        m["birth_year_group"] for m in expected.members((101,)) if m["birth_year_group"] is not None
    ]
    assert (amounts["values"], amounts["minimum"], amounts["maximum"]) == (
        None,
        min(groups),
        max(groups),
    )
    start, end = datetime(2026, 3, 1), datetime(2026, 6, 1)
    created = await values(
        client,
        "members",
        "createdAt",
        customer="id=101",
        **{"from": start.isoformat(), "to": end.isoformat()},
    )
    tz = f.CUSTOMERS[0]["timezone"]
    from zoneinfo import ZoneInfo

    inside = [
        m["created_at"]
        for m in expected.members((101,))
        if start.replace(tzinfo=ZoneInfo(tz)) <= m["created_at"] < end.replace(tzinfo=ZoneInfo(tz))
    ]
    assert created["count"] == len(inside)
    assert datetime.fromisoformat(created["minimum"]) == min(inside)
    assert datetime.fromisoformat(created["maximum"]) == max(inside)


async def test_field_metadata_of_event_reports_honours_filter_and_period(
    client: httpx.AsyncClient,
) -> None:
    tree = {"type": "equal", "field": "channel", "value": "email"}
    result = await values(
        client,
        "sendings_stats",
        "event_type",
        t=tree,
        **{"from": "2026-10-24T00:00:00", "to": "2026-10-27T00:00:00"},
    )
    from tests import expected_series as x

    want = x.totals(
        "sendings_stats",
        (101, 103),
        ("event_type",),
        datetime(2026, 10, 24),
        datetime(2026, 10, 27),
    )
    emails = [
        r
        for r in x.EVENTS["sendings_stats"]
        if r["channel"] == "email" and r["customer"] in (101, 103)
    ]
    assert {v["value"] for v in result["values"]} <= {k[0] for k in want}
    assert sum(v["count"] for v in result["values"]) <= len(emails)


@pytest.mark.parametrize(
    ("field", "words"), [("properties", "no filterable field"), ("nope", "no filterable field")]
)
async def test_field_metadata_of_a_non_filterable_field_is_bad_request(
    client: httpx.AsyncClient, field: str, words: str
) -> None:
    status, errs = await errors(client, VALUES, {"r": "MEMBERS", "f": field, "n": 5})
    assert status == 422 and words in errs[0]["message"]


async def test_field_metadata_costs_one_and_needs_the_report_permit(store: Store) -> None:
    token = await create_token(store, permits=[QUERY_PERMIT], name="no-report-permits")
    async with serve(store, token) as http:
        response = await graphql(http, VALUES, {"r": "SENDINGS", "f": "channel", "n": 5})
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["details"]["missingPermits"] == [
        CATALOG["sendings"].permit
    ]


def test_every_format_is_covered() -> None:
    assert {r.format for r in CATALOG.values()} == set(Format)

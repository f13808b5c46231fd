"""Relay object identification over HTTP: global ids, `node(id:)` and `nodes(ids:)`.

Every entity report is tested the same way, from the catalog: its records' ids are unique
across customers and refetch the same records, under the report's permit, cost and tenant
checks.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from reporting_gateway.catalog.model import Report
from reporting_gateway.gateway_schema import RECORDS_REPORTS
from reporting_gateway.resolvers.nodes import MAX_IDS, encode_id
from reporting_gateway.schema import naming
from reporting_gateway.storage.store import Store
from tests.conftest import create_token, serve
from tests.factories import CANARY
from tests.helpers import data, errors, graphql

ENTITIES = sorted(name for name, report in RECORDS_REPORTS.items() if report.is_entity)


def fields(report: Report) -> str:
    names = [naming.report_field(f.name) for f in report.fields if not f.filter_only]
    return " ".join(["id", *names])


def fragment(report: Report) -> str:
    return f"... on {naming.record_type(report.name)} {{ {fields(report)} }}"


async def page(client: httpx.AsyncClient, report: Report, customer: str) -> list[dict[str, Any]]:
    root = naming.root_field(report.name)
    query = f"{{ {root}(first: 5) {{ nodes {{ {fields(report)} }} }} }}"
    return list((await data(client, query, customer=customer))[root]["nodes"])


def test_only_entity_reports_have_global_ids() -> None:
    assert ENTITIES == [
        "members",
        "offers",
        "offers_collections",
        "places",
        "sendings",
        "sendings_links",
        "transactions",
    ]


@pytest.mark.parametrize("name", ENTITIES)
async def test_nodes_refetch_the_records_of_every_entity_report(
    client: httpx.AsyncClient, name: str
) -> None:
    report = RECORDS_REPORTS[name]
    records = await page(client, report, "id=101_103")
    assert records, "the fixtures have rows of every entity report"
    ids = [record["id"] for record in records]
    assert len(set(ids)) == len(ids)
    query = f"query($ids: [ID!]!) {{ nodes(ids: $ids) {{ __typename {fragment(report)} }} }}"
    found = (await data(client, query, {"ids": list(reversed(ids))}, customer="id=101_103"))[
        "nodes"
    ]
    assert [{k: v for k, v in n.items() if k != "__typename"} for n in found] == records[::-1]
    assert {n["__typename"] for n in found} == {naming.record_type(name)}
    one = f"query($id: ID!) {{ node(id: $id) {{ id {fragment(report)} }} }}"
    assert (await data(client, one, {"id": ids[0]}, customer="id=101_103"))["node"] == records[0]


async def test_the_same_database_id_of_two_customers_has_two_global_ids(store: Store) -> None:
    """The canary copies customer 101's rows with the same ids: a cache keyed by `id` must
    still tell them apart (Apollo's default cache merged them before global ids)."""
    token = await create_token(store, customers=[101, CANARY], name="two-customers")
    report = RECORDS_REPORTS["members"]
    async with serve(store, token) as client:
        own = await page(client, report, "id=101")
        canary = await page(client, report, f"id={CANARY}")
    assert [r["databaseId"] for r in own] == [r["databaseId"] for r in canary]
    assert not {r["id"] for r in own} & {r["id"] for r in canary}


async def test_an_id_outside_the_selection_is_forbidden_and_never_its_row(
    client: httpx.AsyncClient,
) -> None:
    report = RECORDS_REPORTS["members"]
    mine, theirs = (
        (await page(client, report, "id=101"))[0],
        (await page(client, report, "id=103"))[0],
    )
    query = f"query($ids: [ID!]!) {{ nodes(ids: $ids) {{ {fragment(report)} }} }}"
    response = await graphql(client, query, {"ids": [mine["id"], theirs["id"]]}, customer="id=101")
    body = response.json()
    assert response.status_code == 200
    assert body["data"]["nodes"] == [mine, None]
    (error,) = body["errors"]
    assert error["path"] == ["nodes", 1] and error["extensions"]["code"] == "FORBIDDEN"
    single = f"query($id: ID!) {{ node(id: $id) {{ {fragment(report)} }} }}"
    response = await graphql(client, single, {"id": theirs["id"]}, customer="id=101")
    assert response.json()["data"] == {"node": None}
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert str(theirs["databaseId"]) not in str(response.json()["data"])


async def test_an_id_of_a_customer_outside_the_token_reads_nothing(store: Store) -> None:
    token = await create_token(store, customers=[101], name="one-customer")
    canary_ids = [encode_id(name, CANARY, 1) for name in ENTITIES]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    async with serve(store, token) as client:
        allowed = await graphql(client, query, {"ids": canary_ids}, customer="id=101")
        refused = await graphql(client, query, {"ids": canary_ids}, customer=f"id={CANARY}")
    assert allowed.json()["data"] == {"nodes": [None] * len(ENTITIES)}
    assert {e["extensions"]["code"] for e in allowed.json()["errors"]} == {"FORBIDDEN"}
    assert refused.status_code == 403 and "data" not in refused.json()


async def test_an_id_that_no_longer_exists_is_null_without_an_error(
    client: httpx.AsyncClient,
) -> None:
    gone = encode_id("members", 101, 2**31 - 1)
    body = (await graphql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": gone})).json()
    assert body["data"] == {"node": None} and "errors" not in body


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


BAD_IDS = {
    "not base64": "not an id!",
    "empty": "",
    "padded (not canonical)": _b64("members:101:1"),
    "leading zero (not canonical)": _b64("members:101:01").rstrip("="),
    "a computed report": encode_id("members_count", 101, 1),
    "an unknown report": encode_id("nobody", 101, 1),
    "customer out of range": encode_id("members", 2**31, 1),
    "key out of range": encode_id("members", 101, 2**31),
    "no key": _b64("members:101").rstrip("="),
    "very long": "A" * 5000,
}


@pytest.mark.parametrize("bad", BAD_IDS.values(), ids=BAD_IDS.keys())
async def test_an_id_the_gateway_never_issued_is_a_bad_request(
    client: httpx.AsyncClient, bad: str
) -> None:
    assert bad != encode_id("members", 101, 1)
    status, found = await errors(client, "query($id: ID!) { node(id: $id) { id } }", {"id": bad})
    assert status == 422 and found[0]["extensions"]["code"] == "BAD_REQUEST"
    assert found[0]["extensions"]["details"] == {"id": found[0]["message"]}
    status, found = await errors(
        client, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["x", bad]}
    )
    assert status == 422 and "ids.0" in found[0]["extensions"]["details"]


async def test_too_many_ids_are_refused(client: httpx.AsyncClient) -> None:
    ids = [encode_id("members", 101, n) for n in range(MAX_IDS + 1)]
    status, found = await errors(
        client, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids}
    )
    assert status == 422 and str(MAX_IDS) in found[0]["message"]


async def test_nodes_need_the_permit_of_every_report_their_ids_name(store: Store) -> None:
    sendings = RECORDS_REPORTS["sendings"]
    token = await create_token(
        store, permits=["Reporting:Api:Query", sendings.permit], name="sendings-only"
    )
    async with serve(store, token) as client:
        sending = (await page(client, sendings, "id=101"))[0]["id"]
        member = encode_id("members", 101, 1)
        query = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
        ok = await data(client, query, {"ids": [sending]})
        status, found = await errors(client, query, {"ids": [sending, member]})
    assert ok == {"nodes": [{"id": sending}]}
    assert status == 403 and found[0]["extensions"]["code"] == "FORBIDDEN"
    assert RECORDS_REPORTS["members"].permit in found[0]["message"]


async def test_nodes_cost_each_report_their_ids_name_once(client: httpx.AsyncClient) -> None:
    members, sendings = RECORDS_REPORTS["members"], RECORDS_REPORTS["sendings"]
    ids = [
        encode_id("members", 101, 1),
        encode_id("members", 101, 2),
        encode_id("sendings", 101, 1),
    ]
    response = await graphql(
        client, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids}
    )
    assert response.status_code == 200
    assert int(response.headers["ratelimit-cost"]) == members.cost + sendings.cost
    estimate = await data(
        client,
        "query($q: String!) { estimateCost(query: $q) { cost } }",
        {"q": f'{{ node(id: "{ids[0]}") {{ id }} }}'},
    )
    assert estimate["estimateCost"]["cost"] == members.cost

"""Tenant isolation: no row, label or total of another customer ever leaves the gateway.

The canary customer (tests/factories.py) copies customer 101's rows with the same ids,
marked text and outsized counts. For every report, access path and header variant, with a
token that may read 101 and 102 only, every answer must either be refused or hold nothing
of the canary — and an allowed answer must equal the same query for the customers the token
may read, named explicitly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Format, Report
from reporting_gateway.gateway_schema import RECORDS_REPORTS
from reporting_gateway.resolvers.nodes import encode_id
from reporting_gateway.schema import naming
from reporting_gateway.storage.store import Store
from tests.conftest import create_token, serve
from tests.factories import CANARY, CANARY_MARK

ALLOWED = [101, 102]


@pytest.fixture(scope="module")
async def http(store: Store) -> AsyncIterator[httpx.AsyncClient]:
    token = await create_token(store, customers=ALLOWED, name="canary-matrix")
    async with serve(store, token, rate_limit_capacity=10**9) as client:
        yield client


def selection(report: Report, aggregation: str | None) -> str:
    field = naming.root_field(report.name)
    agg = f", aggregateBy: {naming.enum_value(aggregation)}" if aggregation else ""
    if report.format is Format.RECORDS:
        fields = " ".join(naming.report_field(f.name) for f in report.fields if not f.filter_only)
        return f"{field}(first: 1000{agg}) {{ edges {{ cursor node {{ {fields} }} }} }}"
    label = " ".join(naming.field_name(k) for k in report.all_label_keys)
    if report.format is Format.TIMESERIES:
        interval = naming.interval_value(report.intervals[-1])
        return (
            f'{field}(from: "2025-12-01T00:00:00", to: "2026-11-05T00:00:00", interval: {interval}{agg}) '
            f"{{ timeBuckets series {{ label {{ {label} }} values timezone }} }}"
        )
    return (
        f"{field}({agg.lstrip(', ')}) {{ series {{ label {{ {label} }} value }} }}"
        if agg
        else f"{field} {{ series {{ label {{ {label} }} value }} }}"
    )


PATHS = {
    "direct": "{ %s }",
    "alias": "{ a: %s b: %s }",
    "fragment": "{ ...f } fragment f on Query { %s }",
    "inline fragment": "{ ... on Query { %s } }",
}


def query_for(report: Report, path: str, aggregation: str | None) -> str:
    template = PATHS[path]
    part = selection(report, aggregation)
    return template % ((part,) * template.count("%s"))


HEADERS = {
    "allowed": ("id=101", "ok"),
    "allowed, several": ("id=101_102", "ok"),
    "all=all": ("all=all", "ok"),
    "chain filter": ("chain=Cats", "ok"),
    "country filter": ("country=pl", "ok"),
    "whitespace and case": ("  ID = 101_102 ", "ok"),
    "the canary": (f"id={CANARY}", "refused"),
    "a readable and the canary": (f"id=101_{CANARY}", "refused"),
    "the canary, case varied": (f"Id={CANARY}", "refused"),
    "canary among filters": (f"id={CANARY};chain=Cats", "refused"),
    "malformed": (f"id=101;id={CANARY}", "refused"),
    "duplicated": (["id=101", f"id={CANARY}"], "refused"),
}


def leaks(value: Any) -> list[str]:
    """Every canary trace in a JSON answer: its id, marked text, its currency."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("loyaltyClubId", "communityId") and item == CANARY:
                found.append(f"{key}={item}")
            found += leaks(item)
    elif isinstance(value, list):
        for item in value:
            found += leaks(item)
    elif isinstance(value, str) and (CANARY_MARK.lower() in value.lower() or value == "CNY"):
        found.append(value)
    return found


async def ask(http: httpx.AsyncClient, query: str, header: str | list[str]) -> httpx.Response:
    values = header if isinstance(header, list) else [header]
    headers = [("X-Customer", v) for v in values] + [("Content-Type", "application/json")]
    return await http.post(
        "/graphql",
        content=httpx.Request("POST", "/", json={"query": query}).content,
        headers=headers,
    )


CASES = [
    (name, path, aggregation)
    for name, report in sorted(CATALOG.items())
    for path in PATHS
    for aggregation in (None, *(a.name for a in report.aggregations))
    if path == "direct" or aggregation is None
]


@pytest.mark.parametrize(("name", "path", "aggregation"), CASES)
async def test_no_canary_row_or_label_leaves_the_gateway(
    http: httpx.AsyncClient, name: str, path: str, aggregation: str | None
) -> None:
    query = query_for(CATALOG[name], path, aggregation)
    explicit = await ask(http, query, "id=101_102")
    assert explicit.status_code == 200, explicit.text
    for header, expected in HEADERS.values():
        response = await ask(http, query, header)
        body = response.json()
        assert not leaks(body), (header, leaks(body))
        if expected == "refused":
            assert response.status_code in (403, 471), (header, response.text)
            assert "data" not in body
        else:
            assert response.status_code == 200, (header, response.text)
            if header in ("all=all", "chain=Cats", "country=pl", "  ID = 101_102 "):
                assert body["data"] == explicit.json()["data"], (
                    header
                )  # exactly the readable customers


@pytest.mark.parametrize(
    "name", sorted(n for n, r in CATALOG.items() if r.format is Format.RECORDS)
)
async def test_cursors_never_reach_across_customers(http: httpx.AsyncClient, name: str) -> None:
    field = naming.root_field(name)
    query = f"query($after: String) {{ {field}(first: 1, after: $after) {{ edges {{ cursor }} pageInfo {{ endCursor hasNextPage }} }} }}"
    first = await http.post("/graphql", json={"query": query}, headers={"X-Customer": "id=101"})
    cursor = first.json()["data"][field]["pageInfo"]["endCursor"]
    assert cursor
    for header in ("id=102", "id=101_102", f"id={CANARY}"):
        response = await http.post(
            "/graphql",
            json={"query": query, "variables": {"after": cursor}},
            headers={"X-Customer": header},
        )
        assert response.status_code in (403, 422)
        assert not leaks(response.json())
    walked = []
    after = None
    while True:
        page = await http.post(
            "/graphql",
            json={"query": query, "variables": {"after": after}},
            headers={"X-Customer": "id=101"},
        )
        data = page.json()["data"][field]
        walked.extend(data["edges"])
        assert not leaks(page.json())
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert walked


async def test_a_token_for_every_customer_sees_the_canary_only_when_asked(store: Store) -> None:
    """The markers are real: the canary's rows do come back to a token allowed to read them."""
    token = await create_token(store, customers=None, name="canary-owner")
    query = query_for(CATALOG["members"], "direct", None)
    async with serve(store, token) as client:
        own = await ask(client, query, f"id={CANARY}")
        other = await ask(client, query, "id=101")
    assert leaks(own.json()) and not leaks(other.json())


ENTITIES = sorted(name for name, report in RECORDS_REPORTS.items() if report.is_entity)


@pytest.mark.parametrize("name", ENTITIES)
async def test_global_ids_of_the_canary_never_refetch_its_rows(
    http: httpx.AsyncClient, name: str
) -> None:
    """The canary's ids are 101's database ids under the canary's customer id: as real as
    any id, and refused under every header."""
    field = naming.root_field(name)
    own = await http.post(
        "/graphql",
        json={"query": f"{{ {field}(first: 5) {{ nodes {{ databaseId }} }} }}"},
        headers={"X-Customer": "id=101"},
    )
    keys = [n["databaseId"] for n in own.json()["data"][field]["nodes"]]
    assert keys
    ids = ", ".join(f'"{encode_id(name, CANARY, key)}"' for key in keys)
    record = naming.record_type(name)
    fields = " ".join(
        naming.report_field(f.name) for f in RECORDS_REPORTS[name].fields if not f.filter_only
    )
    query = f"{{ nodes(ids: [{ids}]) {{ id ... on {record} {{ {fields} }} }} }}"
    for header, expected in HEADERS.values():
        response = await ask(http, query, header)
        body = response.json()
        assert not leaks(body), (header, leaks(body))
        if expected == "refused":
            assert response.status_code in (403, 471) and "data" not in body, (header, body)
        else:
            assert body["data"] == {"nodes": [None] * len(keys)}, header
            assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}

"""Small helpers shared by tests: scopes, page walks, GraphQL over HTTP."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

import httpx

from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Aggregation, Kind, Report
from reporting_gateway.query import Customer, FilterNode, RecordsQuery, Scope
from reporting_gateway.schema import naming
from reporting_gateway.storage.store import Store
from tests import factories


async def eventually(check: Callable[[], Awaitable[bool]], *, within: float = 60.0) -> bool:
    """Whether `check` comes true, polled every 0.1 s. `within` is a liveness bound for a
    broken implementation (so a test fails instead of hanging), never a speed assertion."""
    give_up = time.monotonic() + within
    while not await check():
        if time.monotonic() > give_up:
            return False
        await asyncio.sleep(0.1)
    return True


def scope(*ids: int) -> Scope:
    return Scope(tuple(Customer(**c) for c in factories.CUSTOMERS if c["id"] in ids))


def as_dict(row: Any) -> dict[str, Any]:
    return row._asdict() if hasattr(row, "_asdict") else dict(row)


async def walk(
    store: Store,
    report: str,
    customers: Iterable[int],
    *,
    first: int = 1000,
    filter: FilterNode | None = None,
    aggregation: Aggregation | None = None,
) -> list[dict[str, Any]]:
    """Every row of a records report, page by page, following the cursors."""
    rows: list[dict[str, Any]] = []
    after = None
    for _ in range(10_000):
        query = RecordsQuery(CATALOG[report], scope(*customers), first, None, filter, aggregation)
        if after:
            query = replace(query, after=store.read_cursor(after, query))
        page = await store.records(query)
        rows.extend(as_dict(r) for r in page.rows)
        assert len(page.rows) <= first
        if not page.has_next_page:
            return rows
        after = page.cursor(page.rows[-1])
    raise AssertionError("pagination did not end")


def pick(rows: list[dict[str, Any]], keys: Iterable[str]) -> list[dict[str, Any]]:
    keys = list(keys)
    return [{k: row[k] for k in keys} for row in rows]


def to_graphql(report: Report, row: Mapping[str, Any]) -> dict[str, Any]:
    """An expected row in the shape GraphQL returns it: camelCase keys, enum names, ISO times."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        field = report.field(key)
        if value is not None and field.type.kind is Kind.ENUM:
            value = naming.enum_value(value)
        elif isinstance(value, datetime):
            value = value.isoformat()
        out[naming.report_field(key)] = value
    return out


async def graphql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    customer: str | None = "id=101",
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    sent = dict(headers or {})
    if customer is not None:
        sent["X-Customer"] = customer
    return await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=sent
    )


async def data(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
) -> Any:
    """The `data` of a query that must succeed."""
    response = await graphql(client, query, variables, **kwargs)
    body = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body["errors"]
    return body["data"]


async def errors(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
) -> tuple[int, list[dict[str, Any]]]:
    response = await graphql(client, query, variables, **kwargs)
    body = response.json()
    assert body.get("errors"), body
    return response.status_code, body["errors"]

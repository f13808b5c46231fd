"""A customer loaded while the gateway runs is served within the customer cache's time."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.store import Store
from tests import factories
from tests.conftest import NOW, TEST_SECRET, create_token, insert_rows, serve
from tests.helpers import graphql

QUERY = "{ members(first: 1) { nodes { id } } }"


async def test_a_new_customer_appears_once_the_cache_expires(empty_engine: AsyncEngine) -> None:
    first, second = factories.CUSTOMERS[0], factories.CUSTOMERS[1]
    await insert_rows(empty_engine, {"customers": [first]})
    store = Store(
        empty_engine,
        CursorSigner(TEST_SECRET.encode()),
        customer_cache_seconds=0.5,
        clock=lambda: NOW,
    )
    token = await create_token(store, customers=None)
    async with serve(store, token) as http:
        assert (await graphql(http, QUERY, customer=f"id={first['id']}")).status_code == 200
        await insert_rows(empty_engine, {"customers": [second]})
        await asyncio.sleep(0.6)  # past REPORTING_CUSTOMER_CACHE_SECONDS
        fresh = await graphql(http, QUERY, customer=f"id={second['id']}")
        assert fresh.status_code == 200, fresh.text

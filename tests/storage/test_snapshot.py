"""A snapshot (what an export pages in) sees one committed state, whatever commits meanwhile."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.catalog import CATALOG
from reporting_gateway.query import RecordsQuery
from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.store import Store
from tests import factories
from tests.conftest import TEST_SECRET, insert_rows
from tests.helpers import scope


def _members_of(customer: int) -> list[dict[str, object]]:
    return [m for m in factories.MEMBERS if m["customer_id"] == customer and m["left_at"] is None]


async def test_rows_committed_during_a_snapshot_stay_out_of_it(empty_engine: AsyncEngine) -> None:
    store = Store(empty_engine, CursorSigner(TEST_SECRET.encode()))
    first, *later = _members_of(101)
    await insert_rows(empty_engine, {"customers": factories.CUSTOMERS, "members": [first]})
    query = RecordsQuery(CATALOG["members"], scope(101), first=100, with_total_count=True)
    async with store.snapshot():
        before = await store.records(query)
        await insert_rows(empty_engine, {"members": later})
        during = await store.records(query)
    after = await store.records(query)
    assert before.total_count == during.total_count == 1
    assert [row.id for row in during.rows] == [first["id"]]
    assert after.total_count == 1 + len(later)

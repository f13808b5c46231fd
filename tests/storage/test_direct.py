"""Pages read on the driver itself (`storage/direct.py`) are SQLAlchemy's rows, cell for cell."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from reporting_gateway.catalog import CATALOG
from reporting_gateway.query import Condition, RecordsQuery
from reporting_gateway.storage.direct import DirectReads
from reporting_gateway.storage.rollups.planner import records_path
from reporting_gateway.storage.statements.records import plan_records
from reporting_gateway.storage.store import Store
from tests import expected
from tests.helpers import scope


def _cells(rows: Any) -> list[list[tuple[type, Any]]]:
    return [[(type(cell), cell) for cell in row] for row in rows]


@pytest.mark.parametrize("report", sorted(expected.RECORDS))
async def test_rows_read_on_the_driver_are_sqlalchemys(store: Store, report: str) -> None:
    query = RecordsQuery(CATALOG[report], scope(101), first=1000)
    plan, params = plan_records(query, records_path(query).source)
    direct = DirectReads(store.engine.sync_engine)
    async with store.connection() as connection:
        found = await direct.rows(connection, plan.page, params)
        again = await direct.rows(connection, plan.page, params)  # the kept statement
        result = await connection.execute(plan.page, params)
        names, want = tuple(result.keys()), result.fetchall()
    assert found is not None, "one customer, no IN list: the driver reads it"
    assert found[0] == names
    assert _cells(found[1]) == _cells(want)
    assert again is not None and _cells(again[1]) == _cells(want)
    assert want, "the fixture gives customer 101 rows of every report"


@pytest.mark.parametrize(
    "query",
    [
        RecordsQuery(CATALOG["members"], scope(101, 102), first=10),
        RecordsQuery(CATALOG["members"], scope(101), first=10,
                     filter=Condition("gender", "in", ["female", "male"])),
    ],
    ids=["customers", "in filter"],
)  # fmt: skip
async def test_an_in_list_is_left_to_sqlalchemy(store: Store, query: RecordsQuery) -> None:
    plan, params = plan_records(query, records_path(query).source)
    async with store.connection() as connection:
        assert (
            await DirectReads(store.engine.sync_engine).rows(connection, plan.page, params) is None
        )


async def test_a_watched_engine_sees_every_statement(store: Store) -> None:
    """With a cursor event listener (a tracer's SQLAlchemy instrumentation), pages go through
    SQLAlchemy, so that it sees them."""
    query = RecordsQuery(CATALOG["members"], scope(101), first=10)
    plan, params = plan_records(query, records_path(query).source)

    def watch(*_: object) -> None:
        """A tracer's listener; that one is registered is what matters."""

    direct = DirectReads(store.engine.sync_engine)
    sa.event.listen(store.engine.sync_engine, "before_cursor_execute", watch)
    try:
        async with store.connection() as connection:
            assert await direct.rows(connection, plan.page, params) is None
    finally:
        sa.event.remove(store.engine.sync_engine, "before_cursor_execute", watch)
    async with store.connection() as connection:
        assert await direct.rows(connection, plan.page, params) is not None


async def test_a_statement_never_runs_with_another_requests_customer(store: Store) -> None:
    """The first request's values are not the statement's: a request that lacked one (a bug)
    fails rather than reading with the value of the request that compiled it."""
    query = RecordsQuery(CATALOG["members"], scope(101), first=10)
    plan, params = plan_records(query, records_path(query).source)
    direct = DirectReads(store.engine.sync_engine)
    async with store.connection() as connection:
        assert await direct.rows(connection, plan.page, params) is not None
        without_customer = {k: v for k, v in params.items() if k != "rg_customer"}
        with pytest.raises(KeyError, match="rg_customer"):
            await direct.rows(connection, plan.page, without_customer)

"""A timeseries export holds every value, past the GraphQL answer's 1000-value cut."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.catalog import enums
from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.store import Store
from tests import factories
from tests.conftest import NOW, TEST_SECRET, create_token, insert_rows, serve
from tests.exports.test_exports_api import create, download, finish, parse
from tests.helpers import data

START = datetime(2026, 10, 20, tzinfo=UTC)
HOURS = 150


async def test_a_timeseries_export_is_never_cut_at_1000_values(
    empty_engine: AsyncEngine, tmp_path: Path
) -> None:
    types = enums.SENDING_EVENT_TYPE.values
    events = [
        {
            "customer_id": 101,
            "id": hour * len(types) + n + 1,
            "sending_id": 10100,
            "member_id": None,
            "event_type": kind,
            "occurred_at": START + timedelta(hours=hour, minutes=n),
        }
        for hour in range(HOURS)
        for n, kind in enumerate(types)
    ]
    rows = {"customers": factories.CUSTOMERS, "sendings": factories.SENDINGS[:1]}
    await insert_rows(empty_engine, {**rows, "sending_events": events})
    store = Store(empty_engine, CursorSigner(TEST_SECRET.encode()), clock=lambda: NOW)
    token = await create_token(store)
    window = 'from: "2026-10-20T02:00:00", to: "2026-10-26T07:00:00", interval: HOUR'
    async with serve(store, token, rate_limit_capacity=10**9, export_dir=str(tmp_path)) as http:
        answer = await data(
            http,
            f"{{ sendingsEventsHistory({window}) {{ truncated dataPoints }} }}",
            customer="id=101",
        )
        assert answer["sendingsEventsHistory"] == {
            "truncated": True,
            "dataPoints": 1000 // HOURS * HOURS,
        }
        job = await finish(
            http,
            await create(
                http,
                f"exportTimeseries(report: SENDINGS_EVENTS_HISTORY, {window}, format: CSV)",
                customer="id=101",
            ),
        )
        assert job["status"] == "DONE", job
        exported = parse(await download(http, job), "CSV")
    assert len(exported) == HOURS * len(types)
    assert {row["event_type"] for row in exported} == set(types)
    assert sum(int(row["value"]) for row in exported) == len(events)

"""The rules at the edges, on both paths (rollups and facts) and both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway import timebuckets
from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Interval
from reporting_gateway.query import TimeseriesQuery
from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.store import Store
from tests import factories
from tests.conftest import NOW, TEST_SECRET, insert_rows
from tests.helpers import scope

DAY = datetime(2026, 10, 5, 10, tzinfo=UTC)


def event(n: int, member: int | None, at: datetime, kind: str = "transmitted") -> dict[str, object]:
    return {
        "customer_id": 101,
        "id": n,
        "sending_id": 10100,
        "member_id": member,
        "event_type": kind,
        "occurred_at": at,
    }


async def stores(engine: AsyncEngine) -> list[Store]:
    signer = CursorSigner(TEST_SECRET.encode())
    return [Store(engine, signer, clock=lambda: NOW, rollups=rollups) for rollups in (True, False)]


async def test_recipients_in_a_bucket_whose_events_name_no_member_have_no_value(
    empty_engine: AsyncEngine,
) -> None:
    """The README promises null and an omitted bucket; 0 and an extra bucket came back."""
    rows = [
        event(1, None, DAY),  # day 1: only events without a member
        event(2, None, DAY + timedelta(hours=1)),
        event(3, 5, DAY + timedelta(days=1)),  # day 2: one member, twice, and a null
        event(4, 5, DAY + timedelta(days=1, hours=1)),
        event(5, None, DAY + timedelta(days=1, hours=2)),
    ]
    await insert_rows(
        empty_engine,
        {
            "customers": factories.CUSTOMERS[:1],
            "sendings": factories.SENDINGS[:1],
            "sending_events": rows,
        },
    )
    report = CATALOG["sendings_recipients_statistics"]
    chosen = scope(101)
    start = datetime(2026, 10, 4)
    plan = timebuckets.plan(
        offered=report.intervals,
        interval=Interval.DAY,
        start=start,
        end=start + timedelta(days=5),
        timezones=chosen.timezones,
        now=NOW,
    )
    for store in await stores(empty_engine):
        data = await store.timeseries(TimeseriesQuery(report, chosen, plan))
        values = {
            plan.labels[i]: v for series in data.series.values() for i, v in enumerate(series)
        }
        assert {k: v for k, v in values.items() if v is not None} == {
            "2026-10-06T00:00:00+02:00": 1
        }, store.rollups

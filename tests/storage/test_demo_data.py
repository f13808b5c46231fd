"""Demo data: deterministic, and it covers what the issue promises a newcomer."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.catalog import enums
from reporting_gateway.storage.ingest.demo_data import DemoData, is_empty, write_demo_data

UNTIL = datetime(2026, 11, 1, 12, tzinfo=UTC)


def _rows(data: DemoData) -> dict[str, list[dict[str, object]]]:
    collected: dict[str, list[dict[str, object]]] = {}
    for table, rows, _ in data.tables():
        collected.setdefault(table.name, []).extend(rows)
    return collected


def test_the_same_seed_gives_the_same_rows() -> None:
    first = _rows(DemoData(scale=0.05, seed=3, until=UNTIL))
    second = _rows(DemoData(scale=0.05, seed=3, until=UNTIL))
    other = _rows(DemoData(scale=0.05, seed=4, until=UNTIL))
    assert first == second
    assert first["members"] != other["members"]


def test_demo_data_covers_customers_timezones_channels_events_and_bots() -> None:
    rows = _rows(DemoData(scale=0.1, seed=7, until=UNTIL))
    customers = rows["customers"]
    assert len(customers) >= 4
    assert len({c["chain"] for c in customers}) >= 2 and len({c["country"] for c in customers}) >= 2
    zones = Counter(c["timezone"] for c in customers)
    assert len(zones) >= 3 and max(zones.values()) >= 2  # two customers share one timezone
    assert {e["event_type"] for e in rows["sending_events"]} == set(enums.SENDING_EVENT_TYPE.values)
    assert {s["channel"] for s in rows["sendings"]} == set(enums.CHANNEL.values)
    assert any(v["is_bot"] for v in rows["link_visits"]) and not all(
        v["is_bot"] for v in rows["link_visits"]
    )
    assert any(m["left_at"] for m in rows["members"])
    for table in (
        "offers",
        "offer_events",
        "offer_usages",
        "transactions",
        "places",
        "member_snapshots",
    ):
        assert rows[table], table
    times = [e["occurred_at"] for e in rows["sending_events"]]
    assert min(times) < UNTIL - timedelta(days=600) and max(times) > UNTIL - timedelta(days=30)
    assert all(t <= UNTIL for t in times)


async def test_demo_data_loads_into_an_empty_store(empty_engine: AsyncEngine) -> None:
    assert await is_empty(empty_engine)
    counts = await write_demo_data(empty_engine, DemoData(scale=0.02, seed=1, until=UNTIL))
    assert counts["customers"] == 4 and counts["sending_events"] > 0
    assert not await is_empty(empty_engine)

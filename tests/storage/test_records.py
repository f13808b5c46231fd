"""Records reports against rows derived independently from the fixture (tests/expected.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.catalog import CATALOG
from reporting_gateway.query import Condition, RecordsQuery
from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.store import Store
from tests import expected, factories
from tests.conftest import TEST_SECRET, insert_rows
from tests.helpers import pick, scope, walk

RECORDS_REPORTS = sorted(expected.RECORDS)
SCOPES = [(101,), (102, 103), (101, 102, 103, 104)]


@pytest.mark.parametrize("report", RECORDS_REPORTS)
@pytest.mark.parametrize("customers", SCOPES, ids=lambda c: "_".join(map(str, c)))
async def test_report_rows_equal_the_independent_computation(
    store: Store, report: str, customers: tuple[int, ...]
) -> None:
    want = expected.RECORDS[report](customers)
    assert want, "the fixture must give every report rows"
    got = await walk(store, report, customers)
    assert pick(got, want[0]) == want


@pytest.mark.parametrize("report", RECORDS_REPORTS)
@pytest.mark.parametrize("first", [1, 3, 7])
async def test_a_pagination_walk_returns_each_row_exactly_once(
    store: Store, report: str, first: int
) -> None:
    customers = (101, 102, 103)
    whole = await walk(store, report, customers, first=1000)
    paged = await walk(store, report, customers, first=first)
    assert paged == whole


async def test_has_next_page_is_false_on_an_exactly_full_last_page(store: Store) -> None:
    count = len(expected.members((102,)))
    page = await store.records(RecordsQuery(CATALOG["members"], scope(102), first=count))
    assert len(page.rows) == count
    assert page.has_next_page is False
    page = await store.records(RecordsQuery(CATALOG["members"], scope(102), first=count - 1))
    assert page.has_next_page is True


@pytest.mark.parametrize("report", RECORDS_REPORTS)
async def test_total_count_counts_every_page(store: Store, report: str) -> None:
    customers = (101, 103)
    query = RecordsQuery(CATALOG[report], scope(*customers), first=2, with_total_count=True)
    page = await store.records(query)
    assert page.total_count == len(expected.RECORDS[report](customers))


async def test_total_count_is_not_computed_unless_asked(store: Store) -> None:
    page = await store.records(RecordsQuery(CATALOG["members"], scope(101), first=2))
    assert page.total_count is None


async def test_members_count_total_sums_customers_into_one_record(store: Store) -> None:
    report = CATALOG["members_count"]
    rows = await walk(
        store, "members_count", (101, 102, 103), aggregation=report.aggregation("total")
    )
    assert rows == expected.members_count((101, 102, 103), total=True)


async def test_members_count_gives_zero_to_a_customer_without_matches(store: Store) -> None:
    young = Condition("birth_year_group", "greater_than", 1990)
    rows = await walk(store, "members_count", (101, 104), filter=young)
    want = expected.members_count(
        (101, 104), lambda r: r["birth_year_group"] is not None and r["birth_year_group"] > 1990
    )
    assert rows == want
    assert any(r["members_count"] == 0 for r in rows)


async def test_members_grouped_count_by_grouping_type_and_value_sums_across_customers(
    store: Store,
) -> None:
    aggregation = CATALOG["members_grouped_count"].aggregation("by_grouping_type_and_value")
    for first in (1000, 4):
        rows = await walk(
            store, "members_grouped_count", (101, 102, 103), first=first, aggregation=aggregation
        )
        assert rows == expected.members_grouped_count((101, 102, 103), across_customers=True)


async def test_sendings_links_stats_filter_by_source_id(store: Store) -> None:
    rows = await walk(
        store,
        "sendings_links_stats",
        (101, 102),
        filter=Condition("source_id", "in", ["7000", "manual"]),
    )
    assert rows == expected.sendings_links_stats(
        (101, 102), lambda r: r["source_id"] in ("7000", "manual")
    )


async def test_bot_visits_are_never_counted(store: Store) -> None:
    rows = await walk(store, "sendings_links", (101,))
    all_visits = {
        link["id"]: sum(1 for v in factories.LINK_VISITS if v["link_id"] == link["id"])
        for link in factories.LINKS
    }
    assert all(
        row["visits_count"] < all_visits[row["id"]] for row in rows
    )  # every link has a bot visit


async def test_sendings_timeseries_ranges_cover_the_events_in_the_customer_timezone(
    store: Store,
) -> None:
    rows = await walk(store, "sendings", (103,))
    tz = ZoneInfo("America/New_York")
    now = store.clock()
    for row in rows:
        events = [
            e["occurred_at"]
            for e in factories.SENDING_EVENTS
            if e["sending_id"] == row["id"] and e["customer_id"] == 103
        ]
        ranges = row["timeseries_ranges"]
        assert set(ranges) == {"5m", "1h", "1d", "1w", "1mo"}
        first, last = min(events).astimezone(tz).date(), max(events).astimezone(tz).date()
        day_end = datetime.combine(last + timedelta(days=1), time(), tzinfo=tz)
        day_start = max(
            datetime.combine(first, time(), tzinfo=tz),
            datetime.combine(last - timedelta(days=149), time(), tzinfo=tz),
        )
        assert ranges["1d"] == {
            "from": day_start.isoformat(),
            "to": day_end.isoformat(),
        }  # at most 150 buckets, latest kept
        month_start = datetime.combine(
            first.replace(day=1), time(), tzinfo=tz
        )  # months: never 150 of them here
        assert ranges["1mo"]["from"] == month_start.isoformat()
        if now - max(events) > timedelta(days=14):
            assert ranges["5m"] is None  # 5-minute data is kept 14 days only
        else:
            assert datetime.fromisoformat(ranges["5m"]["from"]) >= now - timedelta(days=14)


async def test_per_row_aggregates_stay_with_their_customer_when_ids_repeat(
    empty_engine: AsyncEngine,
) -> None:
    """The canary's sendings have 101's ids; without its `opened` events, its counts differ."""
    both = (101, factories.CANARY)
    rows = {
        name: [r for r in table if r.get("customer_id", r.get("id")) in both]
        for name, table in factories.ROWS.items()
    }
    rows["sending_events"] = [
        e
        for e in rows["sending_events"]
        if not (e["customer_id"] == factories.CANARY and e["event_type"] == "opened")
    ]
    await insert_rows(empty_engine, rows)
    store = Store(empty_engine, CursorSigner(TEST_SECRET.encode()), clock=lambda: factories.NOW)
    got = await walk(store, "sendings", both)  # one page holding both customers
    mine = [r for r in got if r["loyalty_club_id"] == 101]
    canary = [r for r in got if r["loyalty_club_id"] == factories.CANARY]
    want = expected.sendings((101,))
    assert pick(mine, want[0]) == want
    assert any(r["opened_count"] for r in mine)
    assert [r["id"] for r in canary] == [r["id"] for r in mine]
    assert [r["opened_count"] for r in canary] == [0] * len(canary)
    assert [r["new_count"] for r in canary] == [r["new_count"] for r in mine]

"""Property: every report a rollup answers equals the same report computed from the facts.

Random facts (several timezones, DST days, +05:30/+05:45 offsets, late events) go in through
the loader in several batches; after each batch `rollups check` finds no difference, and
every timeseries (each interval, aggregation, timezone mix and some filters), statistics
(all time, aligned and unaligned periods) and rollup-backed records report answers the same
with rollups as without them. On SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway import timebuckets
from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Format, Interval, Report
from reporting_gateway.query import (
    Condition,
    Customer,
    FilterNode,
    Logical,
    RecordsQuery,
    Scope,
    StatisticsQuery,
    TimeseriesQuery,
)
from reporting_gateway.storage.facts.tables import FACT_TABLES
from reporting_gateway.storage.ingest.loader import load_file
from reporting_gateway.storage.rollups.check import check
from reporting_gateway.storage.rollups.definitions import ROLLUPS
from reporting_gateway.storage.rollups.planner import FACTS
from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.store import Store
from tests.conftest import BACKENDS, TEST_SECRET
from tests.storage.rollups.random_facts import NOW, TIMEZONES, RandomFacts

CUSTOMERS = {c: Customer(c, f"C{c}", f"c{c}", "Cats", "PL", tz) for c, tz in TIMEZONES.items()}
SCOPES = [(201,), (202,), (206,), (203, 204), (201, 202, 203, 205, 206)]
LOCAL_NOW = NOW.replace(tzinfo=None)
RANGES = {
    Interval.FIVE_MINUTES: (LOCAL_NOW - timedelta(hours=12), LOCAL_NOW),
    Interval.HOUR: (LOCAL_NOW - timedelta(days=6), LOCAL_NOW),
    Interval.DAY: (LOCAL_NOW - timedelta(days=149), LOCAL_NOW),
    Interval.WEEK: (LOCAL_NOW - timedelta(weeks=60), LOCAL_NOW),
    Interval.MONTH: (LOCAL_NOW - timedelta(days=450), LOCAL_NOW),
}
PERIODS: list[tuple[datetime | None, datetime | None]] = [
    (None, None),
    (LOCAL_NOW - timedelta(days=200), LOCAL_NOW - timedelta(days=3)),
    (datetime(2026, 3, 29, 1, 7, 33), datetime(2026, 10, 25, 2, 31)),  # edges inside buckets
    (datetime(2026, 10, 1), None),
    (None, datetime(2026, 6, 10, 10, 10)),
]


def _any(field: str, *values: Any) -> Condition:
    return Condition(field, "in", values)


FILTERS: dict[str, list[FilterNode]] = {
    "sendings_events_history": [
        _any("event_type", "opened", "delivered"),
        Logical("not", (Condition("channel", "equal", "sms"),)),
        Condition("campaign_id", "equal", None),
        _any("sending_id", 20100, 20301),  # no rollup keeps it: the facts answer
    ],
    "links_visits_history": [
        Condition("host", "equal", "a.example"),
        Condition("source_id", "not_in", ("7001",)),
    ],
    "member_balance": [
        Condition("gender", "equal", "female"),
        _any("age", "30-34", "35-39", "70-74"),
        Condition("optin_channel", "equal", None),
        Condition("optin_subchannel", "equal", "a"),  # facts
    ],
    "members_count_history": [
        Condition("grouping_type", "equal", "age"),
        Condition("grouping_value", "not_equal", "unknown"),
    ],
    "sendings_recipients_statistics": [
        Condition("gender", "equal", "male"),
        _any("channel", "sms", "push"),
        Condition("sending_id", "equal", 20100),  # facts
    ],
    "offers_events_history": [Condition("collection_id", "equal", None)],
    "offers_usages_history": [Condition("place_id", "equal", 1)],
    "transactions_history": [Condition("type", "equal", "refund")],
    "members_count": [
        Condition("gender", "equal", "female"),
        _any("age", "30-34", "35-39"),
        Condition("birth_year_group", "greater_than", 1980),
        Condition("optin_subchannel", "equal", "a"),  # facts
    ],
    "members_grouped_count": [Condition("grouping_type", "equal", "country")],
    "sendings_links_stats": [_any("source_id", "7001", "campaign")],
}
FILTERS["sendings_stats"] = FILTERS["sendings_events_history"][:3]
FILTERS["offers_events_stats"] = FILTERS["offers_events_history"]
FILTERS["offers_usages_stats"] = FILTERS["offers_usages_history"]
RECORDS = [
    "members_count",
    "members_grouped_count",
    "sendings_links_stats",
    "sendings",
    "sendings_links",
    "offers_collections",
]


def scope(ids: tuple[int, ...]) -> Scope:
    return Scope(tuple(CUSTOMERS[i] for i in ids))


def _variants(report: Report) -> Iterator[tuple[Any, FilterNode | None]]:
    for aggregation in (None, *report.aggregations):
        yield aggregation, None
    for node in FILTERS.get(report.name, ()):
        yield None, node


def timeseries_queries() -> Iterator[TimeseriesQuery]:
    for report in CATALOG.values():
        if report.format is not Format.TIMESERIES:
            continue
        for interval in report.intervals:
            start, end = RANGES[interval]
            for ids in SCOPES:
                chosen = scope(ids)
                plan = timebuckets.plan(offered=report.intervals, interval=interval, start=start,
                                        end=end, timezones=chosen.timezones, now=NOW)  # fmt: skip
                for aggregation, node in _variants(report):
                    yield TimeseriesQuery(report, chosen, plan, node, aggregation)


def statistics_queries() -> Iterator[StatisticsQuery]:
    for report in CATALOG.values():
        if report.format is not Format.STATISTICS:
            continue
        for ids in SCOPES:
            chosen = scope(ids)
            for first, last in PERIODS:
                starts, ends = {}, {}
                for name in chosen.timezones:
                    tz = timebuckets.zone(name)
                    starts[name] = first and timebuckets.localize(first, tz)
                    ends[name] = last and timebuckets.localize(last, tz)
                for aggregation, node in _variants(report):
                    yield StatisticsQuery(report, chosen, starts, ends, node, aggregation)


def records_queries() -> Iterator[RecordsQuery]:
    for name in RECORDS:
        report = CATALOG[name]
        for ids in SCOPES:
            for aggregation, node in _variants(report):
                yield RecordsQuery(report, scope(ids), 1000, None, node, aggregation, True)


@dataclass
class Stores:
    rollups: Store
    facts: Store


@pytest.fixture
def stores(empty_engine: AsyncEngine) -> Stores:
    signer = CursorSigner(TEST_SECRET.encode())
    return Stores(
        Store(empty_engine, signer, clock=lambda: NOW, rollups=True),
        Store(empty_engine, signer, clock=lambda: NOW, rollups=False),
    )


async def load(engine: AsyncEngine, batch: dict[str, list[dict[str, Any]]], folder: Path) -> None:
    for table in FACT_TABLES:
        if batch.get(table.name):
            path = folder / f"{table.name}.jsonl"
            path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in batch[table.name]))
            await load_file(engine, table.name, path, now=NOW)


async def _records(store: Store, query: RecordsQuery) -> list[Any]:
    page = await store.records(query)
    assert not page.has_next_page
    return [tuple(row) if isinstance(row, tuple) else dict(row) for row in page.rows]


def _sample(queries: Iterator[Any], every: int) -> Iterator[Any]:
    return (query for index, query in enumerate(queries) if index % every == 0)


async def test_reports_from_rollups_equal_reports_from_facts(
    stores: Stores, empty_engine: AsyncEngine, tmp_path: Path, backend: str
) -> None:
    """Each backend gets its own random facts; every query is compared after the last batch,
    a sample of them after the others (`rollups check` runs after every batch)."""
    paths: Counter[str] = Counter()
    batches = RandomFacts(seed=BACKENDS.index(backend) + 1).tables()
    for number, batch in enumerate(batches):
        await load(empty_engine, batch, tmp_path)
        async with empty_engine.connect() as connection:
            assert await check(connection, ROLLUPS) == [], f"after batch {number}"
        every = 1 if number == len(batches) - 1 else 7
        for query in _sample(timeseries_queries(), every):
            paths[stores.rollups.answered_from(query)] += 1
            fast, slow = (
                await stores.rollups.timeseries(query),
                await stores.facts.timeseries(query),
            )
            assert fast == slow, (query.report.name, query.plan.interval, query.scope.ids, query)
        for query in _sample(statistics_queries(), every):
            paths[stores.rollups.answered_from(query)] += 1
            fast, slow = (
                await stores.rollups.statistics(query),
                await stores.facts.statistics(query),
            )
            assert fast == slow, query
        for query in _sample(records_queries(), every):
            paths[stores.rollups.answered_from(query)] += 1
            assert await _records(stores.rollups, query) == await _records(stores.facts, query)
    answered_by_rollups = sum(n for name, n in paths.items() if name != FACTS)
    assert answered_by_rollups > 0.8 * sum(paths.values()), paths
    assert {"sending_events_by_channel", "sending_recipients", "member_changes_by_*"} <= set(paths)
    assert any(name.endswith("+facts") for name in paths), "some periods have edges read from facts"

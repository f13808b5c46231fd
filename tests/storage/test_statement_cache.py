"""Every statement shape the gateway runs has a SQLAlchemy cache key, so it is compiled once
per shape, not once per request (a custom construct without one made each timeseries compile
again: `storage/dialect.py`). An array overlap is the one deliberate exception."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reporting_gateway import timebuckets
from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Format, Measure
from reporting_gateway.query import RecordsQuery, StatisticsQuery, TimeseriesQuery
from reporting_gateway.storage.rollups.planner import records_path
from reporting_gateway.storage.series import counter_statement, statistics_statements
from reporting_gateway.storage.statements.records import plan_records
from tests.factories import T0
from tests.helpers import scope

SCOPE = scope(101, 103)  # two timezones
LOCAL = T0.replace(tzinfo=None)  # wall-clock time, as for customers in several timezones
SERIES = [
    name
    for name, report in sorted(CATALOG.items())
    if report.format is Format.TIMESERIES and report.measure is not Measure.RUNNING_COUNT
]


@pytest.mark.parametrize("rollups", [True, False], ids=["rollups", "facts"])
@pytest.mark.parametrize("report", SERIES)
def test_timeseries_statements_have_a_cache_key(report: str, rollups: bool) -> None:
    described = CATALOG[report]
    plan = timebuckets.plan(offered=described.intervals, interval=described.intervals[-1],
                            start=LOCAL - timedelta(days=60), end=LOCAL, timezones=SCOPE.timezones,
                            now=T0)  # fmt: skip
    query = TimeseriesQuery(described, SCOPE, plan)
    for dialect in ("sqlite", "postgresql"):
        assert counter_statement(query, rollups, dialect)._generate_cache_key() is not None


@pytest.mark.parametrize(
    "report", sorted(n for n, r in CATALOG.items() if r.format is Format.STATISTICS)
)
def test_statistics_statements_have_a_cache_key(report: str) -> None:
    query = StatisticsQuery(CATALOG[report], SCOPE, {}, {})
    for statement in statistics_statements(query, True, T0):
        assert statement._generate_cache_key() is not None


@pytest.mark.parametrize(
    "report", sorted(n for n, r in CATALOG.items() if r.format is Format.RECORDS)
)
def test_records_statements_have_a_cache_key(report: str) -> None:
    query = RecordsQuery(CATALOG[report], SCOPE, first=10, with_total_count=True)
    plan, _ = plan_records(query, records_path(query).source)
    for statement in (plan.page, plan.rest, plan.total_count):
        assert statement is None or statement._generate_cache_key() is not None

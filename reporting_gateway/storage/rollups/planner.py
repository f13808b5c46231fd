"""Which rows answer a query: the first rollup that keeps every field it uses, or the facts.

The choice is a pure function of the query, so `estimateCost` can say it before anything
runs and `extensions.answeredFrom` says it after, and both agree with what ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from reporting_gateway.catalog.model import Interval, Report
from reporting_gateway.query import (
    Condition,
    FilterNode,
    RecordsQuery,
    StatisticsQuery,
    TimeseriesQuery,
)
from reporting_gateway.storage.facts.sources import SOURCES
from reporting_gateway.storage.rollups.model import GRAINS, KEPT_FOR
from reporting_gateway.storage.rollups.periods import Gap, Piece, decompose
from reporting_gateway.storage.rollups.sources import ENRICHMENTS, READINGS, Reading
from reporting_gateway.storage.statements.records import needs_enrichment
from reporting_gateway.storage.statements.source import Source
from reporting_gateway.timebuckets import zone

FACTS = "facts"

# The grains whose buckets make up a bucket of each interval, coarsest first.
DIVIDING: dict[Interval, tuple[Interval, ...]] = {
    Interval.FIVE_MINUTES: (Interval.FIVE_MINUTES,),
    Interval.HOUR: (Interval.HOUR, Interval.FIVE_MINUTES),
    Interval.DAY: (Interval.DAY, Interval.HOUR, Interval.FIVE_MINUTES),
    Interval.WEEK: (Interval.DAY, Interval.HOUR, Interval.FIVE_MINUTES),
    Interval.MONTH: (Interval.MONTH, Interval.DAY, Interval.HOUR, Interval.FIVE_MINUTES),
}


@dataclass(frozen=True)
class Path:
    """How a query is answered: `name` is a rollup's (or a union of rollups') or `facts`."""

    name: str
    source: Source
    grain: Interval | None = None
    reading: Reading | None = None


@dataclass(frozen=True)
class StatisticsPlan:
    """A statistics query over a rollup: per timezone, the runs of whole buckets the period
    holds, and the edges no bucket covers (read from the facts)."""

    path: Path
    pieces: dict[str, list[Piece]] = field(default_factory=dict)
    gaps: dict[str, list[Gap]] = field(default_factory=dict)
    facts: Source | None = None  # for the gaps

    @property
    def name(self) -> str:
        if self.path.name != FACTS and any(self.gaps.values()):
            return f"{self.path.name}+{FACTS}"
        return self.path.name


def filter_fields(node: FilterNode | None) -> set[str]:
    if node is None:
        return set()
    if isinstance(node, Condition):
        return {node.field}
    return {name for child in node.operations for name in filter_fields(child)}


def used_fields(report: Report, node: FilterNode | None, *keys: str) -> frozenset[str]:
    return frozenset((filter_fields(node) | set(keys)) - {report.tenant_field})


def _facts(report: Report, used: frozenset[str]) -> Path:
    return Path(FACTS, SOURCES[report.name].narrowed(used))


def _reading(
    report: Report, used: frozenset[str], grains: tuple[Interval, ...] | None
) -> tuple[Reading, Interval | None] | None:
    for reading in READINGS.get(report.name, ()):
        if not used <= reading.fields:
            continue
        if grains is None:
            return reading, None
        grain = next((g for g in grains if g in reading.grains), None)
        if grain is not None:
            return reading, grain
    return None


def timeseries_path(query: TimeseriesQuery, rollups: bool = True) -> Path:
    report = query.report
    keys = report.label_keys(query.aggregation, query.scope.cross_customer)
    used = used_fields(report, query.filter, *keys)
    found = _reading(report, used, DIVIDING[query.plan.interval]) if rollups else None
    if found is None:
        return _facts(report, used)
    reading, grain = found
    return Path(reading.name, reading.build(report, grain, used), grain, reading)


def kept(now: datetime) -> dict[Interval, datetime | None]:
    """From when each grain's buckets can be read: the API's retention of its interval."""
    return {grain: now - grain.retention if grain in KEPT_FOR and grain.retention else None
            for grain in GRAINS}  # fmt: skip


def statistics_plan(query: StatisticsQuery, now: datetime, rollups: bool = True) -> StatisticsPlan:
    report = query.report
    keys = report.label_keys(query.aggregation, query.scope.cross_customer)
    used = used_fields(report, query.filter, *keys)
    found = _reading(report, used, None) if rollups else None
    if found is None:
        return StatisticsPlan(_facts(report, used))
    reading, _ = found
    path = Path(reading.name, reading.build(report, None, used), None, reading)
    pieces, gaps = {}, {}
    for timezone in sorted(query.scope.timezones):
        pieces[timezone], gaps[timezone] = decompose(
            query.start.get(timezone),
            query.end.get(timezone),
            reading.grains,
            zone(timezone),
            kept(now),
        )
    return StatisticsPlan(path, pieces, gaps, _facts(report, used).source)


def before(start: dict[str, datetime], grains: tuple[Interval, ...]) -> dict[str, list[Piece]]:
    """Per timezone, the buckets before `start` (a running count's starting value)."""
    found: dict[str, list[Piece]] = {}
    for timezone, instant in start.items():
        pieces, gaps = decompose(None, instant, grains, zone(timezone))
        assert not gaps, "a range starts on a bucket of its interval, which rollups keep"
        found[timezone] = pieces
    return found


def records_path(query: RecordsQuery, rollups: bool = True) -> Path:
    report = query.report
    facts = SOURCES[report.name]
    if not rollups:
        return Path(FACTS, facts)
    if report.name in ENRICHMENTS:
        if not needs_enrichment(query, facts):
            return Path(FACTS, facts)
        name, enrichment = ENRICHMENTS[report.name]
        return Path(name, replace(facts, enrichment=enrichment))
    used = used_fields(report, query.filter, *report.keys)
    found = _reading(report, used, None)
    if found is None:
        return Path(FACTS, facts)
    reading, _ = found
    return Path(reading.name, reading.build(report, None, used), None, reading)

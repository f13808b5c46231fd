"""Rollups described as `Source`s, so the statement builders read them as they read facts.

A rollup row already holds a count: its source's `aggregate` sums the count instead of
counting rows. Its `time` is the bucket start: a rollup bucket lies inside every query bucket
that holds its start (local buckets nest, see `bucketing.py`), so the same range join puts
rows into buckets. `where` keeps the rows of one grain.

`READINGS` lists, per report, the ways rollups can answer it, smallest first; the planner
takes the first that keeps every field a query uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from reporting_gateway.catalog.model import Interval, Measure, Report
from reporting_gateway.storage.facts import tables as facts
from reporting_gateway.storage.facts.sources import (
    GROUPINGS,
    SOURCES,
    UNKNOWN_GROUPING_VALUE,
    age_band,
    birth_year_group,
)
from reporting_gateway.storage.rollups.definitions import BY_NAME, MEMBER_ATTRIBUTES
from reporting_gateway.storage.rollups.model import (
    Count,
    Distinct,
    Earliest,
    LastValue,
    Latest,
    Rollup,
    Sum,
)
from reporting_gateway.storage.rollups.tables import NONE_INT, NONE_TEXT, SETS, TABLES
from reporting_gateway.storage.statements.source import Column, Enrichment, Join, Source

# How a grouping type of members_count_history / members_grouped_count reads a member rollup.
GROUPED_BY = {name: "birth_year" if name == "age" else name for name in GROUPINGS}
assert set(GROUPED_BY.values()) <= set(MEMBER_ATTRIBUTES)


def _value(column: Any) -> Column:
    """A dimension as the facts have it: the stored sentinel read back as NULL."""
    if not column.info.get("nullable"):
        return column  # type: ignore[no-any-return]
    sentinel = NONE_INT if isinstance(column.type, sa.Integer) else NONE_TEXT
    return sa.func.nullif(column, sentinel, type_=column.type)


def dimensions(rollup: Rollup, table: FromClause) -> dict[str, Column]:
    """The fields a rollup's dimensions give (a birth year also gives the age band)."""
    found = {name: _value(table.c[name]) for name in rollup.dims}
    if "birth_year" in found:
        found["age"] = age_band(found["birth_year"])
        found["birth_year_group"] = birth_year_group(found["birth_year"])
    return found


def _count(rollup: Rollup) -> str:
    (name,) = [n for n, m in rollup.measures.items() if isinstance(m, Count) and not m.only]
    return name


def _grain(table: FromClause, grain: Interval | None) -> ColumnElement[bool] | None:
    return None if grain is None else table.c.grain == grain.value


@dataclass(frozen=True)
class Reading:
    """One way to answer a report from rollups."""

    name: str  # what `extensions.answeredFrom` says
    fields: frozenset[str]  # the report fields it keeps, besides the tenant
    grains: tuple[Interval, ...]
    build: Callable[[Report, Interval | None, frozenset[str]], Source]


def _tenant(report: Report, table: FromClause) -> dict[str, Column]:
    return {report.tenant_field: table.c.customer_id}


def _counted(
    name: str, where: Callable[[FromClause], ColumnElement[bool]] | None = None
) -> Reading:
    """A timeseries or statistics report counted (or summed) from one rollup."""
    rollup, table = BY_NAME[name], TABLES[name]

    def build(report: Report, grain: Interval | None, used: frozenset[str]) -> Source:
        if report.measure is Measure.SUM:
            (column, measure) = next(
                (n, m) for n, m in rollup.measures.items() if isinstance(m, Sum)
            )
            assert isinstance(measure, Sum)
            aggregate = sa.cast(sa.func.sum(table.c[column]), sa.Float) / 10**measure.scale
        else:
            aggregate = sa.cast(sa.func.sum(table.c[_count(rollup)]), sa.BigInteger)
        conditions = [c for c in (_grain(table, grain), where and where(table)) if c is not None]
        return Source(
            table,
            table.c.customer_id,
            {**_tenant(report, table), **dimensions(rollup, table)},
            where=sa.and_(*conditions) if conditions else None,
            time=table.c.bucket_start if rollup.grains else None,
            aggregate=aggregate,
        )

    return Reading(name, _fields(rollup, table), rollup.grains, build)


def _fields(rollup: Rollup, table: FromClause, *extra: str) -> frozenset[str]:
    return frozenset({*dimensions(rollup, table), *extra})


def _distinct_members(name: str) -> Reading:
    """Different members per bucket, counted over the set of members the rollup keeps; a
    member's gender and age band are read from `members` when the query uses them."""
    rollup = BY_NAME[name]
    ((kept, member),) = rollup.sets.items()
    table = SETS[(name, kept)]
    m = facts.members
    lookup = Join(
        m,
        sa.and_(m.c.customer_id == table.c.customer_id, m.c.id == table.c[member]),
        frozenset({"gender", "age"}),
        outer=True,  # a member not (yet) loaded has no gender, as with the facts
    )

    def build(report: Report, grain: Interval | None, used: frozenset[str]) -> Source:
        columns = {
            **_tenant(report, table),
            **dimensions(rollup, table),
            "gender": m.c.gender,
            "age": age_band(m.c.birth_year),
        }
        return Source(
            table,
            table.c.customer_id,
            columns,
            where=_grain(table, grain),
            time=table.c.bucket_start,
            value=table.c[member],
            joins=(lookup,),
        ).narrowed(used)

    return Reading(name, _fields(rollup, table, "gender", "age"), rollup.grains, build)


def _last(name: str) -> Reading:
    """A gauge: the last reading of each bucket (its own time orders and places it)."""
    rollup, table = BY_NAME[name], TABLES[name]
    (column,) = [n for n, m in rollup.measures.items() if isinstance(m, LastValue)]

    def build(report: Report, grain: Interval | None, used: frozenset[str]) -> Source:
        return Source(
            table,
            table.c.customer_id,
            {**_tenant(report, table), **dimensions(rollup, table)},
            where=_grain(table, grain),
            time=table.c[f"{column}_at"],
            value=table.c[column],
        )

    return Reading(name, _fields(rollup, table), rollup.grains, build)


def _groupings(prefix: str, measures: Callable[[FromClause], dict[str, Column]]) -> FromClause:
    """One row per grouping type and value, from the per-attribute member rollups (as
    `facts/sources.py` unions the members table once per grouping type)."""
    parts = []
    for grouping_type, attribute in GROUPED_BY.items():
        name = f"{prefix}_by_{attribute}"
        rollup, table = BY_NAME[name], TABLES[name]
        value = dimensions(rollup, table)["age" if grouping_type == "age" else attribute]
        keys = [table.c.grain, table.c.bucket_start, table.c.type] if rollup.grains else []
        parts.append(
            sa.select(
                table.c.customer_id,
                *keys,
                sa.literal(grouping_type, sa.String).label("grouping_type"),
                sa.func.coalesce(value, UNKNOWN_GROUPING_VALUE).label("grouping_value"),
                *(expression.label(label) for label, expression in measures(table).items()),
            )
        )
    return sa.union_all(*parts).subquery(f"{prefix}_groupings")


MEMBER_CHANGE_GROUPINGS = _groupings("member_changes", lambda t: {"members": t.c.members})
CURRENT_MEMBER_GROUPINGS = _groupings(
    "current_members",
    lambda t: {"members_count": t.c.members_count, "updated_at": t.c.updated_at},
)


def _running_groupings() -> Reading:
    g = MEMBER_CHANGE_GROUPINGS
    signed = sa.case((g.c.type == "in", g.c.members), else_=-g.c.members)

    def build(report: Report, grain: Interval | None, used: frozenset[str]) -> Source:
        return Source(
            g,
            g.c.customer_id,
            {
                report.tenant_field: g.c.customer_id,
                "grouping_type": g.c.grouping_type,
                "grouping_value": g.c.grouping_value,
            },
            where=_grain(g, grain),
            time=g.c.bucket_start,
            aggregate=sa.cast(sa.func.sum(signed), sa.BigInteger),
        )

    grains = BY_NAME["member_changes_by_gender"].grains
    fields = frozenset({"grouping_type", "grouping_value"})
    return Reading("member_changes_by_*", fields, grains, build)


def _grouped_records(
    name: str,
    from_: FromClause,
    columns: Callable[[FromClause], dict[str, Column]],
    measures: Callable[[FromClause], dict[str, Column]],
    *,
    where: Callable[[FromClause], ColumnElement[bool]] | None = None,
    per_customer: bool = False,
) -> Reading:
    """A records report of grouped counts, read from counters kept per group."""

    def build(report: Report, grain: Interval | None, used: frozenset[str]) -> Source:
        return Source(
            from_,
            from_.c.customer_id,
            {report.tenant_field: from_.c.customer_id, **columns(from_)},
            where=where(from_) if where else None,
            measures=measures(from_),
            one_row_per_customer=per_customer,
        )

    return Reading(name, frozenset({*columns(from_), *measures(from_)}), (), build)


def _members_count(name: str) -> Reading:
    rollup, table = BY_NAME[name], TABLES[name]
    return _grouped_records(
        name,
        table,
        lambda t: dimensions(rollup, t),
        lambda t: {"members_count": sa.cast(sa.func.sum(t.c.members_count), sa.BigInteger)},
        per_customer=True,
    )


def _summed(names: Iterable[str]) -> Callable[[FromClause], dict[str, Column]]:
    return lambda t: {n: sa.cast(sa.func.sum(t.c[n]), sa.BigInteger) for n in names}


READINGS: dict[str, tuple[Reading, ...]] = {
    "sendings_events_history": (
        _counted("sending_events_by_type"),
        _counted("sending_events_by_channel"),
        _counted("sending_events_by_campaign"),
    ),
    "sendings_stats": (
        _counted("sending_events_by_type"),
        _counted("sending_events_by_channel"),
        _counted("sending_events_by_campaign"),
    ),
    "sendings_recipients_statistics": (_distinct_members("sending_recipients"),),
    "links_visits_history": (
        _counted("link_visits_by_host"),
        _counted("link_visits_by_source"),
    ),
    "member_balance": (
        _counted("member_changes"),
        *(_counted(f"member_changes_by_{a}") for a in MEMBER_ATTRIBUTES),
    ),
    "members_count_history": (_running_groupings(),),
    "members_count_snapshot": (_last("member_snapshots_last"),),
    "offers_events_history": (
        _counted("offer_events_by_type"),
        _counted("offer_events_by_offer"),
    ),
    "offers_events_stats": (
        _counted("offer_events_by_type"),
        _counted("offer_events_by_offer"),
    ),
    "offers_usages_history": (
        _counted("offer_usages_total"),
        _counted("offer_usages_by_offer"),
    ),
    "offers_usages_stats": (
        _counted("offer_usages_total"),
        _counted("offer_usages_by_offer"),
    ),
    "transactions_history": (_counted("transactions_by_place"),),
    "members_count": (
        _members_count("current_members"),
        *(_members_count(f"current_members_by_{a}") for a in MEMBER_ATTRIBUTES),
    ),
    "members_grouped_count": (
        _grouped_records(
            "current_members_by_*",
            CURRENT_MEMBER_GROUPINGS,
            lambda g: {"grouping_type": g.c.grouping_type, "grouping_value": g.c.grouping_value},
            lambda g: {
                "members_count": sa.cast(sa.func.sum(g.c.members_count), sa.BigInteger),
                "updated_at": sa.func.max(g.c.updated_at),
            },
        ),
    ),
    "sendings_links_stats": (
        _grouped_records(
            "link_source_counters",
            TABLES["link_source_counters"],
            lambda t: {"source_id": t.c.source_id},
            _summed(("visits_count", "unique_visits_count")),
            where=lambda t: t.c.source_type == "sending",
        ),
    ),
}


def _enrichment(name: str, parent: str) -> Enrichment:
    """Per-row counters of a records page, read from a rollup kept per row."""
    rollup, table = BY_NAME[name], TABLES[name]
    measures: dict[str, Column] = {}
    for column, measure in rollup.measures.items():
        if isinstance(measure, Count | Distinct):
            measures[column] = sa.cast(sa.func.sum(table.c[column]), sa.BigInteger)
        elif isinstance(measure, Earliest):
            measures[column] = sa.func.min(table.c[column])
        else:
            assert isinstance(measure, Latest)
            measures[column] = sa.func.max(table.c[column])
    return Enrichment(table, table.c.customer_id, table.c[parent], measures)


# Records reports whose per-row counters come from a rollup (the name it is reported as).
ENRICHMENTS: dict[str, tuple[str, Enrichment]] = {
    "sendings": ("sending_counters", _enrichment("sending_counters", "sending_id")),
    "sendings_links": ("link_counters", _enrichment("link_counters", "link_id")),
    "offers_collections": (
        "offer_collection_counters",
        _enrichment("offer_collection_counters", "collection_id"),
    ),
}
assert all(SOURCES[report].enrichment for report in ENRICHMENTS)

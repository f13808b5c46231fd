"""Records statements: one keyset-paginated SELECT per page, never OFFSET.

Three shapes, chosen by the report's `Source`:
- entity rows (members, offers…), ordered by (tenant, id);
- entity rows with per-row aggregates (`Enrichment`: the counters of sendings), where the
  page is selected first and only its rows are joined to the facts;
- grouped rows (`measures`: sendings_links_stats, members_grouped_count, members_count),
  ordered by their group key.
The sort key always ends in a unique key, so `(key) > (cursor)` walks every row exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from reporting_gateway.query import Near, RecordsQuery
from reporting_gateway.storage import tables
from reporting_gateway.storage.filters import compile_filter
from reporting_gateway.storage.sources import Source

Column = ColumnElement[Any]
Statement = sa.Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class RecordsPlan:
    """The statements of one page, and which output columns make up a row's cursor."""

    page: Statement
    total_count: Statement | None
    key_labels: tuple[str, ...]


def plan_records(query: RecordsQuery, source: Source, after: Sequence[Any] | None) -> RecordsPlan:
    conditions = _conditions(query, source)
    if source.one_row_per_customer and query.aggregation is None:
        return _per_customer(query, source, conditions, after)
    if source.measures:
        return _grouped(query, source, conditions, after)
    return _entities(query, source, conditions, after)


def _conditions(query: RecordsQuery, source: Source) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [source.tenant.in_(query.scope.ids)]
    if source.where is not None:
        conditions.append(source.where)
    if query.filter is not None:
        conditions.append(compile_filter(query.filter, query.report, source.columns))
    return conditions


def _after(key: Sequence[Column], values: Sequence[Any] | None) -> list[ColumnElement[bool]]:
    if values is None:
        return []
    if not key:  # a single-row result (a `total`): nothing comes after its one row
        return [sa.false()]
    if len(key) == 1:
        return [key[0] > values[0]]
    return [sa.tuple_(*key) > sa.tuple_(*values)]


def _output_fields(query: RecordsQuery, source: Source) -> list[str]:
    return [
        f.name
        for f in query.report.fields
        if not f.filter_only and f.name in source.columns and f.name not in source.measures
    ]


def _entities(
    query: RecordsQuery,
    source: Source,
    conditions: list[ColumnElement[bool]],
    after: Sequence[Any] | None,
) -> RecordsPlan:
    report = query.report
    key_labels: tuple[str, ...] = (report.tenant_field, *report.keys)
    key = [source.columns[name] for name in key_labels]
    columns = [source.columns[name].label(name) for name in _output_fields(query, source)]
    if source.point is not None:
        distance = distance_km(*source.point, query.near) if query.near else None
        columns.append((distance if distance is not None else sa.null()).label(DISTANCE))
        if distance is not None:
            assert query.near is not None
            conditions = [*conditions, distance <= query.near.radius_km]
            key, key_labels = [distance, *key], (DISTANCE, *key_labels)
    page = (
        sa.select(*columns)
        .select_from(source.from_)
        .where(*conditions, *_after(key, after))
        .order_by(*key)
        .limit(query.first + 1)
    )
    total = sa.select(sa.func.count()).select_from(source.from_).where(*conditions)
    if source.enrichment is not None:
        page = _enrich(page, source, key_labels)
    return RecordsPlan(page, total if query.with_total_count else None, key_labels)


EARTH_RADIUS_KM = 6371.0088  # mean radius
DISTANCE = "distance_km"


def distance_km(latitude: Column, longitude: Column, near: Near) -> Column:
    """Great-circle (haversine) distance in km, computed by the database."""
    lat1, lon1 = sa.func.radians(latitude), sa.func.radians(longitude)
    lat2 = sa.func.radians(sa.literal(near.latitude, sa.Float))
    lon2 = sa.func.radians(sa.literal(near.longitude, sa.Float))
    half_dlat, half_dlon = sa.func.sin((lat2 - lat1) / 2), sa.func.sin((lon2 - lon1) / 2)
    a = half_dlat * half_dlat + sa.func.cos(lat1) * sa.func.cos(lat2) * half_dlon * half_dlon
    return 2 * EARTH_RADIUS_KM * sa.func.asin(sa.func.sqrt(a))


def _enrich(page_select: Statement, source: Source, key_labels: tuple[str, ...]) -> Statement:
    """Join the page (not the whole table) to its facts and aggregate per page row."""
    enrichment = source.enrichment
    assert enrichment is not None
    page = page_select.cte("page")
    tenant, row_id = (page.c[name] for name in key_labels)
    facts = (
        sa.select(
            enrichment.tenant.label("tenant"),
            enrichment.parent.label("parent"),
            *(measure.label(name) for name, measure in enrichment.measures.items()),
        )
        .select_from(
            enrichment.facts.join(
                page, sa.and_(enrichment.tenant == tenant, enrichment.parent == row_id)
            )
        )
        .group_by(enrichment.tenant, enrichment.parent)
    )
    if enrichment.where is not None:
        facts = facts.where(enrichment.where)
    per_row = facts.subquery("per_row")
    measures = [
        (sa.func.coalesce(per_row.c[name], 0) if _is_count(measure) else per_row.c[name]).label(
            name
        )
        for name, measure in enrichment.measures.items()
    ]
    return (
        sa.select(*page.c, *measures)
        .select_from(
            page.outerjoin(per_row, sa.and_(per_row.c.tenant == tenant, per_row.c.parent == row_id))
        )
        .order_by(tenant, row_id)
    )


def _grouped(
    query: RecordsQuery,
    source: Source,
    conditions: list[ColumnElement[bool]],
    after: Sequence[Any] | None,
) -> RecordsPlan:
    report = query.report
    keeps_tenant = query.aggregation is None or not query.aggregation.drops_tenant
    key_labels = ((report.tenant_field,) if keeps_tenant else ()) + report.keys
    key = [source.columns[name] for name in key_labels]
    tenant = [] if keeps_tenant else [sa.null().label(report.tenant_field)]
    page = (
        sa.select(
            *tenant,
            *(column.label(name) for name, column in zip(key_labels, key, strict=True)),
            *(measure.label(name) for name, measure in source.measures.items()),
        )
        .select_from(source.from_)
        .where(*conditions, *_after(key, after))
        .group_by(*key)
        .order_by(*key)
        .limit(query.first + 1)
    )
    if key:
        groups = sa.select(*key).select_from(source.from_).where(*conditions).group_by(*key)
        total = sa.select(sa.func.count()).select_from(groups.subquery())
    else:  # one row summing everything, even when nothing matches
        total = sa.select(sa.literal(1).label("one"))
    return RecordsPlan(page, total if query.with_total_count else None, key_labels)


def _per_customer(
    query: RecordsQuery,
    source: Source,
    conditions: list[ColumnElement[bool]],
    after: Sequence[Any] | None,
) -> RecordsPlan:
    """One row per selected customer, 0 where nothing matches (members_count)."""
    tenant_label = query.report.tenant_field
    counts = (
        sa.select(
            source.tenant.label("tenant"),
            *(measure.label(name) for name, measure in source.measures.items()),
        )
        .select_from(source.from_)
        .where(*conditions)
        .group_by(source.tenant)
        .subquery("counts")
    )
    customers = tables.customers
    page = (
        sa.select(
            customers.c.id.label(tenant_label),
            *(sa.func.coalesce(counts.c[name], 0).label(name) for name in source.measures),
        )
        .select_from(customers.outerjoin(counts, counts.c.tenant == customers.c.id))
        .where(customers.c.id.in_(query.scope.ids), *_after([customers.c.id], after))
        .order_by(customers.c.id)
        .limit(query.first + 1)
    )
    total = (
        sa.select(sa.func.count()).select_from(customers).where(customers.c.id.in_(query.scope.ids))
    )
    return RecordsPlan(page, total if query.with_total_count else None, (tenant_label,))


def _is_count(measure: Column) -> bool:
    return isinstance(measure.type, sa.Integer)

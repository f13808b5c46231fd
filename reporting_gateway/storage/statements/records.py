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

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from reporting_gateway.catalog.model import Kind
from reporting_gateway.query import Near, RecordsQuery
from reporting_gateway.storage.facts import tables
from reporting_gateway.storage.statements.filters import compile_filter, tenant_is
from reporting_gateway.storage.statements.instants import iso_instant
from reporting_gateway.storage.statements.source import Enrichment, Source

Column = ColumnElement[Any]
Statement = sa.Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class PerRow:
    """Aggregates of the page's rows, read by a second statement built once per report and
    measure set: `tenant IN (…) AND parent IN (…)`, so both databases search the facts'
    (tenant, parent) index row by row (a join made SQLite walk the whole fact table)."""

    statement: Statement  # expanding parameters TENANTS and PARENTS
    measures: tuple[str, ...]
    missing: tuple[Any, ...]  # a row without facts: 0 for counts, null otherwise
    row_key: tuple[str, str]  # the page columns the facts' (tenant, parent) refer to


TENANTS, PARENTS = "page_tenants", "page_parents"


@dataclass(frozen=True)
class RecordsPlan:
    """The statements of one page, and which output columns make up a row's cursor."""

    page: Statement
    total_count: Statement | None
    key_labels: tuple[str, ...]
    per_row: PerRow | None = None
    rest: Statement | None = None  # the page's rows after `page`'s, when it returns too few


def plan_records(query: RecordsQuery, source: Source, after: Sequence[Any] | None) -> RecordsPlan:
    conditions = _conditions(query, source)
    if source.one_row_per_customer and query.aggregation is None:
        return _per_customer(query, source, conditions, after)
    if source.measures:
        return _grouped(query, source, conditions, after)
    return _entities(query, source, conditions, after)


def _conditions(query: RecordsQuery, source: Source) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [tenant_is(source.tenant, query.scope.ids)]
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


def _keyset_page(
    base: Statement,
    key: Sequence[Column],
    after: Sequence[Any] | None,
    limit: int,
    *,
    tenant_leads: bool,
    one_tenant: bool,
) -> tuple[Statement, Statement | None]:
    """The rows after `after` in key order, as index range scans on both databases: the page's
    statement, and the one that continues it when the first returns fewer than `limit` rows.

    SQLite uses only the leading column of an index for a row-value comparison
    `(tenant, id) > (t, i)`, so a deep page would scan every row before it. Split by tenant,
    each part is a range scan that stops at `limit`: the cursor's tenant after its key, then
    the tenants after it (unless the request has only one). The parts run one after the other,
    not as a UNION ALL under an ORDER BY, which made SQLite sort both parts (twice the work of
    the scans) and which only the last page of a tenant needs.
    """
    if after is None or not tenant_leads or len(key) < 2:
        return base.where(*_after(key, after)).order_by(*key).limit(limit), None
    same = base.where(key[0] == after[0], *_after(key[1:], after[1:])).order_by(*key).limit(limit)
    if one_tenant:
        return same, None
    return same, base.where(key[0] > after[0]).order_by(*key).limit(limit)


def _output_fields(query: RecordsQuery, source: Source, keys: tuple[str, ...] = ()) -> list[str]:
    """The columns a page selects: what the query asks for (and the sort key), or everything."""
    return [
        f.name
        for f in query.report.fields
        if not f.filter_only
        and f.name in source.columns
        and f.name not in source.measures
        and (query.fields is None or f.name in query.fields or f.name in keys)
    ]


def instants_as_text(query: RecordsQuery, source: Source) -> frozenset[str]:
    """The timestamp fields an export's page selects as text: not a sort key (the cursor keeps
    its typed value), not read by a shaping function."""
    if not query.for_export or source.shape_row is not None:
        return frozenset()
    keys = {query.report.tenant_field, *query.report.keys}
    return frozenset(
        f.name
        for f in query.report.fields
        if f.type.kind is Kind.DATETIME and not f.type.is_array and f.name not in keys
    )


def needs_enrichment(query: RecordsQuery, source: Source) -> bool:
    enrichment = source.enrichment
    if enrichment is None:
        return False
    if query.fields is None:
        return True
    return bool(query.fields & set(enrichment.measures)) or source.shaped_field in query.fields


def _entities(
    query: RecordsQuery,
    source: Source,
    conditions: list[ColumnElement[bool]],
    after: Sequence[Any] | None,
) -> RecordsPlan:
    report = query.report
    key_labels: tuple[str, ...] = (report.tenant_field, *report.keys)
    key = [source.columns[name] for name in key_labels]
    as_text = instants_as_text(query, source)
    columns = [
        (iso_instant(source.columns[name]) if name in as_text else source.columns[name]).label(name)
        for name in _output_fields(query, source, key_labels)
    ]
    if source.point is not None:
        distance = distance_km(*source.point, query.near) if query.near else None
        columns.append((distance if distance is not None else sa.null()).label(DISTANCE))
        if distance is not None:
            assert query.near is not None
            conditions = [*conditions, distance <= query.near.radius_km]
            key, key_labels = [distance, *key], (DISTANCE, *key_labels)
    page, rest = _keyset_page(
        sa.select(*columns).select_from(source.from_).where(*conditions),
        key,
        after,
        query.first + 1,
        tenant_leads=key_labels[0] == report.tenant_field,
        one_tenant=len(query.scope.ids) == 1,
    )
    total = sa.select(sa.func.count()).select_from(source.from_).where(*conditions)
    per_row = None
    if needs_enrichment(query, source):
        assert source.enrichment is not None
        assert len(report.keys) == 1, f"{report.name}: per-row aggregates need a single key"
        wanted = _enrichment_measures(query, source)
        per_row = _per_row(source.enrichment, wanted, (report.tenant_field, report.keys[0]))
    total_count = total if query.with_total_count else None
    return RecordsPlan(page, total_count, key_labels, per_row, rest)


def _enrichment_measures(query: RecordsQuery, source: Source) -> tuple[str, ...]:
    """Every measure (a shaped field is computed from them), or just the selected ones."""
    assert source.enrichment is not None
    measures = source.enrichment.measures
    if query.fields is None or source.shaped_field in query.fields:
        return tuple(measures)
    return tuple(name for name in measures if name in query.fields)


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


@functools.lru_cache(maxsize=256)
def _per_row(enrichment: Enrichment, measures: tuple[str, ...], row_key: tuple[str, str]) -> PerRow:
    statement = (
        sa.select(
            enrichment.tenant.label("tenant"),
            enrichment.parent.label("parent"),
            *(enrichment.measures[name].label(name) for name in measures),
        )
        .select_from(enrichment.facts)
        .where(
            enrichment.tenant.in_(sa.bindparam(TENANTS, expanding=True)),
            enrichment.parent.in_(sa.bindparam(PARENTS, expanding=True)),
            *([enrichment.where] if enrichment.where is not None else []),
        )
        .group_by(enrichment.tenant, enrichment.parent)
    )
    missing = tuple(0 if _is_count(enrichment.measures[name]) else None for name in measures)
    return PerRow(statement, measures, missing, row_key)


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
    base = (
        sa.select(
            *tenant,
            *(column.label(name) for name, column in zip(key_labels, key, strict=True)),
            *(measure.label(name) for name, measure in source.measures.items()),
        )
        .select_from(source.from_)
        .where(*conditions)
        .group_by(*key)
    )
    page, rest = _keyset_page(
        base,
        key,
        after,
        query.first + 1,
        tenant_leads=keeps_tenant,
        one_tenant=len(query.scope.ids) == 1,
    )
    if key:
        groups = sa.select(*key).select_from(source.from_).where(*conditions).group_by(*key)
        total = sa.select(sa.func.count()).select_from(groups.subquery())
    else:  # one row summing everything, even when nothing matches
        total = sa.select(sa.literal(1).label("one"))
    return RecordsPlan(page, total if query.with_total_count else None, key_labels, rest=rest)


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
        .where(tenant_is(customers.c.id, query.scope.ids), *_after([customers.c.id], after))
        .order_by(customers.c.id)
        .limit(query.first + 1)
    )
    total = (
        sa.select(sa.func.count())
        .select_from(customers)
        .where(tenant_is(customers.c.id, query.scope.ids))
    )
    return RecordsPlan(page, total if query.with_total_count else None, (tenant_label,))


def _is_count(measure: Column) -> bool:
    return isinstance(measure.type, sa.Integer)

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
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from reporting_gateway.catalog.model import Kind, Report
from reporting_gateway.query import FilterNode, RecordsQuery
from reporting_gateway.storage.facts import tables
from reporting_gateway.storage.statements.filters import compile_filter
from reporting_gateway.storage.statements.instants import iso_instant
from reporting_gateway.storage.statements.slots import bound_type, kind_of, template_filter
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

    source: Source
    page: Statement
    total_count: Statement | None
    key_labels: tuple[str, ...]
    per_row: PerRow | None = None
    rest: Statement | None = None  # the page's rows after `page`'s, when it returns too few


Params = dict[str, Any]
CUSTOMER, CUSTOMERS, LIMIT = "rg_customer", "rg_customers", "rg_limit"
LATITUDE, LONGITUDE, RADIUS = "rg_near_latitude", "rg_near_longitude", "rg_near_radius_km"
PLANS_KEPT = 1024  # query shapes; the oldest leaves first
_plans: dict[Hashable, tuple[Report, RecordsPlan]] = {}


def plan_records(
    query: RecordsQuery, source: Source | Callable[[], Source], reads: Hashable = "facts"
) -> tuple[RecordsPlan, Params]:
    """The statements of a page and the parameters of this request. Statements are built
    once per query shape and kept (`slots.py`): `reads` tells apart the sources a report can
    be read from (for the store, its rollups setting: with it the planner's choice follows
    from the shape), and `source` may be a function, called only for a shape not yet seen."""
    params: Params = {}
    filter_, shared = (None, True)
    if query.filter is not None:
        filter_, shared = template_filter(query.filter, query.report, params)
    ids = query.scope.ids
    if len(ids) == 1:
        params[CUSTOMER] = ids[0]
    else:
        params[CUSTOMERS] = list(ids)
    if query.after is not None:
        params.update((_after_name(i), value) for i, value in enumerate(query.after))
    if query.near is not None:
        near = query.near
        params.update({LATITUDE: float(near.latitude), LONGITUDE: float(near.longitude),
                       RADIUS: float(near.radius_km)})  # fmt: skip
    params[LIMIT] = query.first + 1
    key = (
        id(query.report),
        reads,
        query.fields,
        query.aggregation.name if query.aggregation is not None else None,
        query.with_total_count,
        query.for_export,
        query.near is not None,
        None if query.after is None else tuple(kind_of(value) for value in query.after),
        len(ids) == 1,
        filter_,
    )
    kept = _plans.get(key) if shared else None
    if kept is not None and kept[0] is query.report:
        return kept[1], params
    plan = _build(query, source() if callable(source) else source, filter_)
    if shared:
        if len(_plans) >= PLANS_KEPT:
            del _plans[next(iter(_plans))]
        _plans[key] = (query.report, plan)
    return plan, params


def _build(query: RecordsQuery, source: Source, filter_: FilterNode | None) -> RecordsPlan:
    conditions = _conditions(query, source, filter_)
    if source.one_row_per_customer and query.aggregation is None:
        return _per_customer(query, source, conditions)
    if source.measures:
        return _grouped(query, source, conditions)
    return _entities(query, source, conditions)


def _conditions(
    query: RecordsQuery, source: Source, filter_: FilterNode | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [customers_are(source.tenant, query)]
    if source.where is not None:
        conditions.append(source.where)
    if filter_ is not None:
        conditions.append(compile_filter(filter_, query.report, source.columns))
    return conditions


def customers_are(column: Column, query: RecordsQuery) -> ColumnElement[bool]:
    """The request's customers, by name: `= :rg_customer` for one, an IN list for several."""
    if len(query.scope.ids) == 1:
        return column == sa.bindparam(CUSTOMER, type_=column.type, required=True)
    return column.in_(sa.bindparam(CUSTOMERS, type_=column.type, expanding=True, required=True))


def _after_name(position: int) -> str:
    return f"rg_after_{position}"


def _after_values(key: Sequence[Column], query: RecordsQuery) -> list[Column] | None:
    """The cursor's key as parameters, typed as a literal compared with its column would be."""
    if query.after is None:
        return None
    return [
        sa.bindparam(_after_name(i), type_=bound_type(column, value), required=True)
        for i, (column, value) in enumerate(zip(key, query.after, strict=True))
    ]


def _limit() -> Column:
    return sa.bindparam(LIMIT, type_=sa.Integer, required=True)


def _after(key: Sequence[Column], values: Sequence[Column] | None) -> list[ColumnElement[bool]]:
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
    after: Sequence[Column] | None,
    limit: Column,
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
    query: RecordsQuery, source: Source, conditions: list[ColumnElement[bool]]
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
        distance = distance_km(*source.point, *_near()) if query.near else None
        columns.append((distance if distance is not None else sa.null()).label(DISTANCE))
        if distance is not None:
            radius = sa.bindparam(RADIUS, type_=sa.Float, required=True)
            conditions = [*conditions, distance <= radius]
            key, key_labels = [distance, *key], (DISTANCE, *key_labels)
    page, rest = _keyset_page(
        sa.select(*columns).select_from(source.from_).where(*conditions),
        key,
        _after_values(key, query),
        _limit(),
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
    return RecordsPlan(source, page, total_count, key_labels, per_row, rest)


def _enrichment_measures(query: RecordsQuery, source: Source) -> tuple[str, ...]:
    """Every measure (a shaped field is computed from them), or just the selected ones."""
    assert source.enrichment is not None
    measures = source.enrichment.measures
    if query.fields is None or source.shaped_field in query.fields:
        return tuple(measures)
    return tuple(name for name in measures if name in query.fields)


EARTH_RADIUS_KM = 6371.0088  # mean radius
DISTANCE = "distance_km"


def _near() -> tuple[Column, Column]:
    return (sa.bindparam(LATITUDE, type_=sa.Float, required=True),
            sa.bindparam(LONGITUDE, type_=sa.Float, required=True))  # fmt: skip


def distance_km(
    latitude: Column, longitude: Column, to_latitude: Column, to_longitude: Column
) -> Column:
    """Great-circle (haversine) distance in km, computed by the database."""
    lat1, lon1 = sa.func.radians(latitude), sa.func.radians(longitude)
    lat2, lon2 = sa.func.radians(to_latitude), sa.func.radians(to_longitude)
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
    query: RecordsQuery, source: Source, conditions: list[ColumnElement[bool]]
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
        _after_values(key, query),
        _limit(),
        tenant_leads=keeps_tenant,
        one_tenant=len(query.scope.ids) == 1,
    )
    if key:
        groups = sa.select(*key).select_from(source.from_).where(*conditions).group_by(*key)
        total = sa.select(sa.func.count()).select_from(groups.subquery())
    else:  # one row summing everything, even when nothing matches
        total = sa.select(sa.literal(1).label("one"))
    total_count = total if query.with_total_count else None
    return RecordsPlan(source, page, total_count, key_labels, rest=rest)


def _per_customer(
    query: RecordsQuery, source: Source, conditions: list[ColumnElement[bool]]
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
        .where(
            customers_are(customers.c.id, query),
            *_after([customers.c.id], _after_values([customers.c.id], query)),
        )
        .order_by(customers.c.id)
        .limit(_limit())
    )
    total = (
        sa.select(sa.func.count())
        .select_from(customers)
        .where(customers_are(customers.c.id, query))
    )
    total_count = total if query.with_total_count else None
    return RecordsPlan(source, page, total_count, (tenant_label,))


def _is_count(measure: Column) -> bool:
    return isinstance(measure.type, sa.Integer)

"""The one resolver of every records report: arguments → RecordsQuery → a Relay connection."""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import Any

from reporting_gateway.catalog.model import Report
from reporting_gateway.errors import bad_request
from reporting_gateway.query import Near, RecordsQuery
from reporting_gateway.resolvers.arguments import aggregation, filter_node
from reporting_gateway.resolvers.context import RequestContext, note_answer, prepared_query
from reporting_gateway.resolvers.filter_size import FilterLimits
from reporting_gateway.resolvers.selection import selected_fields, selects
from reporting_gateway.schema import naming
from reporting_gateway.storage.store import RecordsPage

MAX_RADIUS_KM = 20_037.5  # half the Earth's circumference: every point


class Edge:
    __slots__ = ("cursor", "node")

    def __init__(self, cursor: str, node: Any) -> None:
        self.cursor = cursor
        self.node = node


class PageInfo:
    __slots__ = ("end_cursor", "has_next_page", "has_previous_page", "start_cursor")

    def __init__(self, page: RecordsPage, after_given: bool) -> None:
        self.has_next_page = page.has_next_page
        self.has_previous_page = after_given
        self.start_cursor = page.cursor(page.rows[0]) if page.rows else None
        self.end_cursor = page.cursor(page.rows[-1]) if page.rows else None


class Connection:
    """A page of records; edges and cursors are only built when a query asks for them."""

    def __init__(self, page: RecordsPage, after_given: bool) -> None:
        self._page = page
        self._after_given = after_given
        self.nodes = page.rows
        self.total_count = page.total_count

    @cached_property
    def edges(self) -> list[Edge]:
        cursor = self._page.cursor
        return [Edge(cursor(row), row) for row in self._page.rows]

    @cached_property
    def page_info(self) -> PageInfo:
        return PageInfo(self._page, self._after_given)


def prepare_records(
    report: Report,
    context: RequestContext,
    *,
    first: int,
    after: str | None = None,
    filter: Any = None,
    filter_tree: Any = None,
    aggregate_by: Any = None,
    with_total_count: bool = False,
    near: Any = None,
) -> RecordsQuery:
    """Arguments → a checked RecordsQuery; no I/O, so it can run before execution."""
    limit = context.settings.max_page_size
    if not 1 <= first <= limit:
        raise bad_request(f"`first` must be between 1 and {limit}, not {first}.", path="first")
    query = RecordsQuery(
        report=report,
        scope=context.require_scope(),
        first=first,
        filter=filter_node(report, filter, filter_tree, FilterLimits.of(context.settings)),
        aggregation=aggregation(report, aggregate_by),
        with_total_count=with_total_count,
        near=_near(near) if near is not None else None,
    )
    return replace(query, after=context.store.read_cursor(after, query)) if after else query


def _near(near: Any) -> Near:
    if not -90 <= near.lat <= 90 or not -180 <= near.lon <= 180:
        raise bad_request(
            "`near` needs a latitude in -90..90 and a longitude in -180..180.", path="near"
        )
    if not 0 < near.radius_km <= MAX_RADIUS_KM:
        raise bad_request(
            f"`near.radiusKm` must be above 0 and at most {MAX_RADIUS_KM:g}.", path="near.radiusKm"
        )
    return Near(near.lat, near.lon, near.radius_km)


_NAMES: dict[str, dict[str, str]] = {}


def _graphql_names(report: Report) -> dict[str, str]:
    """GraphQL name → catalog name of a report's fields (built once per report)."""
    names = _NAMES.get(report.name)
    if names is None:
        names = _NAMES[report.name] = {naming.report_field(f.name): f.name for f in report.fields}
    return names


async def resolve_records(report: Report, info: Any, **arguments: Any) -> Connection:
    query = prepared_query(info, RecordsQuery, prepare_records, report, arguments)
    names = _graphql_names(report)
    wanted = selected_fields(info, ("nodes",), ("edges", "node"))
    fields = {names[n] for n in wanted if n in names}
    if report.is_entity and naming.GLOBAL_ID in wanted:
        fields |= {report.tenant_field, "id"}  # what the global id is made of
    query = replace(query, with_total_count=selects(info, "totalCount"), fields=frozenset(fields))
    note_answer(info, query)
    return Connection(await info.context.store.records(query), query.after is not None)

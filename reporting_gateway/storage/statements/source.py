"""What a statement reads: a `Source` names the rows of a report and one Core expression per
catalog field. Fact tables (`facts/sources.py`) and rollups (`rollups/sources.py`) both
describe themselves this way, so the statement builders here never know which they read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from reporting_gateway.query import Customer

Column = ColumnElement[Any]
RowShaper = Callable[[dict[str, Any], Customer, datetime], None]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: plans are cached by it
class Enrichment:
    """Per-row aggregates of a records page, computed from a fact table for that page only."""

    facts: FromClause
    tenant: Column
    parent: Column  # the fact column that holds the page row's id
    measures: Mapping[str, Column]  # aggregate expressions; a row without facts gets 0
    where: ColumnElement[bool] | None = None


@dataclass(frozen=True, eq=False)
class Join:
    """A table joined to a source's rows only when a query uses one of its `fields` (a
    sending's channel for its events): a statement never joins what it does not read."""

    table: FromClause
    on: ColumnElement[bool]
    fields: frozenset[str]
    outer: bool = False


@dataclass(frozen=True)
class Source:
    from_: FromClause
    tenant: Column
    columns: Mapping[str, Column]
    where: ColumnElement[bool] | None = None
    time: Column | None = None  # when an event happened (timeseries, statistics)
    until: Column | None = None  # when a row stopped existing (running counts)
    value: Column | None = None  # what DISTINCT_MEMBERS counts, SUM adds, LAST shows
    measures: Mapping[str, Column] = field(default_factory=dict)  # grouped records
    enrichment: Enrichment | None = None
    one_row_per_customer: bool = False  # grouped by tenant only: customers without rows get 0
    shape_row: RowShaper | None = None  # Python-side fields computed from one page row
    shaped_field: str | None = None  # the field shape_row computes (it needs the enrichment)
    point: tuple[Column, Column] | None = (
        None  # latitude, longitude: rows can be sorted by distance
    )
    joins: tuple[Join, ...] = ()  # joined by `narrowed`, for the fields a query uses
    aggregate: Column | None = None  # a group's value, when it is not the measure over rows

    def narrowed(self, fields: Iterable[str]) -> Source:
        """This source with the joins the fields need (all of them for None)."""
        if not self.joins:
            return self
        wanted = set(fields)
        from_ = self.from_
        for join in self.joins:
            if join.fields & wanted:
                from_ = from_.join(join.table, join.on, isouter=join.outer)
        return replace(self, from_=from_, joins=())

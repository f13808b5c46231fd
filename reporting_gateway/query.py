"""The values that travel from the resolvers to the storage layer: one query, no SQL.

Both front doors (the typed GraphQL filter and the JSON `filterTree`) become the same
`FilterNode` tree, so the storage layer compiles one thing and the cost model prices one thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from reporting_gateway.catalog.model import Aggregation, Interval, Report


@dataclass(frozen=True)
class Condition:
    """A comparison node: `field` `operator` `value` (value already typed: str, int, datetime…)."""

    field: str
    operator: str
    value: Any


@dataclass(frozen=True)
class Logical:
    """`and`/`or` over several operations, or `not` over one."""

    operator: Literal["and", "or", "not"]
    operations: tuple[FilterNode, ...]


FilterNode = Condition | Logical


@dataclass(frozen=True)
class Customer:
    id: int
    name: str
    slug: str
    chain: str
    country: str
    timezone: str


@dataclass(frozen=True)
class Scope:
    """The customers one request may read: resolved from X-Customer, checked against the token."""

    customers: tuple[Customer, ...]

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(c.id for c in self.customers)

    @property
    def cross_customer(self) -> bool:
        return len(self.customers) > 1

    @property
    def timezones(self) -> frozenset[str]:
        return frozenset(c.timezone for c in self.customers)

    def ids_in(self, timezone: str) -> tuple[int, ...]:
        return tuple(c.id for c in self.customers if c.timezone == timezone)


@dataclass(frozen=True)
class Near:
    """A point and a radius: rows within it, nearest first."""

    latitude: float
    longitude: float
    radius_km: float


@dataclass(frozen=True)
class RecordsQuery:
    report: Report
    scope: Scope
    first: int
    after: tuple[Any, ...] | None = (
        None  # the sort key of the row before this page (a decoded cursor)
    )
    filter: FilterNode | None = None
    aggregation: Aggregation | None = None
    with_total_count: bool = False
    near: Near | None = None
    fields: frozenset[str] | None = None  # the fields a page needs; None: every field
    # An export's pages: timestamps outside the sort key come as isoformat() text made by the
    # database, and rows as the driver gives them (read by position, not by attribute).
    for_export: bool = False

    @property
    def shape(self) -> str:
        """What a cursor is bound to besides report and customers: the order of the rows."""
        aggregation = self.aggregation.name if self.aggregation else ""
        if self.near is None:
            return aggregation
        return f"{aggregation}|near={self.near.latitude!r},{self.near.longitude!r}"


@dataclass(frozen=True)
class Bucket:
    """One time bucket of one timezone: [start, end) as UTC instants, and its local label."""

    index: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class BucketPlan:
    """The buckets of a timeseries query: labels shared by all series, edges per timezone."""

    interval: Interval
    range_timezone: str  # the shared IANA name, or "local" for mixed timezones
    labels: tuple[str, ...]  # ISO timestamps, with offset when one timezone, else without
    edges: dict[str, tuple[Bucket, ...]]  # timezone → its buckets (index into `labels`)
    end_label: str = ""  # where the last bucket ends, written like `labels`

    @property
    def start_label(self) -> str:
        return self.labels[0] if self.labels else ""


@dataclass(frozen=True)
class TimeseriesQuery:
    report: Report
    scope: Scope
    plan: BucketPlan
    filter: FilterNode | None = None
    aggregation: Aggregation | None = None
    fill_gaps: bool = False


@dataclass(frozen=True)
class StatisticsQuery:
    report: Report
    scope: Scope
    start: dict[str, datetime | None]  # timezone → UTC instant the period starts at
    end: dict[str, datetime | None]
    filter: FilterNode | None = None
    aggregation: Aggregation | None = None


@dataclass(frozen=True)
class FieldValuesQuery:
    """Field metadata: the values of one field (with counts) or its range, for a picker."""

    report: Report
    scope: Scope
    field: str
    start: dict[str, datetime | None]  # timezone → UTC instant the period starts at
    end: dict[str, datetime | None]
    filter: FilterNode | None = None
    first: int = 100


ReportQuery = RecordsQuery | TimeseriesQuery | StatisticsQuery
REPORT_QUERIES = (RecordsQuery, TimeseriesQuery, StatisticsQuery)

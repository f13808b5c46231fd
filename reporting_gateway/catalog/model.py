"""The vocabulary of the report catalog: frozen dataclasses, no behaviour beyond lookups.

A report is data. The GraphQL types, the SDL directives, the permit and cost checks, the
metadata queries, the SQL and the docs are all derived from these values, so a reader can
answer "what does report X offer?" by reading one catalog entry.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum


class Format(StrEnum):
    """How a report's rows are shaped (spec §4)."""

    RECORDS = "records"
    TIMESERIES = "timeseries"
    STATISTICS = "statistics"


class Interval(StrEnum):
    """Timeseries bucket widths (spec §4). The value is the REST spelling."""

    FIVE_MINUTES = "5m"
    HOUR = "1h"
    DAY = "1d"
    WEEK = "1w"
    MONTH = "1mo"

    @property
    def retention(self) -> timedelta | None:
        """How far back data at this interval is kept; None means forever."""
        return _RETENTION[self]


_RETENTION: dict[Interval, timedelta | None] = {
    Interval.FIVE_MINUTES: timedelta(days=14),
    Interval.HOUR: timedelta(days=183),  # "6 months"
    Interval.DAY: timedelta(days=731),  # "2 years"
    Interval.WEEK: None,
    Interval.MONTH: None,
}


class Kind(StrEnum):
    """The scalar kind of a field's values."""

    INT = "int"
    FLOAT = "float"
    STRING = "string"
    BOOL = "bool"
    DATETIME = "datetime"
    ENUM = "enum"
    JSON = "json"


class Measure(StrEnum):
    """What a timeseries value or statistics value means, and so how it is computed."""

    COUNT = "count"  # number of events in the bucket / period
    DISTINCT_MEMBERS = "distinct_members"  # number of different members in the bucket
    SUM = "sum"  # sum of an amount in the bucket
    LAST = "last"  # gauge: the last snapshot taken in the bucket
    RUNNING_COUNT = "running_count"  # gauge: how many exist at the end of the bucket

    @property
    def is_gauge(self) -> bool:
        return self in (Measure.LAST, Measure.RUNNING_COUNT)


@dataclass(frozen=True)
class ValueSet:
    """A closed set of string values shared by fields of several reports (a GraphQL enum),
    each with what it means (the enum value's description)."""

    name: str
    values: tuple[str, ...]
    description: str
    meanings: tuple[tuple[str, str], ...] = ()

    @classmethod
    def described(cls, name: str, description: str, meanings: dict[str, str]) -> ValueSet:
        return cls(name, tuple(meanings), description, tuple(meanings.items()))

    def meaning(self, value: str) -> str:
        return dict(self.meanings)[value]


@dataclass(frozen=True)
class FieldType:
    kind: Kind
    values: ValueSet | None = None
    is_array: bool = False

    def __str__(self) -> str:
        base = self.values.name if self.values else self.kind.value
        return f"[{base}]" if self.is_array else base


INT = FieldType(Kind.INT)
FLOAT = FieldType(Kind.FLOAT)
STRING = FieldType(Kind.STRING)
BOOL = FieldType(Kind.BOOL)
DATETIME = FieldType(Kind.DATETIME)
JSON = FieldType(Kind.JSON)
INT_ARRAY = FieldType(Kind.INT, is_array=True)


def enum(values: ValueSet) -> FieldType:
    return FieldType(Kind.ENUM, values)


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    description: str
    filterable: bool = False
    nullable: bool = True
    # Usable in filters but not returned (e.g. member attributes of a count).
    filter_only: bool = False

    @property
    def lists_values(self) -> bool:
        """Field metadata lists this field's values (with counts) rather than its min and max:
        enums, text, flags, and integers that identify something (ids, arrays of ids)."""
        kind = self.type.kind
        if kind in (Kind.ENUM, Kind.STRING, Kind.BOOL) or self.type.is_array:
            return True
        return kind is Kind.INT and (self.name == "id" or self.name.endswith("_id"))


@dataclass(frozen=True)
class Aggregation:
    """An `aggregate_by` choice: the label keys it adds, and whether it sums across customers.

    `drops_tenant` is what makes `total_X` differ from `X`: the same grouping without the
    `loyalty_club_id` split on cross-customer queries (spec §1, seed: sendings_stats).
    """

    name: str
    keys: tuple[str, ...]
    description: str
    drops_tenant: bool = False


@dataclass(frozen=True)
class Report:
    """One report of the Reporting API.

    `keys` are, for records reports, the fields that identify a row within one customer
    (`("id",)` for entity reports, the group keys for computed ones); for timeseries and
    statistics reports they are the label keys every series carries without aggregation.
    """

    name: str
    format: Format
    domain: str
    description: str
    permit: str
    cost: int
    fields: tuple[Field, ...]
    keys: tuple[str, ...] = ()
    tenant_field: str = "loyalty_club_id"
    intervals: tuple[Interval, ...] = ()
    aggregations: tuple[Aggregation, ...] = ()
    measure: Measure | None = None
    examples: tuple[str, ...] = field(default=(), compare=False)

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"report {self.name} has no field {name!r}")

    def has_field(self, name: str) -> bool:
        return any(candidate.name == name for candidate in self.fields)

    def aggregation(self, name: str) -> Aggregation:
        for candidate in self.aggregations:
            if candidate.name == name:
                return candidate
        raise KeyError(f"report {self.name} has no aggregation {name!r}")

    @property
    def filterable_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.filterable)

    @property
    def tenant(self) -> Field:
        return self.field(self.tenant_field)

    @property
    def is_entity(self) -> bool:
        """Whether each record is one stored thing with an `id` in its customer (a member, a
        sending…), not a row computed from a query (a count, a group): only such records have
        an identity of their own, and so a global id to refetch them by."""
        return self.format is Format.RECORDS and self.keys == ("id",) and not self.aggregations

    @property
    def value_kind(self) -> Kind:
        """The kind of a timeseries/statistics value: sums are fractional, the rest counts."""
        return Kind.FLOAT if self.measure is Measure.SUM else Kind.INT

    def label_keys(self, aggregation: Aggregation | None, cross_customer: bool) -> tuple[str, ...]:
        """The keys of a series label (or of a grouped record) for this query shape."""
        keys = self.keys + (aggregation.keys if aggregation else ())
        keep_tenant = cross_customer and not (aggregation and aggregation.drops_tenant)
        return ((self.tenant_field,) if keep_tenant else ()) + keys

    @functools.cached_property
    def all_label_keys(self) -> tuple[str, ...]:
        """Every key any label of this report can carry (the GraphQL `<Report>Label` fields)."""
        keys = [self.tenant_field, *self.keys]
        for aggregation in self.aggregations:
            keys.extend(k for k in aggregation.keys if k not in keys)
        return tuple(keys)


def with_total_twins(*aggregations: Aggregation) -> tuple[Aggregation, ...]:
    """Each aggregation X plus its `total_X` twin that sums across customers."""
    twins = tuple(
        Aggregation(
            name=f"total_{a.name}",
            keys=a.keys,
            description=f"{a.description} Summed across customers: no loyalty_club_id split.",
            drops_tenant=True,
        )
        for a in aggregations
    )
    return aggregations + twins


def by(name: str, description: str) -> Aggregation:
    """The common aggregation shape: group by one field of the same name."""
    return Aggregation(name=name, keys=(name,), description=description)


TOTAL = Aggregation(
    name="total",
    keys=(),
    description="Sum every selected customer into one: no loyalty_club_id split.",
    drops_tenant=True,
)

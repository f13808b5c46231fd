"""Every GraphQL name the gateway generates, from one-line rules (our "inflection").

    >>> root_field("sendings_links_stats"), filter_input("sendings_links_stats")
    ('sendingsLinksStats', 'SendingsLinksStatsFilter')
    >>> report_field("loyalty_club_id"), report_field("id")
    ('loyaltyClubId', 'databaseId')
    >>> enum_value("opened_event"), enum_value("15-19"), enum_value("-14"), enum_value("80-")
    ('OPENED_EVENT', 'FROM_15_TO_19', 'UP_TO_14', 'FROM_80')

`Names` records where each generated type name came from, and refuses a second origin for
the same name with both origins in the message, so two catalog entries can never silently
share a GraphQL type.
"""

from __future__ import annotations

import keyword
import re

from reporting_gateway.catalog.model import FieldType, Interval, Kind

_GRAPHQL_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]*$")


def pascal(snake: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def camel(snake: str) -> str:
    first, *rest = snake.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def python_name(name: str) -> str:
    """A Python attribute name for a catalog or operator name (`in` → `in_`)."""
    return f"{name}_" if keyword.iskeyword(name) else name


def catalog_name(attribute: str) -> str:
    """The inverse of `python_name`: catalog names never end in an underscore."""
    return attribute.rstrip("_")


RATE_LIMIT_FIELD = "rateLimit"
ESTIMATE_COST_FIELD = "estimateCost"
REPORTS_FIELD = "reports"
REPORT_METADATA_FIELD = "reportMetadata"
FIELD_METADATA_FIELD = "fieldMetadata"


def root_field(report: str) -> str:
    return camel(report)


def field_name(name: str) -> str:
    return camel(name)


NODE_INTERFACE = "Node"
NODE_FIELD, NODES_FIELD = "node", "nodes"
GLOBAL_ID = "id"  # a record's `id` is its global (Relay) id…
DATABASE_ID = "databaseId"  # …and its numeric key within its customer is `databaseId`


def report_field(name: str) -> str:
    """The GraphQL name of a report's field (records, filters, metadata): `id` frees its
    name for the global id, as GitHub's `databaseId` does."""
    return DATABASE_ID if name == "id" else camel(name)


def record_type(report: str) -> str:
    return f"{pascal(report)}Record"


def edge_type(report: str) -> str:
    return f"{pascal(report)}Edge"


def connection_type(report: str) -> str:
    return f"{pascal(report)}Connection"


def filter_input(report: str) -> str:
    return f"{pascal(report)}Filter"


def aggregation_enum(report: str) -> str:
    return f"{pascal(report)}Aggregation"


def interval_enum(report: str) -> str:
    return f"{pascal(report)}Interval"


def label_type(report: str) -> str:
    return f"{pascal(report)}Label"


def series_type(report: str) -> str:
    return f"{pascal(report)}Series"


def timeseries_type(report: str) -> str:
    return f"{pascal(report)}Timeseries"


def statistics_type(report: str) -> str:
    return f"{pascal(report)}Statistics"


_SCALAR_NAMES = {
    Kind.INT: "Int",
    Kind.FLOAT: "Float",
    Kind.STRING: "String",
    Kind.BOOL: "Boolean",
    Kind.DATETIME: "DateTime",
    Kind.JSON: "JSON",
}


def operator_input(field_type: FieldType) -> str:
    """`IntFilter`, `ChannelFilter`, `IntListFilter` (array fields)…"""
    base = field_type.values.name if field_type.values else _SCALAR_NAMES[field_type.kind]
    return f"{base}{'List' if field_type.is_array else ''}Filter"


_INTERVAL_VALUES = {
    Interval.FIVE_MINUTES: "FIVE_MINUTES",
    Interval.HOUR: "HOUR",
    Interval.DAY: "DAY",
    Interval.WEEK: "WEEK",
    Interval.MONTH: "MONTH",
}
AUTO = "AUTO"


def interval_value(interval: Interval) -> str:
    return _INTERVAL_VALUES[interval]


_RANGE_RULES = (
    (re.compile(r"^-(\d+)$"), r"UP_TO_\1"),
    (re.compile(r"^(\d+)-(\d+)$"), r"FROM_\1_TO_\2"),
    (re.compile(r"^(\d+)-$"), r"FROM_\1"),
)


def enum_value(value: str) -> str:
    """The GraphQL enum value name for a catalog value; ranges read as words."""
    for pattern, replacement in _RANGE_RULES:
        if pattern.match(value):
            return pattern.sub(replacement, value)
    name = re.sub(r"[^0-9A-Za-z]+", "_", value).strip("_").upper()
    if not _GRAPHQL_NAME.match(name):
        raise ValueError(
            f"catalog value {value!r} has no GraphQL enum name; add a rule to naming.py"
        )
    return name


class NameClash(ValueError):
    pass


class Names:
    """The generated type names of one schema build, each with where it came from."""

    def __init__(self) -> None:
        self._origins: dict[str, str] = {}

    def register(self, name: str, origin: str) -> str:
        if not _GRAPHQL_NAME.match(name):
            raise NameClash(f"{origin}: {name!r} is not a valid GraphQL name")
        known = self._origins.setdefault(name, origin)
        if known != origin:
            raise NameClash(f"GraphQL name {name} is generated twice: by {known} and by {origin}")
        return name

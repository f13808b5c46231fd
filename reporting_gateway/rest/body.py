"""A REST request body → the arguments of the shared `prepare_*` functions.

Only the body's shape is checked here (keys, JSON types, names from the catalog); every
rule about values (filters, ranges, intervals, cursors, page sizes) is the planning path's,
the same one GraphQL arguments go through. Every shape problem is reported at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reporting_gateway.catalog.model import Format, Report
from reporting_gateway.rest.problems import InvalidParameters, Problem
from reporting_gateway.timebuckets import check_year

AUTO = "auto"
PAGE_SIZE = "page_size"
PAGE_INFO = "page_info"  # the `next_page_info` of the previous page


@dataclass(frozen=True)
class Key:
    """A body key: its JSON type, and the `prepare_*` argument it becomes."""

    argument: str
    kind: str  # string, integer, boolean, object, timestamp
    required: bool = False


KEYS: dict[Format, dict[str, Key]] = {
    Format.RECORDS: {
        "filter": Key("filter_tree", "object"),
        "aggregate_by": Key("aggregate_by", "string"),
        PAGE_SIZE: Key("first", "integer"),
        PAGE_INFO: Key("after", "string"),
    },
    Format.TIMESERIES: {
        "filter": Key("filter_tree", "object"),
        "aggregate_by": Key("aggregate_by", "string"),
        "interval": Key("interval", "string"),
        "from": Key("from_", "timestamp", required=True),
        "to": Key("to", "timestamp", required=True),
        "fill_gaps": Key("fill_gaps", "boolean"),
    },
    Format.STATISTICS: {
        "filter": Key("filter_tree", "object"),
        "aggregate_by": Key("aggregate_by", "string"),
        "from": Key("from_", "timestamp"),
        "to": Key("to", "timestamp"),
    },
}
COMMON = ("report", "result_type")


def is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "integer": is_integer,
    "boolean": lambda value: isinstance(value, bool),
    "object": lambda value: isinstance(value, dict),
    "timestamp": lambda value: isinstance(value, str),
}


def chosen_report(body: Mapping[str, Any], catalog: Mapping[str, Report]) -> Report:
    name = body.get("report")
    if name is None or name == "":
        raise InvalidParameters([Problem(("report",), "blank", {"message": "name a report"})])
    if not isinstance(name, str) or name not in catalog:
        options = {"in": sorted(catalog), "message": "not a report of this gateway"}
        raise InvalidParameters([Problem(("report",), "inclusion", options)])
    return catalog[name]


def query_arguments(body: Mapping[str, Any], report: Report) -> dict[str, Any]:
    """The `prepare_*` keyword arguments of a query body, or every shape problem in it."""
    keys = KEYS[report.format]
    problems: list[Problem] = []
    arguments: dict[str, Any] = {}
    for name, value in body.items():
        if name in COMMON:
            continue
        key = keys.get(name)
        if key is None:
            allowed = sorted([*COMMON, *keys])
            message = f"not a parameter of a {report.format.value} query"
            problems.append(
                Problem((name,), "unknown_key", {"allowed": allowed, "message": message})
            )
        elif value is None:
            continue
        elif not CHECKS[key.kind](value):
            problems.append(Problem((name,), "invalid_type", {"expected": key.kind}))
        elif key.kind == "timestamp":
            parsed = timestamp(value)
            if isinstance(parsed, Problem):
                problems.append(Problem((name,), parsed.error, parsed.options))
            else:
                arguments[key.argument] = parsed
        else:
            arguments[key.argument] = value
    for name, key in keys.items():
        if key.required and body.get(name) is None:
            problems.append(
                Problem((name,), "blank", {"message": f"a {report.format.value} query needs it"})
            )
    problems.extend(_names(body, report))
    if problems:
        raise InvalidParameters(problems)
    if report.format is Format.RECORDS:
        arguments.setdefault("first", DEFAULT_PAGE_SIZE)
    return arguments


DEFAULT_PAGE_SIZE = 100  # GraphQL's `first` default; the limit is REPORTING_MAX_PAGE_SIZE


def _names(body: Mapping[str, Any], report: Report) -> list[Problem]:
    """Values that must be one of the catalog's names."""
    problems = []
    result_type = body.get("result_type")
    if result_type is not None and result_type != report.format.value:
        options = {
            "in": [report.format.value],
            "message": f"{report.name} answers {report.format.value}",
        }
        problems.append(Problem(("result_type",), "inclusion", options))
    aggregate_by = body.get("aggregate_by")
    names = [a.name for a in report.aggregations]
    if isinstance(aggregate_by, str) and aggregate_by not in names:
        message = f"not an aggregation of {report.name}" if names else "this report has none"
        problems.append(Problem(("aggregate_by",), "inclusion", {"in": names, "message": message}))
    interval = body.get("interval")
    offered = [AUTO, *(i.value for i in report.intervals)]
    if isinstance(interval, str) and "interval" in KEYS[report.format] and interval not in offered:
        message = f"not an interval of {report.name}"
        problems.append(Problem(("interval",), "inclusion", {"in": offered, "message": message}))
    return problems


def timestamp(value: Any) -> datetime | Problem:
    """An ISO 8601 timestamp (with or without offset), or what is wrong with it."""
    if not isinstance(value, str):
        return Problem((), "invalid_type", {"expected": "timestamp"})
    try:
        return check_year(datetime.fromisoformat(value))
    except ValueError as error:
        return Problem((), "invalid", {"message": f"not an ISO 8601 timestamp: {error}"})

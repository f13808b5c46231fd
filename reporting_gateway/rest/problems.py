"""The REST contract's error bodies: `{"error": "..."}`, and the 422 `details` tree.

A 422 names every invalid parameter where the request put it: `details` mirrors the body,
array items keyed by their index as a string, and each leaf is a list of
`{"error": "<code>", "options": {...}}` (spec §6). GatewayErrors raised by the shared
planning path name their parameter by its GraphQL argument path (`filterTree.operations[0]`);
`rest_path` turns that into the REST body's keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reporting_gateway.errors import ErrorCode, GatewayError

INVALID_PARAMETERS = "Invalid parameters"

# GraphQL argument → the REST body key it stands for.
REST_KEYS = {
    "filterTree": "filter",
    "filter": "filter",
    "aggregateBy": "aggregate_by",
    "fillGaps": "fill_gaps",
    "after": "page_info",
    "first": "page_size",
}
# Where an error without a named parameter belongs, by its code.
HOME = {
    ErrorCode.INVALID_CURSOR: "page_info",
    ErrorCode.TOO_MANY_BUCKETS: "interval",
    ErrorCode.BAD_FILTER: "filter",
}
_STEP = re.compile(r"\.|\[(\d+)\]")


@dataclass(frozen=True)
class Problem:
    """One invalid parameter: where it is in the body, and what is wrong with it."""

    path: tuple[str, ...]
    error: str  # blank, invalid, inclusion, invalid_type, unknown_key, …
    options: dict[str, Any] = field(default_factory=dict)


class InvalidParameters(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(INVALID_PARAMETERS)
        self.problems = list(problems)


def rest_path(path: str, keys: Mapping[str, str] = REST_KEYS) -> tuple[str, ...]:
    """`filterTree.operations[0].value` → ("filter", "operations", "0", "value")."""
    steps: list[str] = []
    for part in _STEP.split(path):
        if part:
            steps.append(part)
    if steps:
        steps[0] = keys.get(steps[0], steps[0])
    return tuple(steps)


def from_gateway_error(error: GatewayError, keys: Mapping[str, str] = REST_KEYS) -> list[Problem]:
    """The problems a 422-class GatewayError of the planning path stands for."""
    code = "invalid" if error.code in (ErrorCode.BAD_REQUEST, ErrorCode.BAD_FILTER) else None
    leaf = code or error.code.value.lower()
    options: dict[str, Any] = {}
    if error.hint:
        options["hint"] = error.hint
    if error.details and all(isinstance(v, str) for v in error.details.values()):
        return [
            Problem(rest_path(path, keys), leaf, {"message": message, **options})
            for path, message in error.details.items()
        ]
    home = HOME.get(error.code, "base")
    return [Problem((home,), leaf, {"message": error.message, **options})]


def details_tree(problems: Sequence[Problem]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for problem in problems:
        node = tree
        *parents, last = problem.path or ("base",)
        for key in parents:
            child = node.setdefault(key, {})
            if not isinstance(child, dict):  # a parent was itself invalid: keep both
                child = node[key] = {"base": child}
            node = child
        leaf = {"error": problem.error, "options": problem.options}
        existing = node.get(last)
        if isinstance(existing, dict):
            existing.setdefault("base", []).append(leaf)
        else:
            node.setdefault(last, []).append(leaf)
    return tree


def invalid_body(problems: Sequence[Problem]) -> dict[str, Any]:
    return {"error": INVALID_PARAMETERS, "details": details_tree(problems)}


def error_body(error: GatewayError) -> dict[str, Any]:
    body: dict[str, Any] = {"error": error.message}
    if error.hint:
        body["hint"] = error.hint
    return body

"""Request limits checked on the parsed document, before validation and execution.

Validation of a hostile document can itself be the attack (field merging is quadratic in
repeated fields and aliases), so these run first, in one walk, and refuse with
QUERY_TOO_COMPLEX naming the limit and its setting. Fragment cycles are walked once. Each
limit is linear to check, so a refused document costs about what parsing it did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    visit,
)

from reporting_gateway.errors import ErrorCode, GatewayError

# The same field (or fragment) selected again and again in one selection set: checking that
# the copies merge is quadratic in their number, and no answer needs more than a few.
MAX_REPEATS = 10


@dataclass(frozen=True)
class DocumentLimits:
    max_depth: int
    max_aliases: int
    max_directives: int
    max_input_depth: int = 32
    max_input_values: int = 11_000


class _Counter(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.aliases = 0
        self.directives = 0
        self.nesting = 0
        self.deepest_value = 0
        self.repeated: tuple[int, str] = (0, "")

    def enter_field(self, node: FieldNode, *_: object) -> None:
        if node.alias is not None:
            self.aliases += 1

    def enter_directive(self, *_: object) -> None:
        self.directives += 1

    def enter_object_value(self, *_: object) -> None:
        self.nesting += 1
        self.deepest_value = max(self.deepest_value, self.nesting)

    def leave_object_value(self, *_: object) -> None:
        self.nesting -= 1

    enter_list_value = enter_object_value
    leave_list_value = leave_object_value

    def enter_selection_set(self, node: SelectionSetNode, *_: object) -> None:
        names = Counter(
            (s.alias or s.name).value if isinstance(s, FieldNode) else f"...{s.name.value}"
            for s in node.selections
            if isinstance(s, FieldNode | FragmentSpreadNode)
        )
        if names:
            self.repeated = max(self.repeated, max((n, name) for name, n in names.items()))


def check_document(document: DocumentNode, limits: DocumentLimits) -> None:
    counter = _Counter()
    visit(document, counter)
    _at_most("aliases", counter.aliases, limits.max_aliases, "REPORTING_MAX_ALIASES")
    _at_most("directives", counter.directives, limits.max_directives, "REPORTING_MAX_DIRECTIVES")
    _nested_at_most("an argument", counter.deepest_value, limits.max_input_depth)
    times, name = counter.repeated
    if times > MAX_REPEATS:
        raise GatewayError(
            ErrorCode.QUERY_TOO_COMPLEX,
            f"The query selects `{name[:60]}` {times} times in one selection set; at most "
            f"{MAX_REPEATS} are allowed (repeats add nothing to the answer).",
            details={"limit": "repeated selections", "value": times, "max": MAX_REPEATS},
        )
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    depths: dict[str, int] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            depth = _depth(definition.selection_set, fragments, depths, set())
            _at_most("depth", depth, limits.max_depth, "REPORTING_MAX_DEPTH")


def _depth(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    known: dict[str, int],
    visiting: set[str],
) -> int:
    if selection_set is None:
        return 0
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            deepest = max(deepest, 1 + _depth(selection.selection_set, fragments, known, visiting))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, known, visiting))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in visiting or name not in fragments:
                continue  # a cycle or an unknown fragment: validation reports it
            if name not in known:
                visiting.add(name)
                known[name] = _depth(fragments[name].selection_set, fragments, known, visiting)
                visiting.discard(name)
            deepest = max(deepest, known[name])
    return deepest


def _at_most(what: str, value: int, limit: int, setting: str) -> None:
    if value > limit:
        raise GatewayError(
            ErrorCode.QUERY_TOO_COMPLEX,
            f"The query has {value} {what}; at most {limit} are allowed ({setting}).",
            details={"limit": what, "value": value, "max": limit},
        )


def check_variables(variables: dict[str, Any], limits: DocumentLimits) -> None:
    """Variables nest no deeper than arguments may, and hold a bounded number of values:
    measured without recursion (and stopped at the bound) before graphql-core's coercion,
    which recurses and costs about a microsecond a value, ever sees them."""
    budget = limits.max_input_values
    for name, value in variables.items():
        depth, budget = _nesting(value, budget)
        if budget < 0:
            raise GatewayError(
                ErrorCode.QUERY_TOO_COMPLEX,
                f"The variables hold more than {limits.max_input_values} values "
                "(twice REPORTING_MAX_FILTER_VALUES plus 1000).",
                details={"limit": "input values", "max": limits.max_input_values},
            )
        _nested_at_most(f"variable ${name}", depth, limits.max_input_depth)


def _nesting(value: Any, budget: int) -> tuple[int, int]:
    """(the value's depth, what is left of `budget` after its values; < 0: it ran out)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack and budget >= 0:
        current, level = stack.pop()
        budget -= 1
        if isinstance(current, dict):
            children: Iterable[Any] = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        deepest = max(deepest, level + 1)
        stack.extend((child, level + 1) for child in children)
    return deepest, budget


def _nested_at_most(what: str, depth: int, limit: int) -> None:
    if depth > limit:
        raise GatewayError(
            ErrorCode.QUERY_TOO_COMPLEX,
            f"The value of {what} is nested {depth} levels deep; at most {limit} are allowed "
            "(twice REPORTING_MAX_FILTER_DEPTH plus 12).",
            details={"limit": "input depth", "value": depth, "max": limit},
        )

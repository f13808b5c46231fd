"""Request limits checked on the parsed document, before validation and execution.

Validation of a hostile document can itself be the attack (field merging is quadratic in
repeated fields and aliases), so these run first, in one walk, and refuse with
QUERY_TOO_COMPLEX naming the limit and its setting. Fragment cycles are walked once.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class DocumentLimits:
    max_depth: int
    max_aliases: int
    max_directives: int


class _Counter(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.aliases = 0
        self.directives = 0

    def enter_field(self, node: FieldNode, *_: object) -> None:
        if node.alias is not None:
            self.aliases += 1

    def enter_directive(self, *_: object) -> None:
        self.directives += 1


def check_document(document: DocumentNode, limits: DocumentLimits) -> None:
    counter = _Counter()
    visit(document, counter)
    _at_most("aliases", counter.aliases, limits.max_aliases, "REPORTING_MAX_ALIASES")
    _at_most("directives", counter.directives, limits.max_directives, "REPORTING_MAX_DIRECTIVES")
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

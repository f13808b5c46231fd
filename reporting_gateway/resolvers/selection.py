"""Which sub-fields a query selected, fragments included, without walking the whole tree."""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode


def selects(info: Any, name: str) -> bool:
    """Whether the current field's selection (directly or via fragments) includes `name`."""
    raw = info._raw_info
    return any(
        _contains(node.selection_set, name, raw.fragments)
        for node in raw.field_nodes
        if node.selection_set
    )


def _contains(selection_set: SelectionSetNode, name: str, fragments: dict[str, Any]) -> bool:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value == name:
                return True
        elif isinstance(selection, InlineFragmentNode):
            if _contains(selection.selection_set, name, fragments):
                return True
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None and _contains(fragment.selection_set, name, fragments):
                return True
    return False


def selected_fields(info: Any, *paths: tuple[str, ...]) -> set[str]:
    """Names of the fields selected at the end of any of `paths` (e.g. ("nodes",) and
    ("edges", "node")), fragments included; @skip/@include are ignored (selecting a little
    too much is harmless)."""
    raw = info._raw_info
    found: set[str] = set()
    for node in raw.field_nodes:
        if node.selection_set:
            for path in paths:
                _collect(node.selection_set, path, raw.fragments, found)
    return found


def _collect(
    selection_set: SelectionSetNode,
    path: tuple[str, ...],
    fragments: dict[str, Any],
    found: set[str],
) -> None:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if not path:
                found.add(selection.name.value)
            elif selection.name.value == path[0] and selection.selection_set:
                _collect(selection.selection_set, path[1:], fragments, found)
        elif isinstance(selection, InlineFragmentNode):
            _collect(selection.selection_set, path, fragments, found)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                _collect(fragment.selection_set, path, fragments, found)

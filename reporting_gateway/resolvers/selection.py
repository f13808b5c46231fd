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

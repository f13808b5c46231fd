"""The root fields an operation will run, found before anything runs.

Fragments, inline fragments, aliases and @skip/@include are resolved the way execution will
resolve them, so the customers, permits and cost decided here are those of what executes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.execution.values import VariableValues, get_argument_values, get_directive_values


@dataclass(frozen=True)
class RootSelection:
    response_key: str  # the alias, or the field name
    field_name: str
    node: FieldNode


def root_selections(
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: VariableValues,
) -> list[RootSelection]:
    """Every root field that executes, once per response key (aliases are separate keys)."""
    found: dict[str, RootSelection] = {}
    _collect(operation.selection_set, fragments, variables, found, set())
    return list(found.values())


def _collect(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: VariableValues,
    found: dict[str, RootSelection],
    visited: set[str],
) -> None:
    for selection in selection_set.selections:
        if not _included(selection, variables):
            continue
        if isinstance(selection, FieldNode):
            key = selection.alias.value if selection.alias else selection.name.value
            found.setdefault(key, RootSelection(key, selection.name.value, selection))
        elif isinstance(selection, InlineFragmentNode):
            _collect(selection.selection_set, fragments, variables, found, visited)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in visited or name not in fragments:
                continue
            visited.add(name)
            _collect(fragments[name].selection_set, fragments, variables, found, visited)


def _included(node: Any, variables: VariableValues) -> bool:
    skip = get_directive_values(GraphQLSkipDirective, node, variables)
    if skip is not None and skip["if"] is True:
        return False
    include = get_directive_values(GraphQLIncludeDirective, node, variables)
    return not (include is not None and include["if"] is False)


def arguments_of(
    schema: GraphQLSchema,
    root: GraphQLObjectType,
    selection: RootSelection,
    variables: VariableValues,
) -> dict[str, Any]:
    """The coerced argument values of one root selection (GraphQL names, raw Python values)."""
    return get_argument_values(root.fields[selection.field_name], selection.node, variables)

"""How large a filter may be: nesting, nodes and listed values, one limit for both forms.

The typed `filter` and the JSON `filterTree` become the same tree, so they are measured on
it, after conversion and before anything runs. Without a bound a filter is the one input
whose cost grows without the query text growing: a JSON variable of thousands of nodes
compiles to a statement the database refuses (SQLite's expression depth, PostgreSQL's
32,767 bound parameters) or spends seconds planning. Input values as a whole are bounded
in nesting before they are converted (`access/limits.py`), which keeps the conversion's
own recursion safe.
"""

from __future__ import annotations

from dataclasses import dataclass

from reporting_gateway.errors import bad_filter
from reporting_gateway.query import Condition, FilterNode, Logical
from reporting_gateway.settings import Settings


@dataclass(frozen=True)
class FilterLimits:
    depth: int
    nodes: int
    values: int

    @classmethod
    def of(cls, settings: Settings) -> FilterLimits:
        return cls(settings.max_filter_depth, settings.max_filter_nodes, settings.max_filter_values)

    def check(self, node: FilterNode, path: str) -> FilterNode:
        """`node`, or BAD_FILTER naming the first limit it passes and its setting."""
        depth, nodes, values = measure(node)
        for what, value, limit, setting in (
            ("levels of nesting", depth, self.depth, "REPORTING_MAX_FILTER_DEPTH"),
            ("nodes", nodes, self.nodes, "REPORTING_MAX_FILTER_NODES"),
            ("listed values", values, self.values, "REPORTING_MAX_FILTER_VALUES"),
        ):
            if value > limit:
                raise bad_filter(
                    path,
                    f"the filter has {value} {what}; at most {limit} are allowed ({setting})",
                    hint="Split the question into several queries, or export it.",
                )
        return node


def measure(node: FilterNode) -> tuple[int, int, int]:
    """(deepest level, nodes, values of `in`-style lists); a lone condition is one level."""
    deepest = nodes = values = 0
    stack: list[tuple[FilterNode, int]] = [(node, 1)]
    while stack:
        current, level = stack.pop()
        nodes += 1
        deepest = max(deepest, level)
        if isinstance(current, Logical):
            stack.extend((child, level + 1) for child in current.operations)
        elif isinstance(current, Condition) and isinstance(current.value, list | tuple):
            values += len(current.value)
    return deepest, nodes, values

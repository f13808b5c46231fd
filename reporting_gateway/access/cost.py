"""The token cost of an operation (spec §3 plus our rules for GraphQL).

A report field costs its catalog cost, plus 1 per `and`/`not` node and 3 per `or` node of
its filter tree (the tree both filter forms become, so the same filter costs the same).
Every selected report field counts, aliases again.
"""

from __future__ import annotations

from reporting_gateway.query import Condition, FilterNode, Logical

NODE_COST = {"and": 1, "not": 1, "or": 3}


def filter_cost(node: FilterNode | None) -> int:
    if node is None or isinstance(node, Condition):
        return 0
    assert isinstance(node, Logical)
    return NODE_COST[node.operator] + sum(filter_cost(child) for child in node.operations)

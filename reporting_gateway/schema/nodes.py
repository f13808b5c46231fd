"""Relay's object identification: the `Node` interface, the global `id` of every entity
record, and the `node(id:)` / `nodes(ids:)` root fields that refetch records by it.

Clients that normalise by `__typename` and `id` (Apollo's and Relay's caches) need an `id`
unique across customers: a member's numeric key is unique only within its customer, so it
is `databaseId`, and `id` is the global id (`resolvers/nodes.py`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import strawberry

from reporting_gateway.access.policy import REPORTING, FieldPolicy
from reporting_gateway.catalog.model import Report
from reporting_gateway.resolvers.nodes import (
    MAX_IDS,
    NodeRow,
    id_permits,
    prepare_nodes,
    resolve_node,
    resolve_nodes,
    row_id,
)
from reporting_gateway.schema import naming
from reporting_gateway.schema.types import Types, argument, list_of, resolver_field

ROW_FUNCTION = "reporting_gateway.row_function"  # field metadata: the value is f(row)
ID_DESCRIPTION = (
    "Global id: unique across reports and customers, for client caches and `node(id:)`. "
    "The record's own numeric id is `databaseId`."
)


def any_row(_: Any, __: Any) -> bool:
    """`is_type_of` of record types: a row of their report is whatever storage returns
    (a tuple, a dict), so there is nothing to check; the executor knows this function."""
    return True


def node_interface(types: Types) -> Any:
    def build() -> Any:
        class Node:
            @classmethod
            def resolve_type(cls, source: Any, *_: Any) -> str:
                return str(source.type_name) if isinstance(source, NodeRow) else ""

        Node.__annotations__ = {"node_id": strawberry.ID}
        Node.node_id = strawberry.field(name=naming.GLOBAL_ID, description=ID_DESCRIPTION)  # type: ignore[attr-defined]
        return strawberry.interface(
            Node,
            name=naming.NODE_INTERFACE,
            description="A record with a global id, refetchable with `node(id:)`.",
        )

    return types.shared(naming.NODE_INTERFACE, "Relay object identification", build)


def global_id_field(report: Report) -> Any:
    """The `id: ID!` of a report's records: computed from the row's customer and key. The
    resolver serves graphql-core; the executor calls the same function from the metadata."""
    node_id = row_id(report)

    def resolve(root: strawberry.Parent[Any]) -> strawberry.ID:
        return strawberry.ID(node_id(root))

    return strawberry.field(
        name=naming.GLOBAL_ID,
        description=ID_DESCRIPTION,
        resolver=resolve,
        metadata={ROW_FUNCTION: node_id},
    )


def node_policies(reports: Mapping[str, Report]) -> dict[str, FieldPolicy]:
    """`node` and `nodes` cost and need what the reports their ids name cost and need."""
    reports = {name: r for name, r in reports.items() if r.is_entity}
    types = {name: naming.record_type(name) for name in reports}
    prepare = functools.partial(prepare_nodes, reports, types)

    def one(context: Any, *, id: str) -> Any:
        return prepare(context, [id], "id")

    def many(context: Any, *, ids: list[str]) -> Any:
        return prepare(context, ids, "ids")

    base = FieldPolicy(bucket_type=REPORTING, needs_customers=True, prices_query=True)
    return {
        naming.NODE_FIELD: replace(
            base, prepare=one, argument_permits=lambda a: id_permits(reports, [a.get("id")])
        ),
        naming.NODES_FIELD: replace(
            base, prepare=many, argument_permits=lambda a: id_permits(reports, a.get("ids") or ())
        ),
    }


def build_node_fields(types: Types, reports: Mapping[str, Report]) -> list[tuple[str, Any, Any]]:
    """The root fields; their resolvers prepare through the policies' own functions."""
    policies = node_policies(reports)
    interface = node_interface(types)
    cost = "the cost of each report its ids name (once per report)"
    permit = "the permit of each report its ids name"

    def field(name: str, resolver: Any, parameters: Any, return_type: Any, doc: str) -> Any:
        prepare = policies[name].prepare

        async def resolve(info: Any, **arguments: Any) -> Any:
            return await resolver(prepare, info, **arguments)

        return (name, return_type, resolver_field(name, resolve, parameters, return_type, doc))

    return [
        field(
            naming.NODE_FIELD,
            resolve_node,
            [argument("id", strawberry.ID, inspect.Parameter.empty, "A record's global `id`.")],
            interface | None,
            f"The record with this global id, or null if it no longer exists. Needs {permit} "
            f"and costs {cost}. An id of a customer outside the X-Customer selection is "
            "FORBIDDEN.",
        ),
        field(
            naming.NODES_FIELD,
            resolve_nodes,
            [
                argument(
                    "ids",
                    list_of(strawberry.ID),
                    inspect.Parameter.empty,
                    f"Up to {MAX_IDS} global ids.",
                )
            ],
            list_of(interface | None),
            f"The records with these global ids, in their order; null where one no longer "
            f"exists or is FORBIDDEN (outside the X-Customer selection). Needs {permit} and "
            f"costs {cost}.",
        ),
    ]

"""Relay's `node(id:)` and `nodes(ids:)`: global ids → the same records queries as the reports.

A global id names a report, a customer and the record's key in that customer: one record
anywhere, opaque to clients (a base64url text, as GitHub's node ids are). Refetching one runs
the report's own records query, scoped to that customer, so it passes through the report's
permit, cost, tenant checks and storage path like any page does: an id never reaches a row
the request could not have read through the report itself.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reporting_gateway.access.customers import MAX_ID
from reporting_gateway.catalog.model import Report
from reporting_gateway.errors import ErrorCode, GatewayError, bad_request
from reporting_gateway.query import Condition, RecordsQuery, Scope
from reporting_gateway.resolvers.context import RequestContext, prepared_query

MAX_IDS = 100  # ids per `nodes` call, as GitHub allows
MAX_ID_LENGTH = 200  # far above any id this gateway issues


@dataclass(frozen=True)
class GlobalId:
    report: str
    customer: int
    key: int


def encode_id(report: str, customer: int, key: int) -> str:
    text = f"{report}:{customer}:{key}".encode()
    return base64.urlsafe_b64encode(text).rstrip(b"=").decode()


def decode_id(value: str, reports: Mapping[str, Report]) -> GlobalId | None:
    """The id's parts, or None when it is not an id this gateway issues for these reports.
    Only the canonical spelling decodes, so one record has exactly one id."""
    if len(value) > MAX_ID_LENGTH or not value.isascii():
        return None
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    report, _, rest = text.partition(":")
    customer, _, key = rest.partition(":")
    if report not in reports or not (customer.isdigit() and key.lstrip("-").isdigit()):
        return None
    found = GlobalId(report, int(customer), int(key))
    if not 0 < found.customer <= MAX_ID or not -(2**31) <= found.key <= 2**31 - 1:
        return None
    return found if encode_id(found.report, found.customer, found.key) == value else None


def row_id(report: Report) -> Any:
    """The row → global id function of a report's records (the `id` field of its type)."""
    name, tenant = report.name, report.tenant_field

    def node_id(row: Any) -> str:
        return encode_id(name, getattr(row, tenant), row.id)

    return node_id


@dataclass(frozen=True)
class NodeRow:
    """A refetched record with the name of its GraphQL type, which the `Node` interface
    resolves by; every field read goes to the row itself."""

    row: Any
    type_name: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


@dataclass(frozen=True)
class NodesQuery:
    """The checked ids of one `node`/`nodes` field, in request order: a `GlobalId` the request
    may read, or the error its position answers with."""

    ids: tuple[GlobalId | GatewayError, ...]
    reports: Mapping[str, Report]
    type_names: Mapping[str, str]  # report → its record type

    @property
    def queried_reports(self) -> list[Report]:
        names = {i.report for i in self.ids if isinstance(i, GlobalId)}
        return [self.reports[name] for name in sorted(names)]

    @property
    def cost(self) -> int:
        """One records query per report the ids name, at that report's cost."""
        return sum(report.cost for report in self.queried_reports)


def id_permits(reports: Mapping[str, Report], ids: Iterable[Any]) -> tuple[str, ...]:
    """The permits of the reports the ids name (undecodable ids name none)."""
    found = (decode_id(i, reports) for i in ids if isinstance(i, str))
    return tuple(sorted({reports[f.report].permit for f in found if f is not None}))


def prepare_nodes(
    reports: Mapping[str, Report],
    type_names: Mapping[str, str],
    context: RequestContext,
    ids: Sequence[str],
    argument: str,
) -> NodesQuery:
    if len(ids) > MAX_IDS:
        raise bad_request(f"Give at most {MAX_IDS} ids, not {len(ids)}.", path=argument)
    scope = context.require_scope()
    allowed = {customer.id for customer in scope.customers}
    checked: list[GlobalId | GatewayError] = []
    for index, value in enumerate(ids):
        path = argument if argument == "id" else f"{argument}.{index}"
        found = decode_id(value, reports)
        if found is None:
            raise bad_request(
                f"{value[:80]!r} is not a node id of this gateway.",
                path=path,
                hint="Use the `id` of a record, as this gateway returned it.",
            )
        checked.append(
            found
            if found.customer in allowed
            else GatewayError(
                ErrorCode.FORBIDDEN,
                f"The node {value!r} belongs to customer {found.customer}, which is not "
                "selected by X-Customer (or not readable with this token).",
                hint="Select its customer with the X-Customer header.",
            )
        )
    return NodesQuery(tuple(checked), reports, type_names)


async def fetch_nodes(context: RequestContext, query: NodesQuery) -> list[Any]:
    """The records in id order: one query per report and customer; null for an id with no
    row (deleted, or never there), the error for an id the request may not read."""
    wanted: dict[tuple[str, int], set[int]] = {}
    for found in query.ids:
        if isinstance(found, GlobalId):
            wanted.setdefault((found.report, found.customer), set()).add(found.key)
    by_customer = {customer.id: customer for customer in context.require_scope().customers}
    rows: dict[GlobalId, Any] = {}
    for (name, customer), keys in sorted(wanted.items()):
        report = query.reports[name]
        records = RecordsQuery(
            report,
            Scope((by_customer[customer],)),
            first=len(keys),
            filter=Condition("id", "in", sorted(keys)),
        )
        page = await context.store.records(records)
        type_name = query.type_names[name]
        for row in page.rows:
            rows[GlobalId(name, customer, row.id)] = NodeRow(row, type_name)
    return [rows.get(found) if isinstance(found, GlobalId) else found for found in query.ids]


def _query(info: Any, prepare: Any, arguments: dict[str, Any]) -> NodesQuery:
    return prepared_query(info, NodesQuery, lambda _, c, **a: prepare(c, **a), None, arguments)


async def resolve_node(prepare: Any, info: Any, **arguments: Any) -> Any:
    (found,) = await fetch_nodes(info.context, _query(info, prepare, arguments))
    return found


async def resolve_nodes(prepare: Any, info: Any, **arguments: Any) -> list[Any]:
    return await fetch_nodes(info.context, _query(info, prepare, arguments))

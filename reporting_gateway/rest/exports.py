"""The four documented export endpoints (and statistics beside them), a job's state, resume.

They create the same jobs as the GraphQL export mutations: the same spec, the same worker,
the same page-by-page charges, the same download at `/exports/{id}` for the same token.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

from reporting_gateway.access.policy import GENERAL, REPORTING
from reporting_gateway.catalog.model import Format
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.exports.resolvers import prepare_export
from reporting_gateway.exports.runner import not_found
from reporting_gateway.exports.schema import CREATION_COST
from reporting_gateway.exports.service import ExportView
from reporting_gateway.exports.spec import FORMATS
from reporting_gateway.rest import body
from reporting_gateway.rest.flow import Call
from reporting_gateway.rest.problems import InvalidParameters, Problem

Handler = Callable[[Call, dict[str, Any]], Awaitable[dict[str, Any]]]


def create_export(format_: Format, *, tenants: bool) -> Handler:
    """The handler of `POST …/export/<format>`; `tenants`: the cross-customer variant."""

    async def create(call: Call, given: dict[str, Any]) -> dict[str, Any]:
        call.bucket_type = REPORTING
        report = body.chosen_report(given, call.api.catalog)
        call.record.operation = f"export {report.name}"
        if report.format is not format_:
            message = (
                f"a {report.format.value} report: export it from the {report.format.value} endpoint"
            )
            raise InvalidParameters([Problem(("report",), "invalid", {"message": message})])
        arguments = _export_arguments(given)
        arguments |= _query_arguments(given, report)
        call.require(report.permit)
        scope = await call.select_customers()
        if not tenants and len(scope.ids) != 1:
            raise GatewayError(
                ErrorCode.CUSTOMER_HEADER_INVALID,
                f"This export is for one customer; X-Customer selects {len(scope.ids)}.",
                hint=f"Export several customers with /v1/reporting/tenants/export/{format_.value}.",
            )
        prepared = prepare_export(
            call.api.catalog, format_, call.context(), report=report.name, **arguments
        )
        await call.pay(REPORTING, CREATION_COST)
        exports = call.api.gateway.exports
        now = call.api.store.clock()
        view = await exports.create(prepared.spec, prepared.query, call.credential, now)
        return _job(view)

    return create


def _query_arguments(given: dict[str, Any], report: Any) -> dict[str, Any]:
    """The query part of an export body, checked as a query body is (no cursor: an export
    walks every page itself; `page_size` is the size of the pages it reads)."""
    query = {k: v for k, v in given.items() if k != "format"}
    if "page_info" in query:
        options = {"message": "an export reads every page; it takes no cursor"}
        raise InvalidParameters([Problem(("page_info",), "unknown_key", options)])
    arguments = body.query_arguments(query, report)
    first = arguments.pop("first", None)
    if body.PAGE_SIZE in given and first is not None:
        arguments["page_size"] = first
    return arguments


def _export_arguments(given: dict[str, Any]) -> dict[str, Any]:
    chosen = given.get("format", "csv")
    if chosen not in FORMATS:
        options = {"in": list(FORMATS), "message": "the file format of the export"}
        raise InvalidParameters([Problem(("format",), "inclusion", options)])
    return {"format": chosen}


async def show_export(call: Call, _: dict[str, Any]) -> dict[str, Any]:
    job_id = str(call.request.path_params["job_id"])
    await call.pay(GENERAL, 0)  # free, as in GraphQL; the headers still show the bucket
    job = await call.api.gateway.exports.find(job_id, call.credential)
    if job is None:
        raise not_found(job_id)
    return _job(ExportView.of(job))


async def resume_export(call: Call, _: dict[str, Any]) -> dict[str, Any]:
    job_id = str(call.request.path_params["job_id"])
    await call.pay(GENERAL, 0)
    now = call.api.store.clock()
    view = await call.api.gateway.exports.resume(job_id, call.credential, now)
    if view is None:
        raise not_found(job_id)
    return _job(view)


def _job(view: ExportView) -> dict[str, Any]:
    return {**asdict(view), "progress": view.progress}

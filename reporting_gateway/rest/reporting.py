"""POST /v1/reporting/query, /metadata and /field_metadata: report questions in REST form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from reporting_gateway.access.cost import filter_cost
from reporting_gateway.access.customers import HEADER
from reporting_gateway.access.policy import GENERAL, METADATA_COST, PREPARE, REPORTING
from reporting_gateway.query import RecordsQuery, StatisticsQuery, TimeseriesQuery
from reporting_gateway.resolvers.field_values import (
    FieldValues,
    field_values,
    prepare_field_values,
)
from reporting_gateway.resolvers.metadata import report_info
from reporting_gateway.resolvers.statistics import statistics_answer
from reporting_gateway.resolvers.timeseries import timeseries_answer
from reporting_gateway.rest import answers, body
from reporting_gateway.rest.flow import Call, only
from reporting_gateway.rest.problems import REST_KEYS, InvalidParameters, Problem

FIELD_METADATA_KEYS = {"report", "field", "from", "to", "filter", "limit"}


async def query(call: Call, given: dict[str, Any]) -> dict[str, Any]:
    call.bucket_type = REPORTING
    report = body.chosen_report(given, call.api.catalog)
    call.record.operation = f"query {report.name}"
    arguments = body.query_arguments(given, report)
    call.require(report.permit)
    await call.select_customers()
    prepared = PREPARE[report.format](report, call.context(), **arguments)
    await call.pay(REPORTING, report.cost + filter_cost(prepared.filter))
    answer: dict[str, Any] = await call.run(_answer(call, prepared))
    return answer


async def _answer(call: Call, prepared: Any) -> dict[str, Any]:
    store = call.api.store
    if isinstance(prepared, RecordsQuery):
        return answers.records_body(prepared, await store.records(prepared))
    if isinstance(prepared, TimeseriesQuery):
        return answers.timeseries_body(prepared, await timeseries_answer(store, prepared))
    assert isinstance(prepared, StatisticsQuery)
    return answers.statistics_body(prepared, await statistics_answer(store, prepared))


async def metadata(call: Call, given: dict[str, Any]) -> dict[str, Any]:
    only(given, {"report"})
    report = body.chosen_report(given, call.api.catalog)
    call.require(report.permit)
    if HEADER.lower() in call.request.headers:  # as in GraphQL: the header picks the bucket
        await call.select_customers()
    await call.pay(GENERAL, METADATA_COST)
    return asdict(report_info(report, call.api.settings.max_page_size))


async def field_metadata(call: Call, given: dict[str, Any]) -> dict[str, Any]:
    call.keys = {**REST_KEYS, "first": "limit"}
    only(given, FIELD_METADATA_KEYS)
    report = body.chosen_report(given, call.api.catalog)
    arguments = _field_metadata_arguments(given)
    call.require(report.permit)
    await call.select_customers()
    prepared = prepare_field_values(
        call.api.catalog, call.context(), report=report.name, **arguments
    )
    await call.pay(GENERAL, METADATA_COST)
    found: FieldValues = await call.run(field_values(call.api.store, prepared))
    return answers.field_values_body(found)


def _field_metadata_arguments(given: Mapping[str, Any]) -> dict[str, Any]:
    problems: list[Problem] = []
    arguments: dict[str, Any] = {}
    name = given.get("field")
    if not isinstance(name, str) or not name:
        problems.append(Problem(("field",), "blank", {"message": "name a filterable field"}))
    else:
        arguments["field"] = name
    for key, argument in (("from", "from_"), ("to", "to")):
        if given.get(key) is None:
            continue
        parsed = body.timestamp(given[key])
        if isinstance(parsed, Problem):
            problems.append(Problem((key,), parsed.error, parsed.options))
        else:
            arguments[argument] = parsed
    if given.get("filter") is not None:
        if isinstance(given["filter"], dict):
            arguments["filter_tree"] = given["filter"]
        else:
            problems.append(Problem(("filter",), "invalid_type", {"expected": "object"}))
    limit = given.get("limit")
    if limit is not None:
        if body.is_integer(limit):
            arguments["first"] = limit
        else:
            problems.append(Problem(("limit",), "invalid_type", {"expected": "integer"}))
    if problems:
        raise InvalidParameters(problems)
    return arguments

"""The REST answer is the GraphQL answer, in REST names, for every report of the catalog.

Each report is asked through both APIs on both backends, for one customer and across
customers, without and with each aggregation, without and with a filter built from the
catalog; records are walked to their last page on both sides.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Format, Interval, Kind, Report
from reporting_gateway.schema import naming
from reporting_gateway.storage.store import Store
from tests.conftest import serve
from tests.factories import NOW
from tests.helpers import data, to_graphql

QUERY = "/v1/reporting/query"
SCOPES = ("id=101", "all=all")
# Weekly buckets over the fixture's whole history (every timeseries report offers 1w).
FROM = (NOW - timedelta(weeks=140)).replace(tzinfo=None).isoformat()
TO = NOW.replace(tzinfo=None).isoformat()


@pytest.fixture
async def both(store: Store, token: str) -> Any:
    async with serve(store, token, rate_limit_capacity=10**9) as http:
        yield http


def cases(report: Report) -> list[tuple[str | None, dict[str, Any] | None]]:
    """(aggregation, filter) pairs: each aggregation, and a filter on a filterable field."""
    aggregations: list[str | None] = [None, *(a.name for a in report.aggregations)]
    found = [(a, None) for a in aggregations]
    tree = _filter(report)
    if tree is not None:
        found.append((None, tree))
    return found


def _filter(report: Report) -> dict[str, Any] | None:
    for field in report.filterable_fields:
        if field.type.kind is Kind.ENUM and field.type.values and not field.type.is_array:
            chosen = list(field.type.values.values[:2])
            return {
                "type": "or",
                "operations": [
                    {"type": "in", "field": field.name, "value": chosen},
                    {"type": "equal", "field": field.name, "value": None},
                ],
            }
    return None


def _graphql_filter(report: Report) -> str:
    """The filter argument, null when a case has none (a report without filterable fields
    has no such argument)."""
    return ", filterTree: $tree" if report.filterable_fields else ""


def _tree_variable(report: Report) -> str:
    return "$tree: JSON" if report.filterable_fields else ""


async def rest(http: httpx.AsyncClient, customer: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(QUERY, json=body, headers={"X-Customer": customer})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _label_selection(report: Report) -> str:
    return " ".join(naming.field_name(key) for key in report.all_label_keys)


def _aggregate(aggregation: str | None) -> str:
    return f", aggregateBy: {naming.enum_value(aggregation)}" if aggregation else ""


async def _records(
    http: httpx.AsyncClient, report: Report, customer: str, aggregation: str | None, tree: Any
) -> int:
    root = naming.root_field(report.name)
    fields = " ".join(naming.report_field(f.name) for f in report.fields if not f.filter_only)
    query = f"""query($after: String {_tree_variable(report)}) {{ {root}(first: 7, after: $after
        {_aggregate(aggregation)}{_graphql_filter(report)}) {{
        nodes {{ {fields} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
    by_graphql: list[dict[str, Any]] = []
    after = None
    while True:
        variables = {"after": after} | ({"tree": tree} if report.filterable_fields else {})
        page = (await data(http, query, variables, customer=customer))[root]
        by_graphql.extend(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    by_rest: list[dict[str, Any]] = []
    body: dict[str, Any] = {"report": report.name, "page_size": 7}
    if aggregation:
        body["aggregate_by"] = aggregation
    if tree:
        body["filter"] = tree
    while True:
        answer = await rest(http, customer, body)
        assert answer["result_type"] == "records"
        by_rest.extend(answer["records"])
        cursor = answer["pagination"]["next_page_info"]
        if cursor is None:
            break
        body["page_info"] = cursor
    assert [to_graphql(report, row) for row in by_rest] == by_graphql
    return len(by_rest)


async def _series(
    http: httpx.AsyncClient, report: Report, customer: str, aggregation: str | None, tree: Any
) -> int:
    root = naming.root_field(report.name)
    timeseries = report.format is Format.TIMESERIES
    period = f'from: "{FROM}", to: "{TO}", interval: WEEK' if timeseries else ""
    arguments = f"{period}{_aggregate(aggregation)}{_graphql_filter(report)}".lstrip(", ")
    shape = (
        f"interval rangeTimezone timeBuckets dataPoints series {{ label {{ "
        f"{_label_selection(report)} }} values timezone }}"
        if timeseries
        else f"rangeTimezone series {{ label {{ {_label_selection(report)} }} value }}"
    )
    variables = f"({_tree_variable(report)})" if report.filterable_fields else ""
    query = f"query{variables} {{ {root}({arguments}) {{ {shape} }} }}"
    given = {"tree": tree} if report.filterable_fields else {}
    expected = (await data(http, query, given, customer=customer))[root]
    body: dict[str, Any] = {"report": report.name}
    if timeseries:
        body |= {"from": FROM, "to": TO, "interval": "1w"}
    if aggregation:
        body["aggregate_by"] = aggregation
    if tree:
        body["filter"] = tree
    answer = await rest(http, customer, body)
    assert answer["result_type"] == report.format.value
    assert answer["range_timezone"] == expected["rangeTimezone"]
    assert len(answer["series"]) == len(expected["series"])
    for got, want in zip(answer["series"], expected["series"], strict=True):
        label = to_graphql(report, got["label"])
        assert label == {key: want["label"][key] for key in label}
        assert set(got["label"]) == set(
            report.label_keys(
                report.aggregation(aggregation) if aggregation else None, customer == "all=all"
            )
        )
        if timeseries:
            assert got["values"] == want["values"]
            assert got.get("timezone", want["timezone"]) == want["timezone"]
            local = answer["range_timezone"] == "local"
            assert ("timezone" in got) == (local and want["timezone"] is not None)
        else:
            assert got["value"] == want["value"]
    if timeseries:
        assert Interval(answer["interval"]).name == expected["interval"]
        assert answer["time_buckets"] == expected["timeBuckets"]
        assert answer["data_points"] == expected["dataPoints"]
    return len(answer["series"])


@pytest.mark.parametrize("name", sorted(CATALOG))
async def test_the_rest_answer_is_the_graphql_answer(both: httpx.AsyncClient, name: str) -> None:
    report = CATALOG[name]
    compare = _records if report.format is Format.RECORDS else _series
    answered = 0
    for customer in SCOPES:
        for aggregation, tree in cases(report):
            answered += await compare(both, report, customer, aggregation, tree)
    assert answered, "the fixture rows give this report no answer: the comparison proves nothing"

"""Property: for random queries of every report, on both backends, the REST answer is the
GraphQL answer in REST names, and a query one API refuses the other refuses the same way.

Random filter trees (valid mostly, junk sometimes), aggregations and customer selections go
through both front doors of one app; records compare their first page, series every label
and value.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Field, Format, Interval, Kind, Report
from reporting_gateway.catalog.operators import Operator, operators_for
from reporting_gateway.catalog.registry import all_permits
from reporting_gateway.schema import naming
from reporting_gateway.storage.state.credentials import Credentials
from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.store import Store
from tests.conftest import NOW, TEST_SECRET, Database, insert_rows
from tests.factories import ROWS
from tests.fuzzing import FUZZ, Gateway, filter_trees
from tests.helpers import to_graphql

REPORTS = sorted(CATALOG.values(), key=lambda r: r.name)
CUSTOMERS = ["id=101", "id=101_103", "all=all", "id=777"]
FROM, TO = "2026-06-01T00:00:00", "2026-11-05T00:00:00"  # weekly buckets over the fixtures
# A GraphQL code → the REST status of the same refusal.
STATUS = {
    "BAD_FILTER": 422, "BAD_REQUEST": 422, "INVALID_CURSOR": 422, "TOO_MANY_BUCKETS": 422,
    "FORBIDDEN": 403, "CUSTOMER_HEADER_MISSING": 470, "CUSTOMER_HEADER_INVALID": 471,
}  # fmt: skip


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def both(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gateway]:
    database = Database(request.param, tmp_path_factory.mktemp("random"))
    holder: dict[str, Any] = {}

    async def prepare() -> str:
        engine = await database.create()
        try:
            await insert_rows(engine, ROWS)
            token, _ = await Credentials(engine).create(
                name="random", permits=all_permits(), customers=[101, 102, 103, 104],
                organization="r", now=NOW,
            )  # fmt: skip
        finally:
            await engine.dispose()
        return token

    token = asyncio.run(prepare())

    def store() -> Store:
        holder["store"] = Store(
            database.engine(), CursorSigner(TEST_SECRET.encode()), clock=lambda: NOW
        )
        return holder["store"]

    gateway = Gateway(database.url, token, store)
    yield gateway
    gateway.close()
    asyncio.run(database.drop())


def _scalars(field: Field) -> st.SearchStrategy[Any]:
    kind = field.type.kind
    if kind is Kind.ENUM and field.type.values:
        return st.sampled_from(field.type.values.values)
    if kind is Kind.INT:
        return st.integers(0, 2000) | st.integers(1_000_000, 1_000_100)
    if kind is Kind.FLOAT:
        return st.floats(-1000, 1000, allow_nan=False)
    if kind is Kind.BOOL:
        return st.booleans()
    if kind is Kind.DATETIME:
        return st.datetimes(datetime(2025, 6, 1), datetime(2026, 12, 1)).map(
            lambda d: d.replace(tzinfo=UTC).isoformat()
        )
    return st.sampled_from(["sms", "email", "campaign", "7000", "7001", "PL", "NO", "a", ""])


def _condition(field: Field) -> st.SearchStrategy[dict[str, Any]]:
    def value(operator: Operator) -> st.SearchStrategy[Any]:
        if operator.takes_list:
            return st.lists(_scalars(field), min_size=1, max_size=3)
        if operator.accepts_null:
            return st.none() | _scalars(field)
        return _scalars(field)

    return st.sampled_from(operators_for(field)).flatmap(
        lambda op: value(op).map(lambda v: {"type": op.name, "field": field.name, "value": v})
    )


def valid_trees(report: Report) -> st.SearchStrategy[Any]:
    """Trees the catalog admits: filterable fields, fitting operators, well-typed values."""
    conditions = st.one_of([_condition(f) for f in report.filterable_fields])
    return st.recursive(
        conditions,
        lambda inner: st.one_of(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["and", "or"]),
                 "operations": st.lists(inner, min_size=1, max_size=3)}
            ),
            st.fixed_dictionaries({"type": st.just("not"), "operations": st.tuples(inner).map(list)}),
        ),
        max_leaves=6,
    )  # fmt: skip


def _trees(report: Report) -> st.SearchStrategy[Any]:
    """Valid trees mostly (their answers are compared), junk sometimes (refused alike)."""
    if not report.filterable_fields:
        return st.none()
    return st.one_of(valid_trees(report), valid_trees(report), valid_trees(report),
                     filter_trees(report))  # fmt: skip


def _graphql(report: Report, aggregation: str | None) -> str:
    root = naming.root_field(report.name)
    tree = ", filterTree: $t" if report.filterable_fields else ""
    variables = "($t: JSON)" if report.filterable_fields else ""
    aggregate = f", aggregateBy: {naming.enum_value(aggregation)}" if aggregation else ""
    labels = " ".join(naming.field_name(k) for k in report.all_label_keys)
    if report.format is Format.RECORDS:
        fields = " ".join(naming.report_field(f.name) for f in report.fields if not f.filter_only)
        body = f"{root}(first: 50{tree}{aggregate}) {{ nodes {{ {fields} }} }}"
    elif report.format is Format.TIMESERIES:
        period = f'from: "{FROM}", to: "{TO}", interval: WEEK'
        body = (
            f"{root}({period}{tree}{aggregate}) {{ interval timeBuckets dataPoints "
            f"series {{ label {{ {labels} }} values }} }}"
        )
    else:
        arguments = f"{tree}{aggregate}".lstrip(", ")
        called = f"({arguments})" if arguments else ""
        body = f"{root}{called} {{ series {{ label {{ {labels} }} value }} }}"
    return f"query{variables} {{ {body} }}"


def _rest(report: Report, aggregation: str | None, tree: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"report": report.name}
    if report.filterable_fields:
        body["filter"] = tree
    if aggregation:
        body["aggregate_by"] = aggregation
    if report.format is Format.RECORDS:
        body["page_size"] = 50
    if report.format is Format.TIMESERIES:
        body |= {"from": FROM, "to": TO, "interval": Interval.WEEK.value}
    return body


def _compare(report: Report, want: dict[str, Any], got: dict[str, Any]) -> None:
    if report.format is Format.RECORDS:
        assert [to_graphql(report, r) for r in got["records"]] == want["nodes"]
        return
    assert len(got["series"]) == len(want["series"])
    for mine, theirs in zip(got["series"], want["series"], strict=True):
        label = to_graphql(report, mine["label"])
        assert label == {key: theirs["label"][key] for key in label}
        assert mine.get("values", mine.get("value")) == theirs.get("values", theirs.get("value"))
    if report.format is Format.TIMESERIES:
        assert got["time_buckets"] == want["timeBuckets"]
        assert Interval(got["interval"]).name == want["interval"]


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r.name)
def test_random_queries_answer_the_same_through_rest_and_graphql(
    both: Gateway, report: Report
) -> None:
    aggregations = [None, *(a.name for a in report.aggregations)]
    query = {aggregation: _graphql(report, aggregation) for aggregation in aggregations}

    @settings(FUZZ, max_examples=12)
    @given(
        tree=_trees(report),
        aggregation=st.sampled_from(aggregations),
        customer=st.sampled_from(CUSTOMERS),
    )
    def run(tree: Any, aggregation: str | None, customer: str) -> None:
        variables = {"t": tree} if report.filterable_fields else None
        by_graphql = both.post(query[aggregation], variables, customer=customer).json()
        by_rest = both.rest("/v1/reporting/query", _rest(report, aggregation, tree), customer)
        assert by_rest.status_code != 500, by_rest.text
        if "errors" in by_graphql:
            code = by_graphql["errors"][0]["extensions"]["code"]
            assert by_rest.status_code == STATUS[code], (code, by_rest.text)
            return
        assert by_rest.status_code == 200, (by_graphql, by_rest.text)
        _compare(report, by_graphql["data"][naming.root_field(report.name)], by_rest.json())

    run()

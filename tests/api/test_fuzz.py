"""Fuzzing over HTTP: whatever the committed schema admits, and whatever it refuses, gets a
clean answer. Operations generated from `schema.graphql` (hypothesis-graphql, valid and
invalid ones) and random filter trees, in both forms, against the app over a seeded store:
never a 500, never `INTERNAL`, always JSON with a code. Bounded in examples, not in time."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes

from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.operators import OPERATORS_BY_NAME
from reporting_gateway.catalog.registry import all_permits
from reporting_gateway.schema import naming
from reporting_gateway.storage.engine import create_engine
from reporting_gateway.storage.migrate import migrate
from reporting_gateway.storage.state.credentials import Credentials
from tests.conftest import NOW, insert_rows
from tests.factories import ROWS
from tests.fuzzing import FUZZ, INSTANTS, JSON_VALUES, Gateway, filter_trees, values_of

SDL = (Path(__file__).parents[2] / "schema.graphql").read_text()
CUSTOMERS = ["id=101", "id=101_103", "all=all", "id=777", "chain=Cats", "id=1_x", ""]
CLEAN = {
    "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST", "BAD_FILTER",
    "INVALID_CURSOR", "TOO_MANY_BUCKETS", "QUERY_TOO_COMPLEX", "FORBIDDEN", "NOT_FOUND",
    "METHOD_NOT_ALLOWED", "CUSTOMER_HEADER_MISSING", "CUSTOMER_HEADER_INVALID",
    "RATE_LIMITED", "UNAUTHENTICATED",
}  # fmt: skip


@pytest.fixture(scope="module")
def http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    """The app over a SQLite store with the fixture rows, and a token for every customer."""
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"

    async def prepare() -> str:
        engine = create_engine(url)
        try:
            await migrate(engine)
            await insert_rows(engine, ROWS)
            token, _ = await Credentials(engine).create(
                name="fuzz", permits=all_permits(), customers=None, organization="f", now=NOW
            )
        finally:
            await engine.dispose()
        return token

    gateway = Gateway(url, asyncio.run(prepare()))
    yield gateway
    gateway.close()


def check(response: httpx.Response) -> None:
    assert response.status_code != 500, response.text
    assert response.headers["content-type"].startswith("application/json"), response.text
    body = response.json()
    for error in body.get("errors", []) if isinstance(body, dict) else []:
        assert error["extensions"]["code"] in CLEAN, error
    if isinstance(body, dict) and "errors" not in body:
        assert "data" in body


def _literal(value: Any) -> graphql.ValueNode:
    if value is None:
        return nodes.Null
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    if isinstance(value, str):
        return nodes.String(value)
    if isinstance(value, list):
        return nodes.List([_literal(v) for v in value])
    return nodes.Object(
        [graphql.ObjectFieldNode(name=graphql.NameNode(value=f"k{i}"), value=_literal(v))
         for i, v in enumerate(value.values())]
    )  # fmt: skip


SCALARS = {"DateTime": INSTANTS.map(nodes.String), "JSON": JSON_VALUES.map(_literal)}


@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE])
def test_generated_operations_get_a_clean_answer(http: Gateway, mode: Mode) -> None:
    @FUZZ
    @given(
        query=from_schema(SDL, custom_scalars=SCALARS, mode=mode),
        customer=st.sampled_from(CUSTOMERS),
    )
    def run(query: str, customer: str) -> None:
        check(http.post(query, customer=customer))

    run()


def _typed(report: Any) -> st.SearchStrategy[Any]:
    operators = [naming.field_name(o) for o in OPERATORS_BY_NAME]

    def condition(field: Any) -> st.SearchStrategy[Any]:
        value = values_of(field).map(lambda v: v.upper() if isinstance(v, str) else v)
        return st.dictionaries(st.sampled_from(operators), value, min_size=1, max_size=2).map(
            lambda ops: {naming.report_field(field.name): ops}
        )

    condition = (
        st.one_of([condition(f) for f in report.filterable_fields])
        if report.filterable_fields
        else st.just({})
    )
    return st.recursive(
        condition,
        lambda inner: st.one_of(
            st.builds(lambda c: {"and": c}, st.lists(inner, max_size=3)),
            st.builds(lambda c: {"or": c}, st.lists(inner, max_size=3)),
            st.builds(lambda c: {"not": c}, inner),
        ),
        max_leaves=12,
    )


def _operation(report: Any) -> tuple[str, str]:
    """A query of the report taking `$t` (JSON tree) and `$f` (typed filter)."""
    root = naming.root_field(report.name)
    typed = naming.filter_input(report.name) if report.filterable_fields else "JSON"
    if report.format.value == "records":
        body = f"{root}(first: 3, filterTree: $t) {{ nodes {{ __typename }} }}"
        typed_body = f"{root}(first: 3, filter: $f) {{ nodes {{ __typename }} }}"
    elif report.format.value == "timeseries":
        window = 'from: "2026-06-01T00:00:00", to: "2026-06-20T00:00:00"'
        body = f"{root}({window}, filterTree: $t) {{ dataPoints }}"
        typed_body = f"{root}({window}, filter: $f) {{ dataPoints }}"
    else:
        body = f"{root}(filterTree: $t) {{ rangeTimezone }}"
        typed_body = f"{root}(filter: $f) {{ rangeTimezone }}"
    return (f"query($t: JSON) {{ {body} }}", f"query($f: {typed}) {{ {typed_body} }}")


REPORTS = sorted(
    (r for r in CATALOG.values() if r.format.value in ("records", "timeseries", "statistics")),
    key=lambda r: r.name,
)


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r.name)
def test_random_filter_trees_in_both_forms_get_a_clean_answer(http: Gateway, report: Any) -> None:
    tree_query, typed_query = _operation(report)

    @settings(FUZZ, max_examples=25)
    @given(tree=filter_trees(report), typed=_typed(report))
    def run(tree: Any, typed: Any) -> None:
        check(http.post(tree_query, {"t": tree}))
        if report.filterable_fields:
            check(http.post(typed_query, {"f": typed}))

    run()


def test_the_strategies_reach_the_schema() -> None:
    """A guard on the guard: the fuzzed schema is the committed one, with its reports."""
    schema = graphql.build_schema(SDL)
    assert schema.query_type is not None
    assert {naming.root_field(r.name) for r in REPORTS} <= set(schema.query_type.fields)
    assert json.dumps(sorted(CLEAN))

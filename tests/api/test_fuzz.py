"""Fuzzing over HTTP: whatever the committed schema admits, and whatever it refuses, gets a
clean answer. Operations generated from `schema.graphql` (hypothesis-graphql, valid and
invalid ones) and random filter trees, in both forms, against the app over a seeded store:
never a 500, never `INTERNAL`, always JSON with a code. Bounded in examples, not in time."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes

from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Kind
from reporting_gateway.catalog.operators import OPERATORS_BY_NAME
from reporting_gateway.catalog.registry import all_permits
from reporting_gateway.schema import naming
from reporting_gateway.server import create_app
from reporting_gateway.storage.engine import create_engine
from reporting_gateway.storage.migrate import migrate
from reporting_gateway.storage.state.credentials import Credentials
from tests.conftest import NOW, insert_rows, make_settings
from tests.factories import ROWS

SDL = (Path(__file__).parents[2] / "schema.graphql").read_text()
CUSTOMERS = ["id=101", "id=101_103", "all=all", "id=777", "chain=Cats", "id=1_x", ""]
CLEAN = {
    "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST", "BAD_FILTER",
    "INVALID_CURSOR", "TOO_MANY_BUCKETS", "QUERY_TOO_COMPLEX", "FORBIDDEN", "NOT_FOUND",
    "METHOD_NOT_ALLOWED", "CUSTOMER_HEADER_MISSING", "CUSTOMER_HEADER_INVALID",
    "RATE_LIMITED", "UNAUTHENTICATED",
}  # fmt: skip
FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


class Gateway:
    """The app over HTTP from synchronous code (Hypothesis's tests are synchronous): an
    httpx client on the ASGI app, driven in an event loop of its own thread."""

    def __init__(self, url: str, token: str) -> None:
        self.token = token
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        app = create_app(
            make_settings(database_url=url, rate_limit_capacity=10**9, exports=False, metrics=False)
        )
        self.app = app
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://gateway"
        )

    def post(self, query: str, variables: Any = None, customer: str = "id=101") -> httpx.Response:
        headers = {"X-Client-Authorization": self.token}
        if customer:
            headers["X-Customer"] = customer
        sent = self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        return asyncio.run_coroutine_threadsafe(sent, self.loop).result(timeout=60)

    def close(self) -> None:
        for closing in (self.client.aclose(), self.app.state.store.close()):
            asyncio.run_coroutine_threadsafe(closing, self.loop).result(timeout=60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


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


# Values of the schema's own scalars, valid and not: hypothesis-graphql knows only the built-ins.
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
INSTANTS = (
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1)).map(
        lambda d: d.isoformat(timespec="seconds")
    )
    | st.datetimes().map(lambda d: d.isoformat() + "Z")
    | st.text(max_size=30)
)


def _values(field: Any) -> st.SearchStrategy[Any]:
    """Values of the field's type (mostly), in the spelling a filter tree takes."""
    kind = field.type.kind
    if kind is Kind.ENUM and field.type.values:
        fitting: st.SearchStrategy[Any] = st.sampled_from(field.type.values.values)
    elif kind is Kind.INT:
        fitting = st.integers(-(2**31), 2**31 - 1) | st.integers(-3, 2000)
    elif kind is Kind.FLOAT:
        fitting = st.floats(allow_nan=False, allow_infinity=False)
    elif kind is Kind.BOOL:
        fitting = st.booleans()
    elif kind is Kind.DATETIME:
        fitting = INSTANTS.map(lambda text: text if text.endswith("Z") else text + "+01:00")
    else:
        fitting = st.text(max_size=12)
    return st.one_of(fitting, st.lists(fitting, max_size=5), st.none(), JSON_VALUES)


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


def _tree(report: Any) -> st.SearchStrategy[Any]:
    def condition(field: Any) -> st.SearchStrategy[Any]:
        return st.fixed_dictionaries(
            {
                "type": st.sampled_from([*OPERATORS_BY_NAME, "nope"]),
                "field": st.just(field.name),
                "value": _values(field),
            }
        )

    conditions = st.one_of([condition(f) for f in report.filterable_fields or report.fields])
    junk = st.fixed_dictionaries(
        {"type": st.text(max_size=8), "field": st.sampled_from(["nope", report.tenant_field])}
    )
    return st.recursive(
        conditions | junk | JSON_VALUES,
        lambda inner: st.fixed_dictionaries(
            {
                "type": st.sampled_from(["and", "or", "not"]),
                "operations": st.lists(inner, max_size=4),
            }
        ),
        max_leaves=15,
    )


def _typed(report: Any) -> st.SearchStrategy[Any]:
    operators = [naming.field_name(o) for o in OPERATORS_BY_NAME]

    def condition(field: Any) -> st.SearchStrategy[Any]:
        value = _values(field).map(lambda v: v.upper() if isinstance(v, str) else v)
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
    @given(tree=_tree(report), typed=_typed(report))
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

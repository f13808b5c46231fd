"""Hypothesis over HTTP: the app driven from synchronous tests, and strategies for values and
filter trees of any report (valid mostly, junk sometimes). Shared by the fuzz tests."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any, TypeVar

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from reporting_gateway.catalog.model import Kind
from reporting_gateway.catalog.operators import OPERATORS_BY_NAME
from reporting_gateway.server import create_app
from reporting_gateway.storage.store import Store
from tests.conftest import make_settings

T = TypeVar("T")


async def _make(store: Callable[[], Store]) -> Store:
    return store()  # built in the loop that will use it


FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


class Gateway:
    """The app over HTTP from synchronous code (Hypothesis's tests are synchronous): an
    httpx client on the ASGI app, driven in an event loop of its own thread."""

    def __init__(self, url: str, token: str, store: Callable[[], Store] | None = None) -> None:
        self.token = token
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        settings = make_settings(
            database_url=url, rate_limit_capacity=10**9, exports=False, metrics=False
        )
        app = create_app(settings, store=self.call(_make(store)) if store else None)
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
        return self.call(sent)

    def rest(self, path: str, body: Any, customer: str = "id=101") -> httpx.Response:
        headers = {"X-Client-Authorization": self.token, "X-Customer": customer}
        return self.call(self.client.post(path, json=body, headers=headers))

    def call(self, work: Coroutine[Any, Any, T]) -> T:
        """Run `work` in the client's loop (the app and its store live there)."""
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout=60)

    def close(self) -> None:
        for closing in (self.client.aclose(), self.app.state.store.close()):
            asyncio.run_coroutine_threadsafe(closing, self.loop).result(timeout=60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


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


def values_of(field: Any) -> st.SearchStrategy[Any]:
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


def filter_trees(report: Any) -> st.SearchStrategy[Any]:
    def condition(field: Any) -> st.SearchStrategy[Any]:
        return st.fixed_dictionaries(
            {
                "type": st.sampled_from([*OPERATORS_BY_NAME, "nope"]),
                "field": st.just(field.name),
                "value": values_of(field),
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

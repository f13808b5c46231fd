"""OpenTelemetry spans: off unless OTEL_* names an exporter; when on, an operation is a server
span inside the caller's W3C trace, with a span per step and per report."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from reporting_gateway.ops import tracing
from reporting_gateway.storage.store import Store
from tests.conftest import serve

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use(provider)
    try:
        yield exporter
    finally:
        tracing.use(None)


async def test_an_operation_is_traced_inside_the_callers_trace(
    store: Store, token: str, spans: InMemorySpanExporter
) -> None:
    async with serve(store, token) as http:
        response = await http.post(
            "/graphql",
            json={"query": "query Dash { sendingsStats { series { value } } }"},
            headers={"X-Customer": "id=101", "traceparent": f"00-{TRACE_ID}-{PARENT_ID}-01"},
        )
    assert response.status_code == 200
    finished = {span.name: span for span in spans.get_finished_spans()}
    assert {"POST /graphql", "authenticate", "plan", "charge", "execute", "serialize"} <= set(
        finished
    )
    server = finished["POST /graphql"]
    assert f"{server.context.trace_id:032x}" == TRACE_ID
    assert server.parent is not None and f"{server.parent.span_id:016x}" == PARENT_ID
    assert server.attributes["graphql.operation.name"] == "Dash"
    assert server.attributes["http.response.status_code"] == 200
    report = finished["report sendings_stats"]
    assert report.attributes["db.system"] == store.dialect
    answered = response.json()["extensions"]["answeredFrom"]["sendingsStats"]
    assert finished["execute"].attributes["answered_from.sendingsStats"] == answered
    for name in ("plan", "execute", "serialize"):
        assert finished[name].context.trace_id == server.context.trace_id
    assert finished["report sendings_stats"].parent.span_id == finished["execute"].context.span_id


async def test_without_a_traceparent_an_operation_starts_its_own_trace(
    store: Store, token: str, spans: InMemorySpanExporter
) -> None:
    async with serve(store, token) as http:
        await http.post("/graphql", json={"query": "{ __typename }"})
    server = next(s for s in spans.get_finished_spans() if s.name == "POST /graphql")
    assert server.parent is None


@pytest.mark.parametrize(
    ("environment", "on"),
    [
        ({}, False),
        ({"OTEL_TRACES_EXPORTER": "none"}, False),
        ({"OTEL_TRACES_EXPORTER": "console", "OTEL_SDK_DISABLED": "true"}, False),
        ({"OTEL_TRACES_EXPORTER": "console"}, True),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, True),
    ],
)
def test_the_otel_variables_turn_tracing_on(environment: dict[str, str], on: bool) -> None:
    try:
        assert tracing.configure_from_env(environment) is on
    finally:
        tracing.shutdown()
        tracing.use(None)


def test_an_unknown_exporter_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown exporter 'zipkin'"):
        tracing.configure_from_env({"OTEL_TRACES_EXPORTER": "zipkin"})

"""Tracing with OpenTelemetry: a span per operation and per step, off unless configured.

The standard `OTEL_*` variables decide: `OTEL_TRACES_EXPORTER` (`otlp`, `console`, `none`;
`otlp` is assumed when only `OTEL_EXPORTER_OTLP_ENDPOINT` or `..._TRACES_ENDPOINT` is set),
the exporter's own `OTEL_EXPORTER_OTLP_*`, `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`,
`OTEL_SDK_DISABLED`. Unconfigured, every span is the API's no-op: a few hundred nanoseconds.

An operation's span continues the caller's trace when the request carries a W3C
`traceparent`, so a frontend's or a proxy's trace shows the gateway's steps inside it:
authenticate, plan (parse, validate, limits, permits, cost), charge, execute with one span
per report (its path, rollup or facts, and its SQL), serialise.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.trace import NoOpTracer, Span, SpanKind, Tracer

_state: dict[str, Any] = {"tracer": NoOpTracer(), "provider": None}
EXPORTERS = ("otlp", "console")


def configure_from_env(environ: Mapping[str, str] = os.environ) -> bool:
    """Set up the exporters the environment names; whether tracing is on. Once per process."""
    if _state["provider"] is not None:
        return True
    if environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return False
    named = [n.strip() for n in environ.get("OTEL_TRACES_EXPORTER", "").split(",") if n.strip()]
    endpoint = environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or environ.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT"
    )
    if not named and endpoint:
        named = ["otlp"]
    named = [n for n in named if n != "none"]
    if not named:
        return False
    unknown = [n for n in named if n not in EXPORTERS]
    if unknown:
        raise ValueError(
            f"OTEL_TRACES_EXPORTER: unknown exporter {unknown[0]!r}; use otlp, console or none"
        )
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

    provider = TracerProvider(resource=Resource.create({"service.name": "reporting-gateway"}))
    for name in named:
        if name == "otlp":
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        else:
            provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    use(provider)
    return True


def use(provider: Any) -> None:
    """Send spans to `provider` (an SDK TracerProvider); None: back to the no-op."""
    _state["provider"] = provider
    _state["tracer"] = provider.get_tracer("reporting_gateway") if provider else NoOpTracer()


def shutdown() -> None:
    """Flush what is buffered (at the end of the process)."""
    if _state["provider"] is not None:
        _state["provider"].shutdown()


def _tracer() -> Tracer:
    tracer: Tracer = _state["tracer"]
    return tracer


class _Off:
    """What every span is while tracing is off: no context attached, no attributes kept (a
    request opens a dozen spans; the API's own no-op still switches contexts for each)."""

    def __enter__(self) -> Span:
        return trace.INVALID_SPAN

    def __exit__(self, *_: object) -> None:
        return None


_OFF = _Off()


def request_span(name: str, headers: Mapping[str, str]) -> contextlib.AbstractContextManager[Span]:
    """The server span of one HTTP request, inside the caller's trace if it sent one."""
    if _state["provider"] is None:
        return _OFF
    parent = propagate.extract(headers)
    return _tracer().start_as_current_span(name, context=parent, kind=SpanKind.SERVER)


def span(name: str, **attributes: Any) -> contextlib.AbstractContextManager[Span]:
    """A step inside the current span."""
    if _state["provider"] is None:
        return _OFF
    return _tracer().start_as_current_span(name, attributes=_clean(attributes))


def annotate(**attributes: Any) -> None:
    """Attributes for the current span (the operation's name once it is known, …)."""
    if _state["provider"] is not None:
        trace.get_current_span().set_attributes(_clean(attributes))


def _clean(attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attributes.items() if isinstance(v, str | bool | int | float)}

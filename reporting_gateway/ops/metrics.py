"""Prometheus metrics: what operators graph and alert on.

Metric objects are process-wide (Prometheus' default registry). With several uvicorn workers
`reporting-gateway serve` sets PROMETHEUS_MULTIPROC_DIR before the workers start, each worker
writes its samples there, and /metrics on any worker adds them up.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
MAX_OPERATION_NAMES = 200  # operation names are the client's: past this many, "other"

REQUESTS = Counter(
    "reporting_gateway_requests",
    "GraphQL operations by operation name and outcome (OK or the first error's code).",
    ["operation", "code"],
)
DURATION = Histogram(
    "reporting_gateway_request_duration_seconds",
    "Time from receiving a GraphQL operation to its response body, by operation name.",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
TOKENS_CHARGED = Counter(
    "reporting_gateway_tokens_charged",
    "Rate-limit tokens charged to buckets, by bucket type (reporting or general).",
    ["bucket_type"],
)
RATE_LIMITED = Counter(
    "reporting_gateway_rate_limited",
    "Operations refused because their bucket was empty, by bucket type.",
    ["bucket_type"],
)
EXPORT_JOBS = Counter(
    "reporting_gateway_export_jobs",
    "Export jobs by event: created, done, failed, rate_limited.",
    ["event"],
)
EXPORT_ROWS = Counter("reporting_gateway_export_rows", "Rows written by export jobs.")

_operation_names: set[str] = set()


def operation_label(name: str | None) -> str:
    """The operation's name as a label, bounded so a client cannot grow the series forever."""
    if not name:
        return "anonymous"
    if name in _operation_names or len(_operation_names) < MAX_OPERATION_NAMES:
        _operation_names.add(name)
        return name
    return "other"


def exposition() -> bytes:
    """The metrics in Prometheus' text format, summed over worker processes when there are
    several."""
    if directory := os.environ.get(MULTIPROCESS_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


async def metrics_endpoint(_: Request) -> Response:
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)

"""What one request did, told once: an operation to the metrics and as one log line, any
other request (health, metrics, assets, a body that is not an operation) as an access line.
uvicorn's own access log is off (`cli/serve.py`): it wrote a second line for every operation.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from reporting_gateway.ops import metrics

log = logging.getLogger("reporting_gateway.operations")
access_log = logging.getLogger("reporting_gateway.access")
_told: ContextVar[list[bool] | None] = ContextVar("request_told", default=None)


@dataclass
class OperationRecord:
    request_id: str
    customer: str | None = None
    token: str | None = None
    operation: str | None = None
    operation_type: str | None = None
    bucket_type: str | None = None
    cost: int = 0  # what the operation is priced at
    charged: int = 0  # what was taken from the bucket (0 when refused before the charge)
    rate_limited: bool = False
    status: int = 0
    code: str = "OK"
    duration_ms: float = 0.0

    def finish(self, status: int, body: dict[str, Any], seconds: float) -> None:
        self.status = status
        self.duration_ms = round(seconds * 1000, 3)
        errors = body.get("errors") or []
        if errors:
            self.code = str((errors[0].get("extensions") or {}).get("code", "INTERNAL"))


def observe(record: OperationRecord) -> None:
    label = metrics.operation_label(record.operation)
    metrics.REQUESTS.labels(label, record.code).inc()
    metrics.DURATION.labels(label).observe(record.duration_ms / 1000)
    if record.charged:
        metrics.TOKENS_CHARGED.labels(record.bucket_type).inc(record.charged)
    if record.rate_limited:
        metrics.RATE_LIMITED.labels(record.bucket_type).inc()
    if log.isEnabledFor(logging.INFO):
        log.info(
            "%s %s %s %.1f ms",
            record.operation_type or "operation",
            record.operation or "(anonymous)",
            record.code,
            record.duration_ms,
            extra=vars(record),  # flat fields: no copy needed, logging copies the keys
        )
    told = _told.get()
    if told is not None:
        told[0] = True


def start_request() -> list[bool]:
    """For the request now starting: whether an operation's line has told it (`observe`)."""
    told = [False]
    _told.set(told)  # each request runs in a task of its own, with its own context
    return told


def access(method: str, path: str, status: int, seconds: float, request_id: str) -> None:
    """The line of a request no operation's line told (the path without its query string,
    which may hold a token)."""
    if access_log.isEnabledFor(logging.INFO):
        duration_ms = round(seconds * 1000, 3)
        access_log.info(
            "%s %s %d %.1f ms", method, path, status, duration_ms,
            extra={"request_id": request_id, "method": method, "path": path,
                   "status": status, "duration_ms": duration_ms},
        )  # fmt: skip

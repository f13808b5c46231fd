"""What one GraphQL operation did, told once: to the metrics and as one log line."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from reporting_gateway.ops import metrics

log = logging.getLogger("reporting_gateway.operations")


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

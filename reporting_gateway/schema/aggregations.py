"""`<Report>Aggregation` enums (SCREAMING_SNAKE values, e.g. TOTAL_SERVICE_TYPE)."""

from __future__ import annotations

from typing import Any

from reporting_gateway.catalog.model import Report
from reporting_gateway.schema import naming
from reporting_gateway.schema.types import Types, make_enum


def build_aggregation_enum(types: Types, report: Report) -> Any | None:
    if not report.aggregations:
        return None
    name = naming.aggregation_enum(report.name)
    members = {naming.enum_value(a.name): a.name for a in report.aggregations}
    meanings = {a.name: a.description for a in report.aggregations}
    return types.shared(
        name,
        f"report {report.name}",
        lambda: make_enum(name, members, f"Aggregations of {report.name}.", meanings),
    )

"""`<Report>Label`: the typed keys of a series label, so codegen knows every key's type."""

from __future__ import annotations

from typing import Any

import strawberry

from reporting_gateway.catalog.model import Report
from reporting_gateway.schema import naming
from reporting_gateway.schema.types import Types, make_class


def build_label_type(types: Types, report: Report) -> Any:
    name = naming.label_type(report.name)

    def build() -> Any:
        rows = []
        for key in report.all_label_keys:
            field = report.field(key)
            description = field.description
            if key == report.tenant_field:
                description += (
                    " Set on cross-customer queries, unless a total_* aggregation sums them."
                )
            elif key not in report.keys:
                description += " Set when the aggregation groups by it."
            rows.append(
                (
                    key,
                    types.python_type(field.type) | None,
                    strawberry.field(name=naming.field_name(key), description=description),
                )
            )
        return make_class(name, rows, description=f"What one series of {report.name} counts.")

    return types.shared(name, f"report {report.name}", build)

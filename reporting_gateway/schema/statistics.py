"""`<Report>Statistics`: labelled totals over a period, without time buckets."""

from __future__ import annotations

from typing import Any

import strawberry

from reporting_gateway.catalog.model import Report
from reporting_gateway.schema import naming
from reporting_gateway.schema.labels import build_label_type
from reporting_gateway.schema.timeseries import value_type
from reporting_gateway.schema.types import Types, make_class


def build_statistics_type(types: Types, report: Report) -> Any:
    series = make_class(
        types.names.register(naming.series_type(report.name), f"report {report.name}"),
        [
            (
                "label",
                build_label_type(types, report),
                strawberry.field(description="What the value counts."),
            ),
            (
                "value",
                value_type(report),
                strawberry.field(description="The total over the period."),
            ),
        ],
        description=f"One labelled total of {report.name}.",
    )
    return make_class(
        types.names.register(naming.statistics_type(report.name), f"report {report.name}"),
        [
            ("series", list[series], strawberry.field(description="The totals, largest first.")),  # type: ignore[valid-type]
            (
                "range_timezone",
                str,
                strawberry.field(
                    name="rangeTimezone", description="Timezone from/to were read in, or `local`."
                ),
            ),
        ],
        description=f"{report.name} as statistics: totals over a period.",
    )

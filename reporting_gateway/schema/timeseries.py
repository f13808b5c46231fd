"""`<Report>Timeseries`: the documented timeseries shape (spec §4), typed per report."""

from __future__ import annotations

from typing import Any

import strawberry

from reporting_gateway.catalog.model import Interval, Kind, Report
from reporting_gateway.schema import naming
from reporting_gateway.schema.labels import build_label_type
from reporting_gateway.schema.types import Types, make_class, make_enum

AUTO_VALUE = "auto"


def interval_meaning(interval: Interval) -> str:
    """What an interval's value says in the schema: its width and how long it is kept."""
    kept = interval.retention
    widths = {"5m": "5 minutes", "1h": "An hour", "1d": "A day", "1w": "A week, from Monday",
              "1mo": "A calendar month"}  # fmt: skip
    return f"{widths[interval.value]}; " + (f"kept {kept.days} days." if kept else "kept forever.")


AUTO_MEANING = "Chosen from the range: 5 minutes up to 12 hours, an hour up to 3 days, else a day."


def interval_meanings(with_auto: bool) -> dict[str, str]:
    meanings = {i.value: interval_meaning(i) for i in Interval}
    return {AUTO_VALUE: AUTO_MEANING, **meanings} if with_auto else meanings


def build_interval_enum(types: Types) -> Any:
    def build() -> Any:
        members = {naming.interval_value(i): i.value for i in Interval}
        return make_enum("Interval", members, "Width of a time bucket.", interval_meanings(False))

    return types.shared("Interval", "the timeseries intervals", build)


def build_interval_input(types: Types, report: Report) -> Any:
    name = naming.interval_enum(report.name)
    members = {
        naming.AUTO: AUTO_VALUE,
        **{naming.interval_value(i): i.value for i in report.intervals},
    }
    description = (
        f"Intervals {report.name} offers. AUTO: 5 minutes up to 12 hours, 1 hour up to 3 days, "
        "else 1 day (or the next wider one the report offers)."
    )
    return types.shared(
        name,
        f"report {report.name}",
        lambda: make_enum(name, members, description, interval_meanings(True)),
    )


def value_type(report: Report) -> Any:
    return float if report.value_kind is Kind.FLOAT else int


def build_timeseries_type(types: Types, report: Report) -> Any:
    series = make_class(
        types.names.register(naming.series_type(report.name), f"report {report.name}"),
        [
            (
                "label",
                build_label_type(types, report),
                strawberry.field(description="What the series counts."),
            ),
            (
                "values",
                list[value_type(report) | None],  # type: ignore[misc]
                strawberry.field(
                    description="One value per entry of timeBuckets; null where there is none."
                ),
            ),
            (
                "timezone",
                str | None,
                strawberry.field(
                    description="IANA timezone the series was bucketed in; null for a sum over "
                    "customers in different timezones."
                ),
            ),
        ],
        description=f"One series of {report.name}.",
    )
    rows = [
        ("interval", build_interval_enum(types), "The interval used (AUTO resolved)."),
        (
            "range_timezone",
            str,
            "Timezone from/to were read in, or `local` when the customers' timezones differ.",
        ),
        (
            "range_from",
            str,
            "Start of the first bucket: the start of the range counted (`from`, or the start "
            "of the bucket holding it). Written like timeBuckets.",
        ),
        (
            "range_to",
            str,
            "End of the last bucket, exclusive: the end of the range counted (`to`, or the end "
            "of the bucket holding the instant before it). Written like timeBuckets.",
        ),
        (
            "time_buckets",
            list[str],
            "Bucket starts (ISO 8601): with offset in one timezone, local wall-clock otherwise.",
        ),
        ("series", list[series], "The series, largest total first."),  # type: ignore[valid-type]
        ("data_points", int, "Number of non-null values returned."),
        ("truncated", bool, "Series were left out to stay within 1000 data points."),
    ]
    return make_class(
        types.names.register(naming.timeseries_type(report.name), f"report {report.name}"),
        [
            (name, annotation, strawberry.field(name=naming.field_name(name), description=doc))
            for name, annotation, doc in rows
        ],
        description=f"{report.name} as a timeseries: values per time bucket, one series per label.",
    )

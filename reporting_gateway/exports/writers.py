"""Rows → CSV or JSON Lines bytes, a page at a time (an export never holds more than one page)."""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import orjson

from reporting_gateway.catalog.model import Format
from reporting_gateway.query import ReportQuery, TimeseriesQuery
from reporting_gateway.resolvers.series import Statistics, Timeseries

_AS_IS = frozenset({int, float, str, type(None)})  # the csv module writes these itself (None: "")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


def columns(query: ReportQuery) -> list[str]:
    """The columns of an export: record fields, or a series label's keys and its values."""
    report = query.report
    if report.format is Format.RECORDS:
        return [f.name for f in report.fields if not f.filter_only]
    keys = list(report.label_keys(query.aggregation, query.scope.cross_customer))
    if isinstance(query, TimeseriesQuery):
        return [*keys, "time_bucket", "value", "timezone"]
    return [*keys, "value"]


def series_rows(result: Timeseries | Statistics, keys: list[str]) -> Iterator[dict[str, Any]]:
    """A timeseries as one row per data point (label, bucket, value); statistics, one a series."""
    if isinstance(result, Statistics):
        for total in result.series:
            yield {**{k: total.label[k] for k in keys}, "value": total.value}
        return
    for series in result.series:
        label = {k: series.label[k] for k in keys}
        for bucket, value in zip(result.time_buckets, series.values, strict=True):
            if value is not None:
                yield {**label, "time_bucket": bucket, "value": value, "timezone": series.timezone}


class Writer:
    def __init__(self, names: list[str], format: str) -> None:
        self.names = names
        self.format = format

    def header(self) -> bytes:
        return self._csv([self.names]) if self.format == "csv" else b""

    def rows(self, rows: Iterable[Any], get: Any = getattr) -> bytes:
        """`rows` are row objects (read with `get(row, name)`) or dicts (pass `dict.get`)."""
        if self.format == "csv":
            if get is getattr:
                read = operator.attrgetter(*self.names)
                values: Iterable[Any] = (
                    map(read, rows) if len(self.names) > 1 else ((read(row),) for row in rows)
                )
            else:
                values = ([get(row, name) for name in self.names] for row in rows)
            return self._csv([v if type(v) in _AS_IS else _text(v) for v in row] for row in values)
        return b"".join(
            orjson.dumps(
                {name: get(row, name) for name in self.names}, option=orjson.OPT_APPEND_NEWLINE
            )
            for row in rows
        )

    @staticmethod
    def _csv(rows: Iterable[list[Any]]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue().encode()


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return orjson.dumps(value).decode()
    return value

"""Rows → CSV or JSON Lines bytes, a page at a time (an export never holds more than one page).

A records page is converted column by column: only the columns whose kind needs text (a
datetime, a boolean, JSON) are touched, each with one comprehension, and the csv module and
orjson do the rest in C. That keeps an export near the database's own dump speed.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import orjson

from reporting_gateway.catalog.model import Format, Kind, Report
from reporting_gateway.query import ReportQuery, TimeseriesQuery
from reporting_gateway.resolvers.series import Statistics, Timeseries

_AS_IS = frozenset({int, float, str, type(None)})  # the csv module writes these itself (None: "")
# Values of these kinds are written as they come (ints, floats, strings, None); others get text.
_PLAIN_KINDS = frozenset({Kind.INT, Kind.FLOAT, Kind.STRING, Kind.ENUM})
_TEXT = frozenset({str, type(None)})
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


def text_columns(report: Report) -> dict[int, Kind] | None:
    """The record columns a CSV converts to text, with their kinds (None: not known, check
    every value)."""
    if report.format is not Format.RECORDS:
        return None
    fields = [f for f in report.fields if not f.filter_only]
    return {
        i: f.type.kind
        for i, f in enumerate(fields)
        if f.type.kind not in _PLAIN_KINDS or f.type.is_array
    }


class Writer:
    def __init__(
        self, names: list[str], format: str, text_columns: dict[int, Kind] | None = None
    ) -> None:
        self.names = names
        self.format = format
        self.text_columns = text_columns

    @classmethod
    def for_query(cls, query: ReportQuery, format: str) -> Writer:
        return cls(columns(query), format, text_columns(query.report))

    def header(self) -> bytes:
        return self._csv([self.names]) if self.format == "csv" else b""

    def rows(self, rows: Iterable[Any], get: Any = getattr) -> bytes:
        """`rows` are row objects (read with `get(row, name)`) or dicts (pass `dict.get`)."""
        if get is getattr:
            rows = rows if isinstance(rows, list) else list(rows)
            read = self._reader(rows[0] if rows else None)
            values: list[tuple[Any, ...]] = (
                list(map(read, rows)) if len(self.names) > 1 else [(read(r),) for r in rows]
            )
        else:
            values = [tuple([get(row, name) for name in self.names]) for row in rows]
        if self.format == "csv":
            return self._csv(self._as_text(values))
        names, option = self.names, orjson.OPT_APPEND_NEWLINE
        return b"".join(
            [orjson.dumps(dict(zip(names, v, strict=True)), option=option) for v in values]
        )

    def _reader(self, row: Any) -> Any:
        """The page's columns by position where the rows name theirs (`_fields`: a named
        tuple, a SQLAlchemy Row), else by attribute."""
        fields = getattr(row, "_fields", None)
        if fields is not None and set(self.names) <= set(fields):
            return operator.itemgetter(*(fields.index(name) for name in self.names))
        return operator.attrgetter(*self.names)

    def _as_text(self, values: list[tuple[Any, ...]]) -> Iterable[Iterable[Any]]:
        """The rows with every value the csv module would not write as we want made text."""
        if self.text_columns is None:
            return ([v if type(v) in _AS_IS else _text(v) for v in row] for row in values)
        # A column already text (timestamps the database formatted for an export) stays.
        convert = {
            i: kind
            for i, kind in self.text_columns.items()
            if not set(map(type, map(operator.itemgetter(i), values))) <= _TEXT
        }
        if not convert:
            return values
        columns: list[Any] = list(zip(*values, strict=True))
        for i, kind in convert.items():
            columns[i] = _instants(columns[i]) if kind is Kind.DATETIME else _texts(columns[i])
        return zip(*columns, strict=True)

    @staticmethod
    def _csv(rows: Iterable[Iterable[Any]]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue().encode()


def _texts(values: Iterable[Any]) -> list[Any]:
    return [v if type(v) in _AS_IS else _text(v) for v in values]


def _instants(values: tuple[Any, ...]) -> list[Any]:
    """A datetime column as isoformat() would write it, six times faster: orjson's RFC 3339
    text of a datetime is isoformat()'s, character for character (offsets, microseconds
    dropped when zero, naive without offset); None stays None, which the csv module writes
    empty, as before."""
    if not all(type(v) is datetime or v is None for v in values):
        return _texts(values)
    return orjson.loads(orjson.dumps(values))  # type: ignore[no-any-return]


def _text(value: Any) -> Any:
    if type(value) is datetime:
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return orjson.dumps(value).decode()
    return value

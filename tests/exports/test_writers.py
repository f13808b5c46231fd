"""The writers' fast paths write what the value-by-value conversion writes, byte for byte."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Format, Kind
from reporting_gateway.exports.writers import Writer, _instants, _text, text_columns

INSTANTS = [
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # microseconds 0: none written
    datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 10, 25, 2, 30, 0, 5, tzinfo=timezone(timedelta(hours=2))),
    datetime(2026, 10, 25, 2, 30),  # naive: no offset
    datetime(1, 1, 1, tzinfo=UTC),
    None,
]


def test_a_datetime_column_is_written_as_isoformat_writes_it() -> None:
    assert _instants(tuple(INSTANTS)) == [_text(v) or None for v in INSTANTS]


def test_a_datetime_column_holding_something_else_takes_the_value_by_value_path() -> None:
    values = (datetime(2026, 1, 1, tzinfo=UTC), "2026-01-01", True, [1, 2])
    assert _instants(values) == [_text(v) for v in values]


def row_of(names: list[str], values: dict[str, Any]) -> Any:
    class Row:
        pass

    row = Row()
    for name in names:
        setattr(row, name, values.get(name))
    return row


@pytest.mark.parametrize(
    "report", [r for r in CATALOG.values() if r.format is Format.RECORDS], ids=lambda r: r.name
)
def test_every_records_report_writes_the_same_csv_by_column_as_value_by_value(
    report: Any,
) -> None:
    fields = [f for f in report.fields if not f.filter_only]
    names = [f.name for f in fields]
    samples = {
        Kind.INT: [7, None],
        Kind.FLOAT: [2.5, None],
        Kind.STRING: ["a,b", None],
        Kind.ENUM: ["EMAIL", None],
        Kind.BOOL: [True, None],
        Kind.DATETIME: [INSTANTS[1], None],
        Kind.JSON: [{"k": [1, "x"]}, None],
    }
    rows = [
        row_of(
            names,
            {f.name: ([1, 2] if f.type.is_array else samples[f.type.kind][i]) for f in fields},
        )
        for i in range(2)
    ]
    by_column = Writer(names, "csv", text_columns(report))
    by_value = Writer(names, "csv")  # no column kinds: every value checked
    assert by_column.rows(rows) == by_value.rows(rows)
    assert Writer(names, "jsonl").rows(rows).count(b"\n") == 2

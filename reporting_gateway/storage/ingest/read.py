"""CSV and JSON Lines files → rows of one table (tuples in column order), with line numbers.

Every cell is converted and checked here (`convert.py`); anything the file gets wrong —
bad UTF-8, a cell over the CSV size limit, a wrong value — is a `LoadError` naming its line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson
import sqlalchemy as sa

from reporting_gateway.storage.ingest.convert import Convert, converter, shown

Row = tuple[Any, ...]
CSV_CELL_LIMIT = 1 << 20  # characters; a longer cell is refused with its line


class LoadError(ValueError):
    """A row that breaks the data contract; `line` is its line number in the file (None when
    the file as a whole is refused)."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message if line is None else f"line {line}: {message}")
        self.line = line


class _Columns:
    """How the cells of one row become the table's columns, checked."""

    def __init__(self, table: sa.Table) -> None:
        self.table = table
        self.plan: list[tuple[str, bool, Convert]] = [
            (c.name, bool(c.nullable), converter(c)) for c in table.columns
        ]
        self.names = frozenset(name for name, _, _ in self.plan)
        self.converters = [convert for _, _, convert in self.plan]
        self.required = [i for i, (_, nullable, _) in enumerate(self.plan) if not nullable]

    def unknown(self, names: set[str], line: int) -> None:
        extra = names - self.names
        if extra:
            listed = ", ".join(shown(n, 40) for n in sorted(extra)[:5])
            raise LoadError(line, f"unknown column(s) {listed} for table {self.table.name}")

    def text_row(self, cells: list[str | None], line: int) -> Row:
        """CSV cells in column order (None or "" where the file gives none): one pass with
        the converters, falling back to `row` for the message when something is wrong."""
        try:
            out = tuple([c(v) if v else None for c, v in zip(self.converters, cells, strict=True)])
        except (ValueError, TypeError):
            return self.row(cells, line)
        if None in out and any(v is None for v in (out[i] for i in self.required)):
            return self.row(cells, line)
        return out

    def row(self, values: list[Any], line: int) -> Row:
        """`values` in column order (None or "" where the file gives none)."""
        out: list[Any] = []
        for (name, nullable, convert), value in zip(self.plan, values, strict=True):
            if value is None or value == "":
                if not nullable:
                    raise LoadError(line, f"column {name!r} needs a value")
                out.append(None)
                continue
            try:
                out.append(convert(value))
            except (ValueError, TypeError) as error:
                raise LoadError(line, f"column {name!r}: {error}") from None
        return tuple(out)


def read_rows(path: Path, table: sa.Table) -> Iterator[tuple[int, Row]]:
    suffix = path.suffix.lower()
    columns = _Columns(table)
    with path.open("rb") as handle:
        if suffix == ".csv":
            yield from _csv(handle, columns)
        elif suffix in (".jsonl", ".ndjson", ".json"):
            yield from _json_lines(handle, columns)
        else:
            raise ValueError(f"{path}: give a .csv or .jsonl (JSON Lines) file")


def _text(handle: IO[bytes]) -> Iterator[str]:
    for number, raw in enumerate(handle, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise LoadError(number, f"is not valid UTF-8 (byte {error.start + 1})") from None
        yield text.removeprefix("\ufeff") if number == 1 else text


def _csv(handle: IO[bytes], columns: _Columns) -> Iterator[tuple[int, Row]]:
    csv.field_size_limit(CSV_CELL_LIMIT)
    reader = csv.reader(_text(handle))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise LoadError(1, f"is not a CSV header ({error})") from None
    if header is None:
        return
    columns.unknown(set(header), 1)
    position = {name: index for index, name in enumerate(header)}
    places = [position.get(name) for name, _, _ in columns.plan]
    width = len(header)
    while True:
        starts = reader.line_num + 1  # the record's first line (a quoted cell may span more)
        try:
            cells = next(reader, None)
        except csv.Error as error:
            message = str(error)
            if "field larger than field limit" in message:
                message = f"has a cell longer than {CSV_CELL_LIMIT:,} characters"
            raise LoadError(starts, message) from None
        if cells is None:
            return
        line = reader.line_num
        if not cells:
            continue
        if len(cells) > width:
            raise LoadError(line, "has more cells than the header")
        values = [cells[i] if i is not None and i < len(cells) else None for i in places]
        yield line, columns.text_row(values, line)


def _json_lines(handle: IO[bytes], columns: _Columns) -> Iterator[tuple[int, Row]]:
    names = [name for name, _, _ in columns.plan]
    for number, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise LoadError(number, f"is not valid JSON ({shown(str(error), 120)})") from None
        if not isinstance(value, dict):
            raise LoadError(number, "must be a JSON object")
        if not value.keys() <= columns.names:
            columns.unknown(set(value), number)
        yield number, columns.row([value.get(name) for name in names], number)

"""A records page read straight from the driver, its statement compiled once.

SQLAlchemy's execution path costs more CPU than the database spends on a small page: about
0.15 ms a statement on asyncpg (execution context, result metadata, row objects), and on
aiosqlite four round trips to the connection's thread (cursor, execute, fetchall, close)
where one does. A statement a records plan keeps (`statements/records.py`) is compiled here
once per store: its SQL text, its parameters in order with their bind processors, and each
column's result processor, exactly those SQLAlchemy would apply. A request then binds its
values and gets named tuples.

Only where that is the same as SQLAlchemy's own execution: a statement whose SQL text is
fixed (an IN list is rewritten per request: those go through SQLAlchemy), on a connection
that is not a shared snapshot (whose reads SQLAlchemy serialises), on an engine nobody
watches statements on (a tracer's cursor events see every statement). A driver error on a
connection that was lost goes back to SQLAlchemy, which invalidates the pool as it always
does and raises the error `engine.repeat_if_connection_lost` repeats the read for.
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Select

Processor = Callable[[Any], Any] | None
KEPT = 2048  # statements; the oldest leaves first
REQUEST = object()  # a parameter each request gives; the statement's own values are constants


@dataclass(frozen=True)
class Compiled:
    sql: str
    parameters: tuple[tuple[str, Processor, Any], ...]  # name, bind processor, own value
    convert: Callable[[Sequence[Any]], list[Any]]  # driver rows → named tuples
    names: tuple[str, ...]

    def arguments(self, params: dict[str, Any]) -> list[Any]:
        found = []
        for name, process, own in self.parameters:
            value = params.get(name, own)
            if value is REQUEST:  # never another request's value (a customer id, say)
                raise KeyError(f"no value for the statement's parameter {name!r}")
            found.append(value if process is None else process(value))
        return found


class DirectReads:
    """The compiled statements of one store (one engine)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect
        self._kept: dict[int, tuple[Select[Any], Compiled | None]] = {}

    async def rows(
        self, connection: AsyncConnection, statement: Select[Any], params: dict[str, Any]
    ) -> tuple[tuple[str, ...], list[Any]] | None:
        """The statement's rows as named tuples, or None where SQLAlchemy must run it."""
        events = self.engine.dispatch
        if events.before_cursor_execute or events.after_cursor_execute:
            return None  # someone watches every statement (a tracer, a test): let them see it
        pooled = await connection.get_raw_connection()
        driver = pooled.driver_connection
        try:
            compiled = await self._compiled(statement, params, driver)
            if compiled is None:
                return None
            arguments = compiled.arguments(params)
            if self.dialect.name == "postgresql":
                found = await driver.fetch(compiled.sql, *arguments)  # type: ignore[union-attr]
            else:
                found = await driver.execute_fetchall(compiled.sql, arguments)  # type: ignore[union-attr]
        except Exception:
            if not _lost(driver):
                raise
            result = await connection.execute(statement, params)  # raises, having invalidated
            names = tuple(result.keys())
            row = row_type(names)
            return names, [tuple.__new__(row, values) for values in result]
        return compiled.names, compiled.convert(found)

    async def _compiled(
        self, statement: Select[Any], params: dict[str, Any], driver: Any
    ) -> Compiled | None:
        kept = self._kept.get(id(statement))
        if kept is None or kept[0] is not statement:
            kept = statement, await self._compile(statement, params, driver)
            if len(self._kept) >= KEPT:
                del self._kept[next(iter(self._kept))]
            self._kept[id(statement)] = kept
        return kept[1]

    async def _compile(
        self, statement: Select[Any], params: dict[str, Any], driver: Any
    ) -> Compiled | None:
        dialect = self.dialect
        compiled = statement.compile(dialect=dialect)
        if compiled.post_compile_params or compiled.literal_execute_params:
            return None  # the SQL text depends on the values (an IN list)
        state = compiled.construct_expanded_state(params)
        assert state.positiontup is not None, "both drivers take positional parameters"
        parameters = tuple(
            (
                name,
                state.processors.get(name),
                REQUEST if name in params else state.parameters[name],
            )
            for name in state.positiontup
        )
        sql = state.statement
        codes: list[Any] = [None] * len(statement.selected_columns)
        if dialect.name == "postgresql":  # numeric result processors depend on the column's type
            codes = [
                attribute.type.oid for attribute in (await driver.prepare(sql)).get_attributes()
            ]
        processors = [
            column.type.dialect_impl(dialect).result_processor(dialect, code)
            for column, code in zip(statement.selected_columns, codes, strict=True)
        ]
        names = tuple(str(name) for name in statement.selected_columns.keys())  # noqa: SIM118
        return Compiled(sql, parameters, _converter(row_type(names), processors), names)


def _converter(row: type, processors: Sequence[Processor]) -> Callable[[Sequence[Any]], list[Any]]:
    """Driver rows → named tuples, each cell through its result processor, if it has one: a
    list comprehension written for the statement's columns (no loop over cells per row)."""
    if all(process is None for process in processors):
        return lambda found: [tuple.__new__(row, values) for values in found]
    namespace: dict[str, Any] = {"new": tuple.__new__, "row": row}
    cells = []
    for i, process in enumerate(processors):
        if process is None:
            cells.append(f"r[{i}]")
        else:
            namespace[f"p{i}"] = process
            cells.append(f"p{i}(r[{i}])")
    source = f"def convert(found):\n    return [new(row, ({', '.join(cells)},)) for r in found]\n"
    exec(compile(source, "<direct rows>", "exec"), namespace)  # noqa: S102 - only indexes
    convert: Callable[[Sequence[Any]], list[Any]] = namespace["convert"]
    return convert


def _lost(driver: Any) -> bool:
    is_closed = getattr(driver, "is_closed", None)  # asyncpg; a SQLite file is never lost
    return bool(is_closed()) if is_closed is not None else False


@functools.lru_cache(maxsize=1024)
def row_type(names: tuple[str, ...]) -> type:
    """A named tuple for one set of page columns: attribute reads at tuple speed (a SQLAlchemy
    Row resolves every attribute by name, several times slower, for every cell of a page)."""
    return collections.namedtuple("Row", names)

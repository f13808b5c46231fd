"""An instant as the text `datetime.isoformat()` gives its aware UTC datetime, computed by the
database: `2026-03-29T01:00:00+00:00`, or `…T00:59:59.999999+00:00` (microseconds only when
not zero), NULL for NULL.

Exports write every timestamp as that text. Made in SQL, the database's process (or SQLite's
thread) does the work beside this one, and the driver hands over a string instead of a
datetime that Python would convert, parse and format again, for each row of a million.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class IsoInstant(FunctionElement[str]):
    type = sa.String()
    name = "iso_instant"
    inherit_cache = True


def iso_instant(column: Any) -> IsoInstant:
    return IsoInstant(column)


def _argument(element: IsoInstant, compiler: SQLCompiler, **kw: Any) -> str:
    (argument,) = element.clauses
    return str(compiler.process(argument, **kw))


@compiles(IsoInstant, "sqlite")
def _sqlite(element: IsoInstant, compiler: SQLCompiler, **kw: Any) -> str:
    # Stored as `YYYY-MM-DD HH:MM:SS.ffffff` (storage/types.py), in UTC.
    x = _argument(element, compiler, **kw)
    return (
        f"(CASE WHEN substr({x}, 20) = '.000000' THEN replace(substr({x}, 1, 19), ' ', 'T') "
        f"ELSE replace({x}, ' ', 'T') END || '+00:00')"
    )


@compiles(IsoInstant, "postgresql")
def _postgresql(element: IsoInstant, compiler: SQLCompiler, **kw: Any) -> str:
    utc = f"({_argument(element, compiler, **kw)} AT TIME ZONE 'UTC')"
    return (
        f"(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
        f"CASE WHEN to_char({utc}, 'US') = '000000' THEN '' ELSE '.' || to_char({utc}, 'US') END"
        " || '+00:00')"
    )

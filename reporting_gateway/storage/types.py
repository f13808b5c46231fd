"""Column types that behave the same on SQLite and PostgreSQL.

Timestamps are UTC instants everywhere: `timestamptz` on PostgreSQL, naive UTC text on
SQLite (SQLAlchemy's fixed-width format, so text order is time order). Integer arrays are
`integer[]` on PostgreSQL and JSON arrays on SQLite.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect


class UtcDateTime(sa.TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive input is taken as UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return self.aware_utc(value)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        """Every value read passes here: SQLite's stored text parses straight to an aware UTC
        datetime, in a tenth of the time of parsing it naive and replacing its tzinfo; a
        driver's own datetimes take one function call instead of SQLAlchemy's two."""
        if dialect.name == "sqlite":
            slow = super().result_processor(dialect, coltype)

            def sqlite_utc(value: str | None) -> datetime | None:
                if value is None:
                    return None
                try:
                    parsed = datetime.fromisoformat(value + "+00:00")
                except (TypeError, ValueError):
                    parsed = None
                if parsed is None or parsed.tzinfo is None:  # not SQLAlchemy's own text
                    return slow(value) if slow is not None else None  # its parser decides
                return parsed

            return sqlite_utc
        if self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype) is None:
            return self.aware_utc  # the driver's own datetimes (asyncpg): one call, not two
        return super().result_processor(dialect, coltype)

    @staticmethod
    def aware_utc(value: datetime | None) -> datetime | None:
        if value is None or value.tzinfo is UTC:  # asyncpg's timestamptz: UTC already
            return value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Amount(sa.TypeDecorator[float]):
    """Money with two decimals, read as a float on both databases. SQLite's NUMERIC affinity
    keeps 154.00 as the integer 154, PostgreSQL's numeric comes as a Decimal: without this an
    export wrote `154` from one and `154.0` from the other. The database casts it (to REAL on
    SQLite, double precision on PostgreSQL), so the drivers hand over floats themselves."""

    impl = sa.Numeric(14, 2, asdecimal=False)
    cache_ok = True

    def column_expression(self, column: Any) -> Any:
        return sa.cast(column, sa.Float())


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def sqlite_datetime_text(value: datetime) -> str:
    """How an instant is stored in a SQLite DATETIME column (for values built outside Core):
    SQLAlchemy's fixed-width `YYYY-MM-DD HH:MM:SS.ffffff`."""
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]  # without the "+00:00" of an aware UTC


def IntArray() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.ARRAY(sa.Integer), "postgresql")


def Json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

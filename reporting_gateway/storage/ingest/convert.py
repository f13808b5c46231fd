"""One converter per column of the data contract: text or JSON value → the stored value.

Each refuses what its column cannot hold, with a message that shows the value (cut short:
a 100 MB cell makes a one-line error). An empty text is no value, in CSV and JSON alike.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson
import sqlalchemy as sa

from reporting_gateway.storage.types import Amount, UtcDateTime, as_utc
from reporting_gateway.timebuckets import YEARS, zone

INT_RANGE = (-(2**31), 2**31 - 1)
Convert = Callable[[Any], Any]
ARRAY_COLUMNS = frozenset(("subunit_ids", "group_ids", "favorite_stores"))


def shown(value: Any, limit: int = 60) -> str:
    """A value for an error message: its repr, cut to `limit` characters."""
    text = repr(value)
    return (
        text
        if len(text) <= limit
        else f"{text[: limit - 5]}…{text[-4:]} ({len(text):,} characters)"
    )


def converter(column: sa.Column[Any]) -> Convert:
    type_ = column.type
    values = column.info.get("values")
    if isinstance(type_, UtcDateTime):
        return _datetime
    if isinstance(type_, Amount):
        type_ = type_.impl_instance
    if column.name == "timezone":
        return _timezone
    if isinstance(type_, sa.Boolean):
        return _boolean
    if isinstance(type_, sa.Integer):
        return _integer
    if isinstance(type_, sa.Numeric):
        return _decimal(type_.scale)
    if isinstance(type_, sa.Float):
        return _number
    if isinstance(type_, sa.String):
        return _string(type_.length, values.values if values else None)
    if isinstance(type_, sa.JSON):
        return _int_array if column.name in ARRAY_COLUMNS else _json_object
    raise TypeError(f"no loader for column {column}")  # pragma: no cover - tested over all tables


def _datetime(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None:
            if parsed.year not in YEARS:  # the years every report can bucket, as the API reads
                raise ValueError(
                    f"{shown(value)} is outside the years {YEARS.start} to {YEARS.stop - 1}"
                )
            return as_utc(parsed)
    raise ValueError(f"{shown(value)} is not an ISO 8601 timestamp (e.g. 2026-01-31T12:00:00Z)")


def _timezone(value: Any) -> str:
    zone(str(value))
    return str(value)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "t"):
        return True
    if text in ("false", "0", "no", "f"):
        return False
    raise ValueError(f"{shown(value)} is not a boolean (true/false)")


def _integer(value: Any) -> int:
    if type(value) is str:  # the common case (CSV): int() refuses what is not an integer
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"{shown(value)} is not an integer") from None
        if INT_RANGE[0] <= number <= INT_RANGE[1]:
            return number
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(f"{shown(value)} is not an integer")
    try:
        number = int(value)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"{shown(value)} is not an integer") from None
    if not INT_RANGE[0] <= number <= INT_RANGE[1]:
        raise ValueError(f"{shown(number)} is outside the 32-bit range GraphQL's Int can carry")
    return number


def _finite(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{shown(value)} is not a number")
    try:
        number = float(value)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"{shown(value)} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{shown(value)} is not a finite number")
    return number


def _number(value: Any) -> float:
    return _finite(value)


def _decimal(scale: int | None) -> Convert:
    """A decimal with at most `scale` digits after the point (kept exactly, in cents)."""

    def convert(value: Any) -> float:
        number = _finite(value)
        if scale is None:
            return number
        text = value if isinstance(value, str) else repr(value)
        _, dot, fraction = text.strip().partition(".")
        if not dot and "e" not in text.lower():
            return number
        if dot and fraction.isdigit() and len(fraction) <= scale:
            return number
        try:
            exponent = Decimal(text).as_tuple().exponent
        except InvalidOperation:  # pragma: no cover - float() accepted it
            exponent = 0
        if isinstance(exponent, int) and -exponent <= scale:
            return number
        raise ValueError(f"{shown(value)} has more than {scale} digits after the point")

    return convert


def _string(length: int | None, values: tuple[str, ...] | None) -> Convert:
    allowed = frozenset(values) if values is not None else None
    choices = ", ".join(values or ())

    def convert(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{shown(value)} is not text")
        if allowed is not None and value not in allowed:
            raise ValueError(f"{shown(value)} is not one of {choices}")
        if length is not None and len(value) > length:
            raise ValueError(f"is longer than {length} characters ({len(value):,})")
        if "\x00" in value:
            raise ValueError("holds a NUL character, which text columns cannot store")
        return value

    return convert


def _parse_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            raise ValueError(f"{shown(value)} is not valid JSON") from None
    return value


def _int_array(value: Any) -> list[int]:
    value = _parse_json(value)
    if not isinstance(value, list):
        raise ValueError("must be a JSON array of integers, e.g. [1, 2]")
    return [_integer(item) for item in value]


def _json_object(value: Any) -> dict[str, Any]:
    value = _parse_json(value)
    if not isinstance(value, dict):
        raise ValueError('must be a JSON object, e.g. {"key": "value"}')
    return value

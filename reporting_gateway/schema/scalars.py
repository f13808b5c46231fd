"""The DateTime scalar, with the range of years the gateway answers for.

Python's datetime ends at year 9999 and begins at year 1, so a range or a bucket edge near
either end overflows while it is shifted into a timezone or stepped by an interval. No
loyalty-club data lies there; refusing such a value where it is read, with the range in the
message, answers it cleanly instead of failing deep inside a report.
"""

from __future__ import annotations

from datetime import datetime

from strawberry.schema.types.base_scalars import isoformat, wrap_parser
from strawberry.types.scalar import ScalarDefinition

from reporting_gateway.timebuckets import YEARS, check_year


def _parse(text: str) -> datetime:
    return check_year(datetime.fromisoformat(text))


DATETIME = ScalarDefinition(
    name="DateTime",
    description=(
        "Date with time, ISO 8601 (`2026-10-01T00:00:00`, or with an offset "
        f"`2026-10-01T00:00:00+02:00`); years {YEARS.start} to {YEARS.stop - 1}."
    ),
    specified_by_url=None,
    serialize=isoformat,
    parse_value=wrap_parser(_parse, "DateTime"),
    parse_literal=None,
    origin=datetime,
)

SCALARS: dict[object, ScalarDefinition] = {datetime: DATETIME}

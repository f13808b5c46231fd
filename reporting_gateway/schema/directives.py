"""The schema directives that show, in the SDL, what a field needs and what it costs.

Both are read from the catalog entry behind the field, the same entry the permit check and
the cost charge read, so the SDL cannot disagree with what the gateway enforces.
"""

from __future__ import annotations

import strawberry
from strawberry.schema_directive import Location

from reporting_gateway.catalog import QUERY_PERMIT


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="permit",
    description=f"Permit the token needs to select this field (besides {QUERY_PERMIT}).",
)
class Permit:
    name: str


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="cost",
    description="Rate-limit tokens one selection of this field costs, before filter nodes: "
    "+1 per and/not node, +3 per or node.",
)
class Cost:
    tokens: int

"""The filter vocabulary of spec §2 as data.

Each row says which field kinds an operator fits and what its value looks like. The GraphQL
filter inputs, the JSON `filterTree` validation, the docs and the SQL builders
(`storage/statements/operators.py`, keyed by the same names) all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from reporting_gateway.catalog.model import Field, Kind

_SCALAR = frozenset({Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOL, Kind.DATETIME, Kind.ENUM})
_ORDERED = frozenset({Kind.INT, Kind.FLOAT, Kind.DATETIME})
_LISTABLE = frozenset({Kind.INT, Kind.FLOAT, Kind.STRING, Kind.ENUM, Kind.DATETIME})


@dataclass(frozen=True)
class Operator:
    name: str
    description: str
    kinds: frozenset[Kind]
    takes_list: bool = False  # the value is an array of the field's values
    accepts_null: bool = False  # a null value is meaningful (IS NULL / IS NOT NULL)
    fits_arrays: bool = False  # applies to array-valued fields (element-wise)

    def fits(self, field: Field) -> bool:
        if field.type.is_array:
            return self.fits_arrays and field.type.kind in self.kinds
        return field.type.kind in self.kinds


OPERATORS: tuple[Operator, ...] = (
    Operator(
        "equal",
        "Equal to the value. `null` matches rows where the field has no value.",
        _SCALAR,
        accepts_null=True,
    ),
    Operator(
        "not_equal",
        "Different from the value, a missing value included. `null` matches rows where the "
        "field has a value.",
        _SCALAR,
        accepts_null=True,
    ),
    Operator("greater_than", "Greater than the value.", _ORDERED),
    Operator("greater_or_equal_to", "Greater than or equal to the value.", _ORDERED),
    Operator("less_than", "Less than the value.", _ORDERED),
    Operator("less_or_equal_to", "Less than or equal to the value.", _ORDERED),
    Operator(
        "in",
        "One of the values. On an array field: shares at least one element with the values.",
        _LISTABLE,
        takes_list=True,
        fits_arrays=True,
    ),
    Operator(
        "not_in",
        "None of the values, a missing value included. On an array field: shares no element "
        "with the values.",
        _LISTABLE,
        takes_list=True,
        fits_arrays=True,
    ),
)

OPERATORS_BY_NAME: dict[str, Operator] = {op.name: op for op in OPERATORS}

# Logical nodes: `and`/`or` take a list of operations, `not` [ours] takes one.
LOGICAL_NODES: dict[str, str] = {
    "and": "Every operation matches.",
    "or": "At least one operation matches.",
    "not": "The operation does not match.",
}


def operators_for(field: Field) -> tuple[Operator, ...]:
    return tuple(op for op in OPERATORS if op.fits(field))

"""`<Report>Filter` inputs and the per-type operator inputs they use (spec §2, typed).

Each filterable field of a report gets an operator input with exactly the operators of
`catalog/operators.py` that fit its type; `and`/`or`/`not` combine filters. Several keys in
one filter object mean "all of them" (an implicit `and`).
"""

from __future__ import annotations

from typing import Any

import strawberry

from reporting_gateway.catalog.model import FieldType, Report
from reporting_gateway.catalog.operators import LOGICAL_NODES, OPERATORS
from reporting_gateway.schema import naming
from reporting_gateway.schema.types import Types, make_class


def build_operator_input(types: Types, field_type: FieldType) -> Any:
    name = naming.operator_input(field_type)

    def build() -> Any:
        element = types.python_type(FieldType(field_type.kind, field_type.values))
        rows = []
        for operator in OPERATORS:
            fits = operator.fits_arrays if field_type.is_array else True
            if not fits or field_type.kind not in operator.kinds:
                continue
            annotation = list[element] if operator.takes_list else element  # type: ignore[valid-type]
            rows.append(
                (
                    naming.python_name(operator.name),
                    annotation | None,
                    strawberry.field(
                        name=naming.field_name(operator.name),
                        description=operator.description,
                        default=strawberry.UNSET,
                    ),
                )
            )
        return make_class(
            name,
            rows,
            description=f"Conditions on a {field_type} field; several conditions must all hold.",
            is_input=True,
        )

    return types.shared(name, f"operator input for {field_type}", build)


def build_filter_input(types: Types, report: Report) -> Any | None:
    """The report's typed filter, or None when the report has no filterable field. Built once
    per schema: the report's query field and its typed export mutation share it."""
    if not report.filterable_fields:
        return None
    name = naming.filter_input(report.name)
    return types.shared(name, f"report {report.name}", lambda: _filter_input(types, report, name))


def _filter_input(types: Types, report: Report, name: str) -> Any:
    cls = type(name, (), {"__annotations__": {}, "__module__": __name__})
    rows: list[tuple[str, Any, Any]] = [
        ("and_", list[cls] | None, LOGICAL_NODES["and"]),  # type: ignore[valid-type]
        ("or_", list[cls] | None, LOGICAL_NODES["or"]),  # type: ignore[valid-type]
        ("not_", cls | None, LOGICAL_NODES["not"]),
    ]
    rows = [
        (
            python,
            annotation,
            strawberry.field(name=python.rstrip("_"), description=doc, default=strawberry.UNSET),
        )
        for python, annotation, doc in rows
    ]
    for field in report.filterable_fields:
        rows.append(
            (
                naming.python_name(field.name),
                build_operator_input(types, field.type) | None,
                strawberry.field(
                    name=naming.report_field(field.name),
                    description=field.description,
                    default=strawberry.UNSET,
                ),
            )
        )
    for python, annotation, definition in rows:
        cls.__annotations__[python] = annotation
        setattr(cls, python, definition)
    return strawberry.input(
        cls,
        name=name,
        description=f"Filter for {report.name}. Keys combine with AND; use `or`/`not` for more.",
    )

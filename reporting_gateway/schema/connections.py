"""Records reports as Relay connections: `<Report>Record`, `<Report>Edge`, `<Report>Connection`.

Record fields have no resolvers of their own: a row object from storage is read attribute by
attribute (DESIGN §5), so the generated types only describe the shape.
"""

from __future__ import annotations

from typing import Any

import strawberry

from reporting_gateway.catalog.model import Report
from reporting_gateway.schema import naming
from reporting_gateway.schema.nodes import any_row, global_id_field, node_interface
from reporting_gateway.schema.types import Types, make_class


def build_page_info(types: Types) -> Any:
    def build() -> Any:
        rows = [
            ("has_next_page", bool, "More rows follow: pass `endCursor` as `after` to get them."),
            ("has_previous_page", bool, "This page was asked for with `after`."),
            ("start_cursor", str | None, "Cursor of the first row of the page."),
            ("end_cursor", str | None, "Cursor of the last row; null when the page is empty."),
        ]
        return make_class(
            "PageInfo",
            [
                (name, annotation, strawberry.field(name=naming.field_name(name), description=doc))
                for name, annotation, doc in rows
            ],
            description="Where a page of a keyset-paginated report stands.",
        )

    return types.shared("PageInfo", "Relay page info", build)


def build_record_type(types: Types, report: Report) -> Any:
    name = naming.record_type(report.name)

    def build() -> Any:
        rows: list[tuple[str, Any, Any]] = []
        if report.is_entity:
            rows.append(("node_id", strawberry.ID, global_id_field(report)))
        for field in report.fields:
            if field.filter_only:
                continue
            annotation = types.python_type(field.type)
            rows.append(
                (
                    field.name,
                    annotation | None if field.nullable else annotation,
                    strawberry.field(
                        name=naming.report_field(field.name), description=field.description
                    ),
                )
            )
        description = f"One record of {report.name}: {report.description}"
        if not report.is_entity:
            return make_class(name, rows, description=description)
        return make_class(
            name, rows, description=description, bases=(node_interface(types),), is_type_of=any_row
        )

    return types.shared(name, f"report {report.name}", build)


def build_connection_type(types: Types, report: Report) -> Any:
    record = build_record_type(types, report)
    edge = make_class(
        types.names.register(naming.edge_type(report.name), f"report {report.name}"),
        [
            (
                "cursor",
                str,
                strawberry.field(description="Pass as `after` to continue after this record."),
            ),
            ("node", record, strawberry.field(description="The record.")),
        ],
        description=f"A {report.name} record with its cursor.",
    )
    return make_class(
        types.names.register(naming.connection_type(report.name), f"report {report.name}"),
        [
            ("edges", list[edge], strawberry.field(description="The page's records with cursors.")),  # type: ignore[valid-type]
            ("nodes", list[record], strawberry.field(description="The page's records.")),  # type: ignore[valid-type]
            (
                "page_info",
                build_page_info(types),
                strawberry.field(name="pageInfo", description="Pagination state."),
            ),
            (
                "total_count",
                int,
                strawberry.field(
                    name="totalCount",
                    description="Number of records matching the query across all pages; computed "
                    "only when selected.",
                ),
            ),
        ],
        description=f"A page of {report.name}, keyset-paginated (page 1000 costs what page 1 "
        "costs).",
    )

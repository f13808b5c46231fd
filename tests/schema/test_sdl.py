"""The committed SDL is what the code generates, and it shows every permit and cost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import build_ast_schema, parse
from graphql.language import FieldDefinitionNode, ObjectTypeDefinitionNode

from reporting_gateway.catalog import CATALOG
from reporting_gateway.gateway_schema import PROVIDERS, export_schema
from reporting_gateway.schema import naming
from reporting_gateway.schema.build import build_schema, report_fields
from reporting_gateway.schema.compatibility import compare

ROOT = Path(__file__).parents[2]


def test_schema_graphql_is_up_to_date() -> None:
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == export_schema(), "schema.graphql is stale: run `make schema`"


def test_the_sdl_is_deterministic() -> None:
    fresh = build_schema(CATALOG.values(), PROVIDERS).as_str().rstrip("\n") + "\n"
    assert fresh == export_schema()


def _query_fields() -> dict[str, FieldDefinitionNode]:
    document = parse(export_schema())
    build_ast_schema(document)  # the SDL is valid on its own
    query = next(
        d
        for d in document.definitions
        if isinstance(d, ObjectTypeDefinitionNode) and d.name.value == "Query"
    )
    return {f.name.value: f for f in query.fields or ()}


def test_every_report_field_carries_its_permit_and_cost_from_the_catalog() -> None:
    fields = _query_fields()
    for name, report in report_fields(CATALOG.values()).items():
        directives = {
            d.name.value: {a.name.value: a.value for a in d.arguments or ()}
            for d in fields[name].directives or ()
        }
        assert directives["permit"]["name"].value == report.permit  # type: ignore[attr-defined]
        assert int(directives["cost"]["tokens"].value) == report.cost  # type: ignore[attr-defined]
        assert (
            fields[name].description is not None
            and report.description in fields[name].description.value
        )


def test_every_report_has_a_root_field() -> None:
    assert set(report_fields(CATALOG.values())) == {naming.root_field(name) for name in CATALOG}
    assert set(report_fields(CATALOG.values())) <= set(_query_fields())


def test_records_connection_is_relay_shaped() -> None:
    schema = build_schema(CATALOG.values(), PROVIDERS)._schema
    connection = schema.get_type("SendingsConnection")
    assert set(connection.fields) == {"edges", "nodes", "pageInfo", "totalCount"}  # type: ignore[union-attr]
    assert set(schema.get_type("PageInfo").fields) == {
        "hasNextPage",
        "hasPreviousPage",
        "startCursor",
        "endCursor",
    }  # type: ignore[union-attr]
    assert set(schema.get_type("Channel").values) == {"SMS", "EMAIL", "PUSH"}  # type: ignore[union-attr]
    assert set(schema.get_type("SendingEventType").values) == {  # type: ignore[union-attr]
        "NEW",
        "TRANSMITTED",
        "TRANSIENTLY_FAILED",
        "DELIVERED",
        "OPENED",
        "OPENED_EVENT",
        "FAILED",
        "DELIVERY_ERRORED",
    }


def test_timeseries_labels_are_typed_per_report() -> None:
    schema = build_schema(CATALOG.values(), PROVIDERS)._schema
    label = schema.get_type("SendingsStatsLabel")
    assert {name: str(field.type) for name, field in label.fields.items()} == {  # type: ignore[union-attr]
        "loyaltyClubId": "Int",
        "eventType": "SendingEventType",
        "serviceType": "ServiceType",
        "campaignId": "Int",
        "channel": "Channel",
        "reportingId": "Int",
    }
    interval = schema.get_type("SendingsRecipientsStatisticsInterval")
    assert set(interval.values) == {"AUTO", "HOUR", "DAY", "WEEK", "MONTH"}  # type: ignore[union-attr]


def test_the_committed_schema_gets_no_unannounced_breaking_change() -> None:
    """The suite names each breaking change when the catalog moved away from schema.graphql
    (`make schema` then refuses them unless ALLOW_BREAKING=1)."""
    changes = compare((ROOT / "schema.graphql").read_text(), export_schema())
    assert not changes.breaking, "breaking changes for clients:\n" + "\n".join(changes.breaking)


@pytest.mark.parametrize(
    ("anchor", "old", "new", "expected"),
    [
        (
            "type SendingsConnection",
            '  """Pagination state."""\n  pageInfo: PageInfo!\n',
            "",
            "FIELD_REMOVED: Field SendingsConnection.pageInfo was removed.",
        ),
        (
            "type SendingsConnection",
            "  totalCount: Int!\n",
            "  totalCount: String!\n",
            "FIELD_CHANGED_KIND: Field SendingsConnection.totalCount changed type from Int! to String!.",
        ),
        (
            "enum Channel",
            '  """A text message to the member\'s phone."""\n  SMS\n\n',
            "",
            "VALUE_REMOVED_FROM_ENUM: Enum value Channel.SMS was removed.",
        ),
        (
            "  members(",
            "    first: Int! = 100\n",
            "    first: Int! = 100\n    since: DateTime!\n",
            "REQUIRED_ARG_ADDED: A required argument Query.members(since:) was added.",
        ),
    ],
)
def test_breaking_changes_are_named(anchor: str, old: str, new: str, expected: str) -> None:
    current = export_schema()
    start = current.index(anchor)
    changed = current[:start] + current[start:].replace(old, new, 1)
    assert changed != current
    assert expected in compare(current, changed).breaking


def test_additions_are_not_breaking_and_new_enum_values_are_dangerous() -> None:
    current = export_schema()
    start = current.index("enum Channel")
    end = current.index("}", start)
    push = re.compile(r'\n  """[^"]*"""\n  PUSH\n')  # the value and its description
    older = current[:start] + push.sub("\n", current[start:end], count=1) + current[end:]
    changes = compare(older, current)
    assert changes.breaking == []
    assert "VALUE_ADDED_TO_ENUM: Enum value Channel.PUSH was added." in changes.dangerous


def test_no_public_description_cites_internal_documents() -> None:
    """`spec §4` means nothing to a client reading the schema in its editor."""
    sdl = (Path(__file__).parents[2] / "schema.graphql").read_text()
    assert "spec §" not in sdl and "DESIGN" not in sdl


def test_every_enum_value_says_what_it_means() -> None:
    """Codegen users read these in their editor; the catalog gives every value a meaning."""
    from graphql import GraphQLEnumType

    schema = build_ast_schema(parse((Path(__file__).parents[2] / "schema.graphql").read_text()))
    undescribed = [
        f"{enum.name}.{value}"
        for enum in schema.type_map.values()
        if isinstance(enum, GraphQLEnumType) and not enum.name.startswith("__")
        for value, definition in enum.values.items()
        if not (definition.description or "").strip()
    ]
    assert undescribed == []


def test_an_enum_without_a_meaning_for_a_value_is_refused_when_built() -> None:
    from reporting_gateway.schema.types import make_enum

    with pytest.raises(ValueError, match="no description for b"):
        make_enum("Letters", {"A": "a", "B": "b"}, "Two letters.", {"a": "The first."})

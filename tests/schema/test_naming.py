"""GraphQL names come from one set of rules, and a name can have only one origin."""

from __future__ import annotations

import pytest

from reporting_gateway.catalog import enums
from reporting_gateway.catalog.model import INT, INT_ARRAY, enum
from reporting_gateway.schema import naming


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("opened_event", "OPENED_EVENT"),
        ("sms", "SMS"),
        ("-14", "UP_TO_14"),
        ("15-19", "FROM_15_TO_19"),
        ("80-", "FROM_80"),
        ("in", "IN"),
        ("total_service_type", "TOTAL_SERVICE_TYPE"),
    ],
)
def test_enum_values(value: str, name: str) -> None:
    assert naming.enum_value(value) == name


def test_every_catalog_value_has_a_distinct_graphql_name() -> None:
    for value_set in vars(enums).values():
        if isinstance(value_set, enums.ValueSet):
            names = [naming.enum_value(v) for v in value_set.values]
            assert len(set(names)) == len(names), value_set.name


def test_type_names() -> None:
    assert naming.root_field("sendings_links_stats") == "sendingsLinksStats"
    assert naming.filter_input("sendings_links_stats") == "SendingsLinksStatsFilter"
    assert naming.connection_type("members") == "MembersConnection"
    assert naming.operator_input(INT) == "IntFilter"
    assert naming.operator_input(INT_ARRAY) == "IntListFilter"
    assert naming.operator_input(enum(enums.CHANNEL)) == "ChannelFilter"
    assert naming.python_name("in") == "in_" and naming.catalog_name("in_") == "in"


def test_a_name_with_two_origins_names_both() -> None:
    names = naming.Names()
    names.register("SendingsFilter", "report sendings")
    names.register("SendingsFilter", "report sendings")  # the same origin again is fine
    with pytest.raises(naming.NameClash, match="report sendings and by value set Sendings"):
        names.register("SendingsFilter", "value set Sendings")

"""Both filter front doors build the same tree, and refuse bad input with the path to it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from reporting_gateway.catalog import CATALOG
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.query import Condition, Logical
from reporting_gateway.resolvers.arguments import filter_node, from_tree
from reporting_gateway.resolvers.filter_size import FilterLimits

MEMBERS = CATALOG["members"]
SENDINGS = CATALOG["sendings"]


def refused(report: str, tree: Any) -> GatewayError:
    with pytest.raises(GatewayError) as raised:
        from_tree(CATALOG[report], tree, "filterTree")
    assert raised.value.code is ErrorCode.BAD_FILTER
    return raised.value


def test_a_tree_becomes_typed_conditions() -> None:
    tree = {
        "type": "and",
        "operations": [
            {"type": "equal", "field": "channel", "value": "sms"},
            {
                "type": "or",
                "operations": [
                    {"type": "in", "field": "campaign_id", "value": [1, 2]},
                    {
                        "type": "not",
                        "operations": [
                            {
                                "type": "greater_than",
                                "field": "created_at",
                                "value": "2026-01-01T00:00:00Z",
                            }
                        ],
                    },
                ],
            },
        ],
    }
    assert from_tree(SENDINGS, tree, "filterTree") == Logical(
        "and",
        (
            Condition("channel", "equal", "sms"),
            Logical(
                "or",
                (
                    Condition("campaign_id", "in", [1, 2]),
                    Logical(
                        "not",
                        (
                            Condition(
                                "created_at", "greater_than", datetime(2026, 1, 1, tzinfo=UTC)
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


@pytest.mark.parametrize(
    ("tree", "path", "words"),
    [
        (
            {"type": "equal", "field": "members_count", "value": 1},
            "filterTree.value",
            "not filterable",
        ),
        ({"type": "equal", "field": "nope", "value": 1}, "filterTree.value", "not filterable"),
        (
            {"type": "equal", "field": "loyalty_club_id", "value": 1},
            "filterTree.value",
            "X-Customer",
        ),
        ({"type": "in", "field": "channel", "value": "sms"}, "filterTree.value", "takes an array"),
        (
            {"type": "equal", "field": "channel", "value": "fax"},
            "filterTree.value",
            "not a channel",
        ),
        (
            {"type": "equal", "field": "campaign_id", "value": "7"},
            "filterTree.value",
            "not a valid int",
        ),
        (
            {"type": "equal", "field": "campaign_id", "value": True},
            "filterTree.value",
            "not a valid int",
        ),
        (
            {"type": "greater_than", "field": "channel", "value": "sms"},
            "filterTree.value",
            "does not apply",
        ),
        (
            {"type": "greater_than", "field": "campaign_id", "value": None},
            "filterTree.value",
            "needs a value",
        ),
        (
            {"type": "in", "field": "campaign_id", "value": [1, None]},
            "filterTree.value[1]",
            "null is not allowed",
        ),
        (
            {"type": "equal", "field": "created_at", "value": "2026-01-01T00:00:00"},
            "filterTree.value",
            "UTC offset",
        ),
        (
            {"type": "like", "field": "channel", "value": "s%"},
            "filterTree.type",
            "unknown node type",
        ),
        ({"type": "equal", "field": "channel"}, "filterTree.value", "needs a value"),
        ({"type": "equal", "value": 1}, "filterTree.field", "name the field"),
        ({"type": "and", "operations": []}, "filterTree.operations", "non-empty"),
        (
            {"type": "and", "operations": [None]},
            "filterTree.operations[0]",
            "filter node is an object",
        ),
        (
            {
                "type": "not",
                "operations": [{"type": "equal", "field": "channel", "value": "sms"}] * 2,
            },
            "filterTree.operations",
            "exactly one",
        ),
        (
            {"type": "equal", "field": "channel", "value": "sms", "extra": 1},
            "filterTree",
            "unexpected key",
        ),
        ([], "filterTree", "filter node is an object"),
        (
            {
                "type": "and",
                "operations": [
                    {"type": "or", "operations": [{"type": "equal", "field": "x", "value": 1}]}
                ],
            },
            "filterTree.operations[0].operations[0].value",
            "not filterable",
        ),
    ],
)
def test_a_bad_tree_is_a_bad_filter_naming_the_path(tree: Any, path: str, words: str) -> None:
    error = refused("sendings", tree)
    assert error.details is not None and path in error.details, error.details
    assert words in error.message


def test_array_fields_take_only_in_and_not_in() -> None:
    assert from_tree(
        MEMBERS, {"type": "in", "field": "subunit_ids", "value": [1]}, "f"
    ) == Condition("subunit_ids", "in", [1])
    refused("members", {"type": "equal", "field": "subunit_ids", "value": [1]})


def test_filter_and_filter_tree_together_are_refused() -> None:
    with pytest.raises(GatewayError) as raised:
        filter_node(SENDINGS, object(), {"type": "equal"}, FilterLimits(10, 200, 5000))
    assert raised.value.code is ErrorCode.BAD_REQUEST

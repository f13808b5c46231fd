"""Each filter node type and its null semantics, run in SQL and checked against Python."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from reporting_gateway.catalog import CATALOG
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.query import Condition, FilterNode, Logical, RecordsQuery
from reporting_gateway.storage.store import Store
from tests import expected
from tests.factories import T0
from tests.helpers import pick, scope, walk

Row = dict[str, Any]
FEMALE = Condition("gender", "equal", "female")


def _present(key: str, check: Callable[[Any], bool]) -> Callable[[Row], bool]:
    return lambda r: r[key] is not None and check(r[key])


CASES: list[tuple[str, FilterNode, Callable[[Row], bool]]] = [
    ("equal", FEMALE, lambda r: r["gender"] == "female"),
    ("equal null is IS NULL", Condition("gender", "equal", None), lambda r: r["gender"] is None),
    (
        "not_equal keeps missing values",
        Condition("gender", "not_equal", "female"),
        lambda r: r["gender"] != "female",
    ),
    (
        "not_equal null is IS NOT NULL",
        Condition("gender", "not_equal", None),
        lambda r: r["gender"] is not None,
    ),
    (
        "greater_than",
        Condition("birth_year_group", "greater_than", 1980),
        _present("birth_year_group", lambda v: v > 1980),
    ),
    (
        "greater_or_equal_to",
        Condition("birth_year_group", "greater_or_equal_to", 1980),
        _present("birth_year_group", lambda v: v >= 1980),
    ),
    (
        "less_than",
        Condition("birth_year_group", "less_than", 1980),
        _present("birth_year_group", lambda v: v < 1980),
    ),
    (
        "less_or_equal_to",
        Condition("birth_year_group", "less_or_equal_to", 1980),
        _present("birth_year_group", lambda v: v <= 1980),
    ),
    (
        "timestamp",
        Condition("created_at", "less_than", T0 - timedelta(days=100)),
        lambda r: r["created_at"] < T0 - timedelta(days=100),
    ),
    (
        "in",
        Condition("gender", "in", ["female", "other"]),
        lambda r: r["gender"] in ("female", "other"),
    ),
    (
        "not_in keeps missing values",
        Condition("gender", "not_in", ["female"]),
        lambda r: r["gender"] != "female",
    ),
    (
        "in on an array shares an element",
        Condition("subunit_ids", "in", [1, 2]),
        lambda r: bool({1, 2} & set(r["subunit_ids"])),
    ),
    (
        "not_in on an array shares none",
        Condition("subunit_ids", "not_in", [1, 2]),
        lambda r: not {1, 2} & set(r["subunit_ids"]),
    ),
    (
        "in on a derived enum",
        Condition("age", "in", ["30-34", "65-69"]),
        lambda r: r["age"] in ("30-34", "65-69"),
    ),
    (
        "boolean",
        Condition("marketing_via_anything", "equal", False),
        lambda r: r["marketing_via_anything"] is False,
    ),
    ("empty in matches nothing", Condition("country", "in", []), lambda r: False),
    ("empty not_in matches everything", Condition("id", "not_in", []), lambda r: True),
    (
        "a LIKE wildcard is an ordinary character",
        Condition("optin_subchannel", "equal", "sub_"),
        lambda r: False,
    ),
    (
        "and",
        Logical("and", (FEMALE, Condition("optin_channel", "equal", "web"))),
        lambda r: r["gender"] == "female" and r["optin_channel"] == "web",
    ),
    (
        "or",
        Logical("or", (FEMALE, Condition("optin_channel", "equal", "web"))),
        lambda r: r["gender"] == "female" or r["optin_channel"] == "web",
    ),
    (
        "not is the complement, missing values included",
        Logical("not", (FEMALE,)),
        lambda r: r["gender"] != "female",
    ),
    (
        "not of greater_than includes missing values",
        Logical("not", (Condition("birth_year_group", "greater_than", 1980),)),
        lambda r: not (r["birth_year_group"] is not None and r["birth_year_group"] > 1980),
    ),
    (
        "nested",
        Logical(
            "or",
            (
                Logical(
                    "and", (FEMALE, Logical("not", (Condition("optin_subchannel", "equal", None),)))
                ),
                Condition("id", "in", [101000, 101003]),
            ),
        ),
        lambda r: (
            (r["gender"] == "female" and r["optin_subchannel"] is not None)
            or r["id"] in (101000, 101003)
        ),
    ),
]


@pytest.mark.parametrize(
    ("node", "predicate"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
async def test_filter_selects_what_the_python_predicate_selects(
    store: Store, node: FilterNode, predicate: Callable[[Row], bool]
) -> None:
    want = expected.members((101, 102), predicate)
    got = await walk(store, "members", (101, 102), filter=node)
    assert pick(got, ["id"]) == pick(want, ["id"])


def test_every_case_matches_some_rows_and_misses_others() -> None:
    """Guards the table itself: a case selecting all or nothing proves little (except the edge cases)."""
    rows = expected.members((101, 102))
    for name, _, predicate in CASES:
        if "empty" in name or "wildcard" in name:
            continue
        selected = [r for r in rows if predicate(r)]
        assert 0 < len(selected) < len(rows), name


async def test_a_field_without_a_source_column_is_a_bad_filter(store: Store) -> None:
    query = RecordsQuery(
        CATALOG["members"], scope(101), 10, filter=Condition("properties", "equal", "x")
    )
    with pytest.raises(GatewayError) as raised:
        await store.records(query)
    assert raised.value.code is ErrorCode.BAD_FILTER
    assert "filter.properties" in raised.value.message

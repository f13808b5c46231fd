"""The X-Customer header: every documented form, and a clear error for everything else."""

from __future__ import annotations

import pytest

from reporting_gateway.access.customers import (
    CustomerSelector,
    parse_customer_header,
    resolve_scope,
)
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.query import Customer

CUSTOMERS = [
    Customer(1, "A", "a", "Cats", "PL", "Europe/Warsaw"),
    Customer(2, "B", "b", "Cats", "PL", "Europe/Warsaw"),
    Customer(3, "C", "c", "Dogs", "US", "America/New_York"),
]


@pytest.mark.parametrize(
    ("header", "selector"),
    [
        ("id=1", CustomerSelector(ids=(1,))),
        ("id=1_2", CustomerSelector(ids=(1, 2))),
        ("1_2", CustomerSelector(ids=(1, 2))),
        ("7", CustomerSelector(ids=(7,))),
        ("all=all", CustomerSelector(everything=True)),
        ("ALL=All", CustomerSelector(everything=True)),
        ("chain=Cats;country=PL", CustomerSelector(chain="Cats", country="PL")),
        (" chain = Cats ; country = pl ", CustomerSelector(chain="Cats", country="pl")),
        ("id=1_3;chain=Cats", CustomerSelector(ids=(1, 3), chain="Cats")),
        ("id=2_2", CustomerSelector(ids=(2,))),
    ],
)
def test_documented_forms_parse(header: str, selector: CustomerSelector) -> None:
    assert parse_customer_header([header]) == selector


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ([], ErrorCode.CUSTOMER_HEADER_MISSING),
        (["  "], ErrorCode.CUSTOMER_HEADER_MISSING),
        (["id=1", "id=2"], ErrorCode.CUSTOMER_HEADER_INVALID),
        (["id=one"], ErrorCode.CUSTOMER_HEADER_INVALID),
        (["id=1-2"], ErrorCode.CUSTOMER_HEADER_INVALID),
        (["id=1__2"], ErrorCode.CUSTOMER_HEADER_INVALID),
        (["id=-1"], ErrorCode.CUSTOMER_HEADER_INVALID),
        (["id=\u0661"], ErrorCode.CUSTOMER_HEADER_INVALID),  # ARABIC-INDIC DIGIT ONE
        (["all=some"], ErrorCode.CUSTOMER_HEADER_INVALID),
        (["all=all;id=1"], ErrorCode.CUSTOMER_HEADER_INVALID),
        (["region=EU"], ErrorCode.CUSTOMER_HEADER_INVALID),
        (["chain="], ErrorCode.CUSTOMER_HEADER_INVALID),
        (["chain=Cats;chain=Dogs"], ErrorCode.CUSTOMER_HEADER_INVALID),
        (["id=1;"], ErrorCode.CUSTOMER_HEADER_INVALID),
    ],
)
def test_bad_headers_are_470_or_471(values: list[str], code: ErrorCode) -> None:
    with pytest.raises(GatewayError) as raised:
        parse_customer_header(values)
    assert raised.value.code is code
    assert raised.value.code.status in (470, 471)


def ids(header: str, allowed: frozenset[int] | None = None) -> tuple[int, ...]:
    return resolve_scope(parse_customer_header([header]), CUSTOMERS, allowed).ids


def test_selection_resolves_against_the_readable_customers() -> None:
    assert ids("all=all") == (1, 2, 3)
    assert ids("all=all", frozenset({1, 3})) == (1, 3)
    assert ids("chain=cats") == (1, 2)
    assert ids("country=US") == (3,)
    assert ids("id=3_1") == (1, 3)
    assert ids("chain=Cats", frozenset({2, 3})) == (2,)


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        ("id=9", None),
        ("id=1_9", None),
        ("id=3", frozenset({1})),
        ("chain=Birds", None),
        ("chain=Dogs", frozenset({1, 2})),
    ],
)
def test_an_unreadable_or_empty_selection_is_forbidden_never_narrowed(
    header: str, allowed: frozenset[int] | None
) -> None:
    with pytest.raises(GatewayError) as raised:
        ids(header, allowed)
    assert raised.value.code is ErrorCode.FORBIDDEN

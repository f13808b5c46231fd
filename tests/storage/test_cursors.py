"""Signed keyset cursors: tampering, foreign reports, foreign customers, other aggregations."""

from __future__ import annotations

import base64

import pytest

from reporting_gateway.catalog import CATALOG
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.query import RecordsQuery
from reporting_gateway.storage.statements.cursors import CursorSigner
from reporting_gateway.storage.store import Store
from tests.helpers import scope

SIGNER = CursorSigner(b"k" * 32)


def _refused(
    token: str,
    report: str = "members",
    customers: tuple[int, ...] = (1,),
    aggregation: str | None = None,
) -> str:
    with pytest.raises(GatewayError) as raised:
        SIGNER.decode(token, report, customers, aggregation)
    assert raised.value.code is ErrorCode.INVALID_CURSOR
    return raised.value.message


def test_a_cursor_round_trips() -> None:
    token = SIGNER.encode("members", (1, 2), None, [1, "x"])
    assert SIGNER.decode(token, "members", (2, 1), None) == [1, "x"]


def test_a_modified_cursor_is_invalid() -> None:
    token = SIGNER.encode("members", (1,), None, [1, 5])
    body, mac = token.split(".")
    payload = base64.urlsafe_b64decode(body + "==").replace(b"5]", b"6]")
    forged = base64.urlsafe_b64encode(payload).rstrip(b"=").decode() + "." + mac
    assert "modified" in _refused(forged)


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "!!!.???", "e30.e30"])
def test_garbage_is_an_invalid_cursor(garbage: str) -> None:
    _refused(garbage)


def test_a_cursor_signed_with_another_key_is_invalid() -> None:
    other = CursorSigner(b"z" * 32).encode("members", (1,), None, [1, 5])
    _refused(other)


def test_a_cursor_of_another_report_is_invalid() -> None:
    token = SIGNER.encode("sendings", (1,), None, [1, 5])
    assert "belongs to report sendings" in _refused(token, "members")


def test_a_cursor_issued_for_other_customers_is_invalid() -> None:
    token = SIGNER.encode("members", (1, 2), None, [1, 5])
    _refused(token, customers=(1,))
    _refused(token, customers=(1, 3))


def test_a_cursor_of_another_aggregation_is_invalid() -> None:
    token = SIGNER.encode("members_count", (1, 2), None, [1])
    _refused(token, "members_count", (1, 2), "total")


def test_signing_keys_must_be_long_enough() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        CursorSigner(b"short")


async def test_the_store_refuses_a_cursor_from_another_customer(
    store: Store,
) -> None:
    page = await store.records(RecordsQuery(CATALOG["members"], scope(101), first=2))
    cursor = page.cursor(page.rows[-1])
    with pytest.raises(GatewayError) as raised:
        store.read_cursor(cursor, RecordsQuery(CATALOG["members"], scope(102), first=2))
    assert raised.value.code is ErrorCode.INVALID_CURSOR

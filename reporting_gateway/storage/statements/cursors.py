"""Signed keyset cursors: opaque to clients, bound to one report, aggregation and customer set.

A cursor holds the sort key of the last row of a page. It is signed with the server secret
(HMAC-SHA256), so a modified cursor, a cursor of another report, or one issued for other
customers is refused with INVALID_CURSOR before any SQL runs.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from reporting_gateway.errors import ErrorCode, GatewayError

_VERSION = 1
_MAC_BYTES = 16


class CursorSigner:
    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the cursor signing key must be at least 16 bytes")
        self._key = key

    def encode(
        self, report: str, customers: Sequence[int], aggregation: str | None, key: Sequence[Any]
    ) -> str:
        return self.encoder(report, customers, aggregation)(key)

    def encoder(
        self, report: str, customers: Sequence[int], aggregation: str | None
    ) -> Callable[[Sequence[Any]], str]:
        """`encode` for one page: every row's cursor shares report, customers and aggregation,
        so only the key is new per row (a 1000-row page signs 1000 cursors)."""
        binding, secret = _binding(tuple(customers), aggregation), self._key

        def encode(key: Sequence[Any]) -> str:
            payload = orjson.dumps([_VERSION, report, binding, list(key)])
            mac = hmac.digest(secret, payload, "sha256")[:_MAC_BYTES]
            return f"{_b64(payload)}.{_b64(mac)}"

        return encode

    def decode(
        self, token: str, report: str, customers: Sequence[int], aggregation: str | None
    ) -> list[Any]:
        try:
            body, mac = token.split(".")
            payload = _unb64(body)
            valid = hmac.compare_digest(_unb64(mac), self._mac(payload))
        except (ValueError, binascii.Error):
            raise _invalid("it is not a cursor this gateway issued") from None
        if not valid:
            raise _invalid("it was modified or was issued by another gateway")
        version, cursor_report, binding, key = orjson.loads(payload)
        if version != _VERSION:
            raise _invalid("it was issued by an older gateway version")
        if cursor_report != report:
            raise _invalid(f"it belongs to report {cursor_report}, not {report}")
        if binding != _binding(tuple(customers), aggregation):
            raise _invalid("it was issued for other customers (X-Customer) or another aggregation")
        return list(key)

    def _mac(self, payload: bytes) -> bytes:
        return hmac.digest(self._key, payload, "sha256")[:_MAC_BYTES]


@functools.lru_cache(maxsize=1024)
def _binding(customers: tuple[int, ...], aggregation: str | None) -> str:
    material = ",".join(str(c) for c in sorted(customers)) + "|" + (aggregation or "")
    return hashlib.sha256(material.encode()).hexdigest()[:16]


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def _b64(raw: bytes) -> str:
    """base64.urlsafe_b64encode without padding, minus its Python-level wrappers."""
    return binascii.b2a_base64(raw, newline=False).translate(_URLSAFE).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _invalid(reason: str) -> GatewayError:
    return GatewayError(
        ErrorCode.INVALID_CURSOR,
        f"The `after` cursor cannot be used: {reason}.",
        hint="Pass an endCursor/cursor returned by the same query, or start again without `after`.",
    )

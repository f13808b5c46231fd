"""HTTP caching of GET queries: `Cache-Control`, a weak `ETag` and `304 Not Modified`.

A GET query is a read a browser or a CDN-less frontend may repeat; if its answer has not
changed the client should not have to download it again. The answer depends on the token and
on the X-Customer selection, so it is `private` (no shared cache may keep it) and `Vary`
names every header that changes it. The ETag is taken over the answer's `data` and `errors`
only: `extensions` carry the request id and the bucket's state, which differ on every
request without changing what was asked. A revalidated query still runs and is still
charged: the ETag saves the transfer, not the work. POST answers are never stored.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

VARY = "Accept, Accept-Encoding, Authorization, X-Client-Authorization, X-Customer"


def entity_tag(body: dict[str, Any]) -> str:
    meaning = orjson.dumps(
        {"data": body.get("data"), "errors": body.get("errors")},
        option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SORT_KEYS,
    )
    return f'W/"{hashlib.sha256(meaning).hexdigest()[:32]}"'


def headers_for(method: str, status: int, body: dict[str, Any], max_age: float) -> dict[str, str]:
    """The caching headers of a GraphQL answer."""
    if method != "GET" or status != 200 or body.get("errors"):
        return {"Cache-Control": "no-store"}
    control = f"private, max-age={int(max_age)}" if max_age > 0 else "private, no-cache"
    return {"Cache-Control": control, "ETag": entity_tag(body), "Vary": VARY}


def not_modified(if_none_match: str | None, etag: str | None) -> bool:
    """Whether the client's copy is current (`If-None-Match` compared weakly, RFC 9110)."""
    if not if_none_match or not etag:
        return False
    given = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in given or etag.removeprefix("W/") in given

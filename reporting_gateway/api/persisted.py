"""Persisted queries: Apollo's automatic persisted queries, and trusted documents.

Automatic (APQ): a client sends only the sha256 of its query (`extensions.persistedQuery`);
the first time the gateway answers `PERSISTED_QUERY_NOT_FOUND`, the client sends the query
with its hash once, and from then on the hash alone, small enough for a cacheable GET. The
documents live in a bounded store: in the process, or in Redis (`REPORTING_REDIS_URL`) so
that every worker knows what any of them learned.

Trusted documents (`REPORTING_TRUSTED_DOCUMENTS`): in production only the operations of a
manifest are admitted, by hash or by their exact text; nothing is learned from requests.
The manifest is what the client build produces: graphql-codegen's `persisted-documents.json`
(`{hash: document}`) or Apollo's `persisted-query-manifest.json`.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from reporting_gateway.errors import ErrorCode, GatewayError

NOT_FOUND_MESSAGE = "PersistedQueryNotFound"  # what Apollo's link looks for, besides the code


@dataclass(frozen=True)
class Reference:
    """A request's `extensions.persistedQuery`."""

    sha256: str

    @classmethod
    def of(cls, extensions: dict[str, Any] | None) -> Reference | None:
        given = (extensions or {}).get("persistedQuery")
        if given is None:
            return None
        if not isinstance(given, dict) or given.get("version") != 1:
            raise _malformed("`extensions.persistedQuery` must be {version: 1, sha256Hash: …}.")
        digest = given.get("sha256Hash")
        if not isinstance(digest, str) or len(digest) != 64 or not _is_hex(digest):
            raise _malformed("`extensions.persistedQuery.sha256Hash` must be 64 hex digits.")
        return cls(digest.lower())


class DocumentStore(Protocol):
    async def get(self, sha256: str) -> str | None: ...
    async def put(self, sha256: str, query: str) -> None: ...


class MemoryDocuments:
    """The most recently used documents of this process, at most `size` of them."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._documents: OrderedDict[str, str] = OrderedDict()

    async def get(self, sha256: str) -> str | None:
        query = self._documents.get(sha256)
        if query is not None:
            self._documents.move_to_end(sha256)
        return query

    async def put(self, sha256: str, query: str) -> None:
        self._documents[sha256] = query
        self._documents.move_to_end(sha256)
        while len(self._documents) > self.size:
            self._documents.popitem(last=False)


class RedisDocuments:
    """Documents shared by every gateway process; each forgotten a week after its last use."""

    TTL_SECONDS = 7 * 24 * 3600

    def __init__(self, url: str, prefix: str) -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url)
        self.prefix = prefix

    async def get(self, sha256: str) -> str | None:
        key = self.prefix + sha256
        query = await self._redis.getex(key, ex=self.TTL_SECONDS)
        return query.decode() if isinstance(query, bytes) else query

    async def put(self, sha256: str, query: str) -> None:
        await self._redis.set(self.prefix + sha256, query, ex=self.TTL_SECONDS)

    async def close(self) -> None:
        await self._redis.aclose()


class PersistedQueries:
    def __init__(self, store: DocumentStore, trusted: dict[str, str] | None = None) -> None:
        self.store = store
        self.trusted = trusted  # hash → document; None: automatic persisted queries

    async def resolve(self, query: str | None, reference: Reference | None) -> str:
        """The text to run, or the error that says what the client must send instead."""
        if reference is None and query is None:
            raise _malformed('The body must be a JSON object with a "query" string.')
        if reference is not None and query is not None and sha256(query) != reference.sha256:
            raise _malformed("`sha256Hash` is not the SHA-256 of the query sent with it.")
        if self.trusted is not None:
            return self._trusted(query, reference)
        if reference is None:
            assert query is not None
            return query
        if query is not None:
            await self.store.put(reference.sha256, query)
            return query
        known = await self.store.get(reference.sha256)
        if known is None:
            raise not_found()
        return known

    def _trusted(self, query: str | None, reference: Reference | None) -> str:
        assert self.trusted is not None
        digest = reference.sha256 if reference else sha256(query) if query is not None else ""
        if digest not in self.trusted:
            if reference is not None and query is None:
                raise not_found()
            raise GatewayError(
                ErrorCode.UNTRUSTED_OPERATION,
                "This gateway runs only the operations of its trusted documents "
                "(REPORTING_TRUSTED_DOCUMENTS); this one is not among them.",
                hint="Build the client with persisted documents and deploy its manifest.",
            )
        return self.trusted[digest]


def sha256(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def load_manifest(path: str) -> dict[str, str]:
    """hash → document, from graphql-codegen's or Apollo's manifest; checked on load."""
    try:
        content = json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        raise ValueError(f"REPORTING_TRUSTED_DOCUMENTS: cannot read {path}: {error}") from None
    if isinstance(content, dict) and content.get("format") == "apollo-persisted-query-manifest":
        pairs = [(op.get("id"), op.get("body")) for op in content.get("operations", [])]
    elif isinstance(content, dict):
        pairs = list(content.items())
    else:
        raise ValueError(f"REPORTING_TRUSTED_DOCUMENTS: {path} is not a manifest object")
    documents: dict[str, str] = {}
    for digest, body in pairs:
        if not isinstance(digest, str) or not isinstance(body, str) or sha256(body) != digest:
            raise ValueError(
                f"REPORTING_TRUSTED_DOCUMENTS: {path}: {str(digest)[:16]}… is not the SHA-256 "
                "of its document"
            )
        documents[digest] = body
    return documents


def not_found() -> GatewayError:
    return GatewayError(
        ErrorCode.PERSISTED_QUERY_NOT_FOUND,
        NOT_FOUND_MESSAGE,
        hint="Send the query again with its sha256Hash: the gateway keeps it from then on.",
    )


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)


def _malformed(message: str) -> GatewayError:
    return GatewayError(ErrorCode.BAD_REQUEST, message, status=400)

"""API tokens in the store: only their SHA-256 is kept, never the token itself."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.storage.engine import repeat_if_connection_lost
from reporting_gateway.storage.state.tables import api_tokens

TOKEN_PREFIX = "rg_"  # noqa: S105 - a fixed prefix that marks gateway tokens, not a secret


@dataclass(frozen=True)
class Credential:
    id: int
    name: str
    prefix: str
    permits: frozenset[str]
    customers: frozenset[int] | None  # None: every customer
    organization: str
    created_at: datetime
    revoked_at: datetime | None


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: there is nothing to guess.
    return hashlib.sha256(token.encode()).hexdigest()


class Credentials:
    """Create, list, revoke and look up tokens. Lookups are cached for a few seconds, so a
    revocation takes effect within `cache_seconds` on every gateway process."""

    def __init__(self, engine: AsyncEngine, *, cache_seconds: float = 5.0) -> None:
        self.engine = engine
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, Credential | None]] = {}

    async def create(
        self,
        *,
        name: str,
        permits: Sequence[str],
        customers: Sequence[int] | None,
        organization: str,
        now: datetime,
    ) -> tuple[str, Credential]:
        token = new_token()
        values = {
            "name": name,
            "token_hash": token_hash(token),
            "prefix": token[:10],
            "permits": sorted(set(permits)),
            "customers": sorted(set(customers)) if customers is not None else None,
            "organization": organization,
            "created_at": now,
        }
        async with self.engine.begin() as connection:
            result = await connection.execute(
                api_tokens.insert().returning(api_tokens.c.id), values
            )
            token_id = result.scalar_one()
        return token, _credential({"id": token_id, "revoked_at": None, **values})

    async def list(self) -> list[Credential]:
        async with self.engine.connect() as connection:
            rows = await connection.execute(sa.select(api_tokens).order_by(api_tokens.c.id))
            return [_credential(row._mapping) for row in rows]

    async def revoke(self, name_or_id: str, now: datetime) -> int:
        where = (
            api_tokens.c.id == int(name_or_id)
            if name_or_id.isdigit()
            else api_tokens.c.name == name_or_id
        )
        async with self.engine.begin() as connection:
            result = await connection.execute(
                api_tokens.update()
                .where(where, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
        self._cache.clear()
        return int(result.rowcount)

    async def find(self, token: str) -> Credential | None:
        """The live credential behind a token, or None (unknown or revoked)."""
        digest = token_hash(token)
        cached = self._cache.get(digest)
        if cached is not None and time.monotonic() - cached[0] < self.cache_seconds:
            return cached[1]

        async def lookup() -> Any:
            async with self.engine.connect() as connection:
                statement = sa.select(api_tokens).where(api_tokens.c.token_hash == digest)
                return (await connection.execute(statement)).first()

        row = await repeat_if_connection_lost(lookup)
        credential = _credential(row._mapping) if row is not None else None
        if credential is not None and credential.revoked_at is not None:
            credential = None
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (time.monotonic(), credential)
        return credential


def _credential(row: object) -> Credential:
    values = dict(row)  # type: ignore[call-overload]
    return Credential(
        id=values["id"],
        name=values["name"],
        prefix=values["prefix"],
        permits=frozenset(values["permits"]),
        customers=frozenset(values["customers"]) if values["customers"] is not None else None,
        organization=values["organization"],
        created_at=values["created_at"],
        revoked_at=values["revoked_at"],
    )

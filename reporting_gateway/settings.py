"""Settings as data: each is a dataclass field with its environment variable, default and help.

The same table feeds `Settings.from_env()`, `reporting-gateway settings` and the README's
settings section, so a setting cannot exist without being documented.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_PREFIX = "REPORTING_"


def setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    database_url: str = setting(
        "sqlite+aiosqlite:///var/reporting.db",
        "Where the data lives: `sqlite+aiosqlite:///path.db` (embedded) or "
        "`postgresql+asyncpg://user@host:5432/db`.",
    )
    secret: str = setting(
        "",
        "Key that signs pagination cursors. Empty: a random key is created once in "
        "`var/secret.key`. Set the same value on every gateway process behind one load balancer.",
    )
    env: str = setting(
        "development", "`development` serves GraphiQL; `production` masks internal errors."
    )
    host: str = setting("127.0.0.1", "Address `reporting-gateway serve` listens on.")
    port: int = setting(8000, "Port `reporting-gateway serve` listens on.")
    max_page_size: int = setting(1000, "Largest `first` a records query may ask for.")
    customer_cache_seconds: float = setting(
        10.0, "How long the list of customers (ids, chains, timezones) is cached in memory."
    )
    log_level: str = setting("info", "Log level: debug, info, warning, error.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(env_name(f.name))
            if raw is not None:
                values[f.name] = _parse(f, raw)
        values.update(overrides)
        return cls(**values)

    @property
    def production(self) -> bool:
        return self.env == "production"

    def signing_key(self) -> bytes:
        """The cursor-signing key: the configured secret, or one kept under ./var/."""
        if self.secret:
            return self.secret.encode()
        path = Path("var") / "secret.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        return path.read_text().strip().encode()


def env_name(field_name: str) -> str:
    return ENV_PREFIX + field_name.upper()


def documentation() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting, in declaration order."""
    return [
        (
            env_name(f.name),
            repr(f.default) if f.default == "" else str(f.default),
            f.metadata["help"],
        )
        for f in dataclasses.fields(Settings)
    ]


def _parse(f: dataclasses.Field[Any], raw: str) -> Any:
    kind = f.type if isinstance(f.type, str) else f.type.__name__
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "bool":
            return raw.strip().lower() in ("1", "true", "yes", "on")
    except ValueError:
        raise ValueError(f"{env_name(f.name)}={raw!r} is not a valid {kind}") from None
    return raw

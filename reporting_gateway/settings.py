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
    auth: bool = setting(
        True,
        "Require a client token. `false` (every permit, every customer, no rate limit) is for "
        "local experiments and benchmarks only; refused in production.",
    )
    token_cache_seconds: float = setting(
        5.0, "How long a token lookup is cached: a revocation takes effect within this time."
    )
    rate_limiting: bool = setting(True, "Charge operations to token buckets (spec §3).")
    rate_limit_capacity: int = setting(100, "Tokens a bucket holds when full.")
    rate_limit_refill_per_second: float = setting(10.0, "Tokens added back to a bucket per second.")
    redis_url: str = setting(
        "",
        "Redis for rate-limit buckets shared by every gateway process, e.g. "
        "`redis://127.0.0.1:6379/0`. Empty: buckets live in each process.",
    )
    redis_key_prefix: str = setting(
        "rg:bucket:", "Prefix of the bucket keys in Redis (to share one Redis between deployments)."
    )
    max_body_bytes: int = setting(1_048_576, "Largest request body (HTTP 413 beyond).")
    max_tokens: int = setting(5000, "Largest number of lexical tokens in a query.")
    max_depth: int = setting(25, "Deepest nesting of selections in a query (fragments included).")
    max_aliases: int = setting(50, "Most aliased fields in a query.")
    max_directives: int = setting(50, "Most directives in a query.")
    max_root_fields: int = setting(20, "Most root fields one operation may select.")
    max_batch: int = setting(
        0, "Most operations in a batched (JSON array) request; 0 turns batching off."
    )
    request_timeout_seconds: float = setting(
        30.0, "Longest an operation may run; its database work is stopped at the limit."
    )
    export_dir: str = setting("var/exports", "Where export files are written.")
    export_ttl_hours: float = setting(24.0, "How long a finished export file is kept.")
    export_lease_seconds: float = setting(
        30.0, "A running export's lease; a job whose process died is resumed after it runs out."
    )
    export_poll_seconds: float = setting(2.0, "How often a worker looks for export jobs to run.")
    exports: bool = setting(True, "Run export jobs in this process (in the background).")
    introspection: str = setting(
        "auto", "`on`, `off`, or `auto`: on in development, off in production."
    )

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

    @property
    def introspection_enabled(self) -> bool:
        return self.introspection == "on" or (self.introspection == "auto" and not self.production)

    def check(self) -> None:
        """Refuse combinations that would be unsafe to serve."""
        if self.production and not self.auth:
            raise ValueError("REPORTING_AUTH=false is refused when REPORTING_ENV=production")
        if self.introspection not in ("on", "off", "auto"):
            raise ValueError("REPORTING_INTROSPECTION must be on, off or auto")

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

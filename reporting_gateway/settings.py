"""Settings as data: each is a field with its environment variable, default and help.

Read from `REPORTING_*` environment variables and from a `.env` file in the working directory
(the environment wins). The same table feeds `reporting-gateway settings` and the README's
settings section, so a setting cannot exist without being documented.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

ENV_PREFIX = "REPORTING_"


def setting(default: Any, help: str) -> Any:
    return Field(default=default, description=help)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", frozen=True
    )

    database_url: str = setting(
        "sqlite+aiosqlite:///var/reporting.db",
        "Where the data lives: `sqlite+aiosqlite:///path.db` (embedded) or "
        "`postgresql+asyncpg://user@host:5432/db` (PostgreSQL 14 or later: a statement whose "
        "client went away stops within a second). Reads that meet a connection the server "
        "dropped (restart, failover, idle timeout) are repeated once on a fresh one.",
    )
    secret: str = setting(
        "",
        "Key that signs pagination cursors. Empty: a random key is created once in "
        "`var/secret.key`. Set the same value on every gateway process behind one load balancer.",
    )
    env: Literal["development", "production"] = setting(
        "development", "`development` serves GraphiQL; `production` masks internal errors."
    )
    host: str = setting("127.0.0.1", "Address `reporting-gateway serve` listens on.")
    port: int = setting(8000, "Port `reporting-gateway serve` listens on.")
    workers: int = setting(
        1, "Processes `reporting-gateway serve` starts; more than 1 needs REPORTING_REDIS_URL."
    )
    max_page_size: int = setting(1000, "Largest `first` a records query may ask for.")
    customer_cache_seconds: float = setting(
        10.0, "How long the list of customers (ids, chains, timezones) is cached in memory."
    )
    rollups: bool = setting(
        True,
        "Answer reports from the rollups kept at load time. `false` reads the facts for every "
        "report (same answers, cost growing with history): for comparisons and diagnosis.",
    )
    log_level: Literal["debug", "info", "warning", "error"] = setting(
        "info", "The least severe messages logged: debug, info, warning or error."
    )
    log_format: Literal["auto", "json", "text"] = setting(
        "auto",
        "`json`: one JSON object per line (request id, customer, operation, cost, duration); "
        "`text`: for people; `auto`: json in production, text in development.",
    )
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
        "rg:bucket:",
        "Prefix of the gateway's keys in Redis (to share one Redis between deployments); "
        "persisted queries go under `<prefix>apq:`.",
    )
    max_body_bytes: int = setting(1_048_576, "Largest request body (HTTP 413 beyond).")
    max_tokens: int = setting(
        1000,
        "Largest number of lexical tokens in a query (GraphiQL's introspection query has "
        "about 200). Pass large values as variables.",
    )
    max_query_length: int = setting(
        32_768, "Longest query text in characters (variables count against the body limit)."
    )
    max_depth: int = setting(25, "Deepest nesting of selections in a query (fragments included).")
    max_aliases: int = setting(50, "Most aliased fields in a query.")
    max_directives: int = setting(50, "Most directives in a query.")
    max_root_fields: int = setting(20, "Most root fields one operation may select.")
    max_filter_depth: int = setting(
        10,
        "Deepest nesting of a filter (`filter` or `filterTree`; a lone condition is 1). Input "
        "values as a whole may nest twice this plus 12 levels.",
    )
    max_filter_nodes: int = setting(200, "Most nodes (conditions, and/or/not) in one filter.")
    max_filter_values: int = setting(
        5000, "Most values listed in one filter's `in`/`not_in` conditions, together."
    )
    max_batch: int = setting(
        0, "Most operations in a batched (JSON array) request; 0 turns batching off."
    )
    body_timeout_seconds: float = setting(
        10.0, "Longest a request body may take to arrive (HTTP 408 REQUEST_TIMEOUT beyond)."
    )
    max_in_flight: int = setting(
        100,
        "Most requests one process works on at once; more are answered 503 OVERLOADED "
        "(health probes excepted).",
    )
    max_connections: int = setting(
        1000, "Most open connections one `serve` process accepts (uvicorn's limit; 503 beyond)."
    )
    get_max_age_seconds: float = setting(
        0.0,
        "How long a browser may reuse a GET query's answer without asking (`Cache-Control: "
        "private, max-age`); 0: it revalidates every time, by ETag (304 when unchanged).",
    )
    persisted_queries_max: int = setting(
        10_000,
        "Most automatic persisted queries a process keeps (least recently used go first); "
        "with REPORTING_REDIS_URL they are kept in Redis instead, for a week after last use.",
    )
    trusted_documents: str = setting(
        "",
        "A manifest of the only operations to run (graphql-codegen's persisted-documents.json "
        "with sha256 hashes, or Apollo's persisted-query-manifest.json). Empty: any operation.",
    )
    cors_origins: str = setting(
        "",
        "Origins (comma-separated, e.g. `https://app.example.com`) whose browser pages may call "
        "the gateway; `*` for any. Empty: none (CORS off).",
    )
    compress_min_bytes: int = setting(
        1000, "Answers at least this large are gzip-compressed for clients that accept it."
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
    introspection: Literal["on", "off", "auto"] = setting(
        "auto", "`on`, `off`, or `auto`: on in development, off in production."
    )
    explorer_assets: str = setting(
        "auto",
        "Where the explorer's scripts come from: `auto` (the bundle `make explorer` builds in "
        "clients/explorer/dist if present, else esm.sh), `cdn`, or a directory holding the bundle.",
    )
    metrics: bool = setting(True, "Serve Prometheus metrics on /metrics.")

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from the environment and `.env`, with errors that name the variable."""
        try:
            return cls()
        except ValidationError as error:
            raise ValueError(_explain(error)) from None

    @classmethod
    def isolated(cls, **values: Any) -> Settings:
        """Only the given values and the defaults: no environment, no `.env` (tests, bench)."""
        try:
            return _Isolated(**values)
        except ValidationError as error:
            raise ValueError(_explain(error)) from None

    @property
    def max_input_depth(self) -> int:
        """Deepest nesting of an argument or variable value: room for the deepest filter
        as a JSON tree (an object and its `operations` list per level) inside another input."""
        return 2 * self.max_filter_depth + 12

    @property
    def max_input_values(self) -> int:
        """Most values the variables of one request hold: room for two filters at their
        largest and the rest of the arguments."""
        return 2 * self.max_filter_values + 1000

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def introspection_enabled(self) -> bool:
        return self.introspection == "on" or (self.introspection == "auto" and not self.production)

    @property
    def json_logs(self) -> bool:
        return self.log_format == "json" or (self.log_format == "auto" and self.production)

    def check(self) -> None:
        """Refuse combinations that would be unsafe to serve."""
        if self.production and not self.auth:
            raise ValueError("REPORTING_AUTH=false is refused when REPORTING_ENV=production")
        if self.workers < 1:
            raise ValueError("REPORTING_WORKERS must be at least 1")
        if self.workers > 1 and self.rate_limiting and self.auth and not self.redis_url:
            raise ValueError(
                f"{self.workers} workers would each keep their own rate-limit buckets, letting "
                f"clients spend {self.workers}x their tokens: set REPORTING_REDIS_URL "
                "(e.g. redis://127.0.0.1:6379/0) or serve with one worker"
            )

    @property
    def allowed_origins(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

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


class _Isolated(Settings):
    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def env_name(field_name: str) -> str:
    return ENV_PREFIX + field_name.upper()


def documentation() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting, in declaration order."""
    return [
        (
            env_name(name),
            repr(f.default) if f.default == "" else str(f.default),
            f.description or "",
        )
        for name, f in Settings.model_fields.items()
    ]


def _explain(error: ValidationError) -> str:
    return "; ".join(
        f"{env_name(str(e['loc'][0]))}={e.get('input')!r}: {e['msg']}" if e["loc"] else e["msg"]
        for e in error.errors()
    )

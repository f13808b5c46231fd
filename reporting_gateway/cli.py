"""The `reporting-gateway` command: serve, migrate, load, demo-data, tokens, export-*, settings."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from reporting_gateway import settings as settings_module
from reporting_gateway.ops.metrics import MULTIPROCESS_ENV
from reporting_gateway.progress import ProgressBar
from reporting_gateway.settings import Settings

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]
EXPORT_SQLITE_CACHE_KIB = 8192  # an export reads each page once: a big cache is only memory


def main(argv: Sequence[str] | None = None) -> None:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        code = (
            asyncio.run(args.command(args, settings))
            if args.is_async
            else args.command(args, settings)
        )
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        code = 1
    sys.exit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reporting-gateway",
        description="A GraphQL gateway over a loyalty-club reporting API. Settings come from "
        "REPORTING_* environment variables and .env (see `reporting-gateway settings`).",
        epilog=_examples(
            "reporting-gateway serve --demo",
            "reporting-gateway COMMAND --help",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="serve GraphQL (and GraphiQL in development)",
        **_help(
            "reporting-gateway serve --demo   # migrate, load demo data once, print a token",
            "REPORTING_REDIS_URL=redis://127.0.0.1:6379/0 reporting-gateway serve --workers 4",
            "REPORTING_ENV=production reporting-gateway serve --host 0.0.0.0",
        ),
    )
    serve.add_argument(
        "--demo", action="store_true", help="migrate and load demo data first (once)"
    )
    serve.add_argument("--host", help="address to listen on (default: REPORTING_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (default: REPORTING_PORT)")
    serve.add_argument(
        "--workers",
        type=int,
        help="processes to serve with (default: REPORTING_WORKERS); >1 needs REPORTING_REDIS_URL",
    )
    serve.set_defaults(command=_serve, is_async=False)

    migrate = commands.add_parser(
        "migrate",
        help="create or upgrade the database schema",
        **_help(
            "reporting-gateway migrate",
            "REPORTING_DATABASE_URL=postgresql+asyncpg://app@db:5432/reports \\\n"
            "      reporting-gateway migrate",
        ),
    )
    migrate.set_defaults(command=_migrate, is_async=True)

    load = commands.add_parser(
        "load",
        help="load a CSV or JSON Lines file into a table (all or nothing)",
        **_help(
            "reporting-gateway load customers customers.csv",
            "reporting-gateway load sendings sendings.jsonl",
            "reporting-gateway load members members.csv --replace",
        ),
    )
    load.add_argument("table", help="table name, e.g. sendings (see README: data contract)")
    load.add_argument("file", type=Path, help=".csv (with a header row) or .jsonl file")
    load.add_argument("--replace", action="store_true", help="delete the table's rows first")
    load.set_defaults(command=_load, is_async=True)

    demo = commands.add_parser(
        "demo-data",
        help="fill an empty store with deterministic demo data",
        **_help(
            "reporting-gateway demo-data",
            "REPORTING_DATABASE_URL=sqlite+aiosqlite:///var/big.db \\\n"
            "      reporting-gateway demo-data --scale 10",
        ),
    )
    demo.add_argument(
        "--scale", type=float, default=1.0, help="1 = 8k members, ~240k sending events"
    )
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(command=_demo_data, is_async=True)

    schema = commands.add_parser(
        "export-schema",
        help="write the GraphQL SDL (schema.graphql)",
        **_help(
            "reporting-gateway export-schema --output schema.graphql",
            "reporting-gateway export-schema --output schema.graphql --check",
            "reporting-gateway export-schema --output schema.graphql --allow-breaking",
        ),
    )
    schema.add_argument("--output", type=Path, help="file to write (default: stdout)")
    schema.add_argument("--check", action="store_true", help="fail if --output differs instead")
    schema.add_argument(
        "--allow-breaking",
        action="store_true",
        help="write even if the change breaks clients of the committed schema (deliberately)",
    )
    schema.set_defaults(command=_export_schema, is_async=False)

    docs = commands.add_parser(
        "export-docs",
        help="write docs/reports.md and the README's generated parts",
        **_help("reporting-gateway export-docs", "reporting-gateway export-docs --check"),
    )
    docs.add_argument("--root", type=Path, default=Path("."), help="project root")
    docs.add_argument("--check", action="store_true", help="fail if they are stale instead")
    docs.set_defaults(command=_export_docs, is_async=False)

    export = commands.add_parser(
        "export",
        help="export a report to a CSV or JSON Lines file",
        **_help(
            "reporting-gateway export transactions --customers all --output transactions.csv",
            "reporting-gateway export sendings_events_history --customers 1000941 \\\n"
            "      --from 2026-10-01T00:00:00 --to 2026-11-01T00:00:00 --interval 1d \\\n"
            "      --format jsonl --output events.jsonl",
            "reporting-gateway export members --customers 1000941 --output women.csv \\\n"
            """      --filter-tree '{"type": "equal", "field": "gender", "value": "female"}'""",
        ),
    )
    export.add_argument("report", help="report name, e.g. sendings_events_history")
    export.add_argument("--customers", required=True, help="customer ids (1,2) or `all`")
    export.add_argument("--output", type=Path, required=True, help="file to write")
    export.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    export.add_argument("--filter-tree", help="filter as a JSON tree (spec §2)")
    export.add_argument("--aggregate-by", help="aggregation, e.g. total_channel")
    export.add_argument("--from", dest="start", help="start (ISO 8601), for timeseries/statistics")
    export.add_argument("--to", dest="end", help="end (ISO 8601), exclusive")
    export.add_argument("--interval", help="5m, 1h, 1d, 1w or 1mo (default: auto)")
    export.add_argument("--fill-gaps", action="store_true")
    export.add_argument("--page-size", type=int, default=10_000)
    export.set_defaults(command=_export, is_async=True)

    tokens = commands.add_parser(
        "tokens",
        help="create, list and revoke client tokens",
        **_help(
            "reporting-gateway tokens create --name dashboard --permit all \\\n"
            "      --customers 1000941 --organization acme",
            "reporting-gateway tokens list",
            "reporting-gateway tokens revoke dashboard",
        ),
    )
    token_commands = tokens.add_subparsers(required=True, metavar="ACTION")
    create = token_commands.add_parser("create", help="create a token and print it (once)")
    create.add_argument("--name", required=True, help="who or what uses the token")
    create.add_argument(
        "--permit",
        action="append",
        required=True,
        help="a permit (repeat, or comma-separate); `all` for every permit",
    )
    create.add_argument("--customers", required=True, help="customer ids (1,2) or `all`")
    create.add_argument("--organization", required=True, help="owner of the cross-customer bucket")
    create.set_defaults(command=_tokens_create, is_async=True)
    listing = token_commands.add_parser("list", help="list tokens (never the tokens themselves)")
    listing.set_defaults(command=_tokens_list, is_async=True)
    revoke = token_commands.add_parser("revoke", help="revoke a token by id or name")
    revoke.add_argument("token", help="id or name")
    revoke.set_defaults(command=_tokens_revoke, is_async=True)

    show = commands.add_parser(
        "settings",
        help="list the settings and their environment variables",
        **_help("reporting-gateway settings"),
    )
    show.set_defaults(command=_settings, is_async=False)
    return parser


def _help(*examples: str) -> dict[str, Any]:
    """add_parser keywords for a command whose --help ends with examples."""
    return {
        "epilog": _examples(*examples),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from reporting_gateway.ops.logs import configure_logging, logging_config

    overrides = {
        name: value
        for name, value in (("host", args.host), ("port", args.port), ("workers", args.workers))
        if value is not None
    }
    settings = settings.model_copy(update=overrides)
    settings.check()  # before the demo data: a refusal should come first, and fast
    configure_logging(settings)
    token = asyncio.run(_prepare_demo(settings)) if args.demo else None
    if settings.workers > 1:
        _share_metrics_between_workers()
    _print_welcome(settings.host, settings.port, token)
    environment = {"REPORTING_WORKERS": str(settings.workers)}
    os.environ.update(environment)  # each worker process reads its settings from here
    try:
        uvicorn.run(
            "reporting_gateway.server:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            log_config=logging_config(settings),
            log_level=settings.log_level,
        )
    finally:
        if settings.workers > 1:
            shutil.rmtree(os.environ[MULTIPROCESS_ENV], ignore_errors=True)
    return 0


def _share_metrics_between_workers() -> None:
    """Give the worker processes one fresh directory for their Prometheus samples."""
    os.environ[MULTIPROCESS_ENV] = tempfile.mkdtemp(prefix="reporting-gateway-metrics-")


async def _prepare_demo(settings: Settings) -> str | None:
    """Migrate, load demo data into an empty store, and make sure a demo token exists."""
    from reporting_gateway.storage.demo_data import DemoData, is_empty, write_demo_data
    from reporting_gateway.storage.engine import create_engine
    from reporting_gateway.storage.migrate import migrate

    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        if await is_empty(engine):
            started = time.monotonic()
            bar = ProgressBar("loading demo data (once)")
            counts = await write_demo_data(engine, DemoData(), bar.share)
            bar.finish()
            print(
                f"  {sum(counts.values()):,} rows in {time.monotonic() - started:.1f} s", flush=True
            )
        return await _demo_token(engine) if settings.auth else None
    finally:
        await engine.dispose()


async def _demo_token(engine: Any) -> str:
    """The development token with every permit, kept in var/demo-token so restarts reuse it."""
    from reporting_gateway.catalog.registry import all_permits
    from reporting_gateway.storage.credentials import Credentials

    credentials = Credentials(engine, cache_seconds=0)
    path = Path("var") / "demo-token"
    if path.exists() and await credentials.find(path.read_text().strip()):
        return path.read_text().strip()
    token, _ = await credentials.create(
        name="demo", permits=all_permits(), customers=None, organization="demo", now=_now()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(token)
    path.chmod(0o600)
    return token


def _now() -> datetime:
    return datetime.now(UTC)


def _print_welcome(host: str, port: int, token: str | None) -> None:
    from reporting_gateway.storage.demo_data import CUSTOMERS

    headers = {"X-Customer": f"id={CUSTOMERS[0].id}"}
    if token:
        headers = {"X-Client-Authorization": token, **headers}
    url = f"http://{host}:{port}/graphql"
    explorer = f"{url}?{urlencode({'headers': json.dumps(headers)})}"
    print(
        f"\nreporting-gateway is starting on {url}\n\n"
        f"Open the explorer with the demo headers filled in:\n  {explorer}\n\n"
        f"Headers for any client (paste into GraphiQL's headers pane):\n  {json.dumps(headers)}\n"
        f"Demo customers: {', '.join(f'{c.id} ({c.name}, {c.timezone})' for c in CUSTOMERS)}\n"
        "Several at once: id=1000941_1000943, all=all, chain=Cats, country=US\n",
        flush=True,
    )


async def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.storage.engine import create_engine
    from reporting_gateway.storage.migrate import migrate

    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()
    print("database schema is up to date")
    return 0


async def _load(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.storage.engine import create_engine
    from reporting_gateway.storage.loader import LoadError, load_file
    from reporting_gateway.storage.migrate import migrate

    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        bar = ProgressBar(f"loading {args.table}")
        try:
            result = await load_file(
                engine, args.table, args.file, replace=args.replace, progress=bar.rows
            )
        finally:
            bar.finish()
    except LoadError as error:
        print(f"{args.file}: {error}; nothing was loaded", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    print(f"loaded {result.rows:,} rows into {result.table}")
    return 0


async def _demo_data(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.storage.demo_data import DemoData, is_empty, write_demo_data
    from reporting_gateway.storage.engine import create_engine
    from reporting_gateway.storage.migrate import migrate

    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        if not await is_empty(engine):
            print(
                "the store already has customers; demo data goes into an empty store only",
                file=sys.stderr,
            )
            return 1
        bar = ProgressBar("demo data")
        counts = await write_demo_data(
            engine, DemoData(scale=args.scale, seed=args.seed), bar.share
        )
        bar.finish()
    finally:
        await engine.dispose()
    for table, count in counts.items():
        print(f"{table:>20}  {count:>10,}")
    return 0


def _export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.schema.compatibility import compare
    from reporting_gateway.schema.sdl import export_schema

    sdl = export_schema()
    if args.output is None:
        sys.stdout.write(sdl)
        return 0
    committed = args.output.read_text() if args.output.exists() else None
    if committed == sdl:
        return 0 if args.check else _say(f"{args.output} is up to date")
    changes = compare(committed, sdl) if committed is not None else None
    for change in changes.dangerous if changes else []:
        print(f"  dangerous: {change}", file=sys.stderr)
    for change in changes.breaking if changes else []:
        print(f"  BREAKING: {change}", file=sys.stderr)
    if args.check:
        print(f"{args.output} is stale: run `make schema`", file=sys.stderr)
        return 1
    if changes and changes.breaking and not args.allow_breaking:
        print(
            f"refused: {len(changes.breaking)} breaking change(s) for clients of {args.output}. "
            "If that is deliberate, run `make schema ALLOW_BREAKING=1` "
            "(export-schema --allow-breaking) and note them in CHANGELOG.md.",
            file=sys.stderr,
        )
        return 1
    args.output.write_text(sdl)
    return _say(f"wrote {args.output}")


def _say(message: str) -> int:
    print(message)
    return 0


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.catalog import CATALOG
    from reporting_gateway.errors import GatewayError
    from reporting_gateway.exports.runner import export_to_file
    from reporting_gateway.exports.spec import ExportSpec, build_query, scope_of
    from reporting_gateway.exports.writers import Writer, columns
    from reporting_gateway.resolvers.context import RequestContext
    from reporting_gateway.storage.store import create_store

    if args.report not in CATALOG:
        print(f"unknown report {args.report!r}; see docs/reports.md", file=sys.stderr)
        return 1
    store = create_store(settings, sqlite_cache_kib=EXPORT_SQLITE_CACHE_KIB)
    try:
        known = await store.customers()
        customers = (
            tuple(c.id for c in known)
            if args.customers.strip() == "all"
            else tuple(_customer_ids(args.customers))
        )
        spec = ExportSpec(
            report=args.report,
            customers=customers,
            format=args.format,
            filter=json.loads(args.filter_tree) if args.filter_tree else None,
            aggregation=args.aggregate_by,
            page_size=args.page_size,
            start=args.start,
            end=args.end,
            interval=args.interval,
            fill_gaps=args.fill_gaps,
        )
        scope = scope_of(spec, known)
        if len(scope.customers) != len(set(customers)):
            print(
                f"unknown customer(s): {sorted(set(customers) - set(scope.ids))}", file=sys.stderr
            )
            return 1
        query = build_query(spec, RequestContext(store, settings, scope))
        started = time.monotonic()
        bar = ProgressBar(args.report)
        rows = await export_to_file(
            store, query, Writer(columns(query), args.format), args.output, bar.rows
        )
        bar.finish()
    except GatewayError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    finally:
        await store.close()
    seconds = max(time.monotonic() - started, 1e-9)
    peak = _peak_memory_mb()
    print(
        f"wrote {rows:,} rows to {args.output} in {seconds:.1f} s "
        f"({rows / seconds:,.0f} rows/s); peak memory {peak:.0f} MB",
        file=sys.stderr,
    )
    return 0


def _peak_memory_mb() -> float:
    """This process's own peak resident memory. On Linux, VmHWM: `ru_maxrss` would also count
    the memory of whatever process started this one (it survives exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (
        1024 * 1024 if sys.platform == "darwin" else 1024
    )


async def _tokens_create(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.catalog.registry import all_permits

    permits = {p.strip() for given in args.permit for p in given.split(",") if p.strip()}
    if "all" in permits:
        permits = (permits - {"all"}) | set(all_permits())
    unknown = permits - set(all_permits())
    if unknown:
        print(f"unknown permit(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 1
    customers = None if args.customers.strip() == "all" else _customer_ids(args.customers)
    async with _credentials(settings) as credentials:
        token, credential = await credentials.create(
            name=args.name,
            permits=sorted(permits),
            customers=customers,
            organization=args.organization,
            now=_now(),
        )
    print(
        f"created token {credential.id} ({credential.name}); it is shown only this once:\n{token}"
    )
    return 0


async def _tokens_list(args: argparse.Namespace, settings: Settings) -> int:
    async with _credentials(settings) as credentials:
        for c in await credentials.list():
            customers = "all" if c.customers is None else ",".join(map(str, sorted(c.customers)))
            state = f"revoked {c.revoked_at:%Y-%m-%d %H:%M}" if c.revoked_at else "active"
            print(
                f"{c.id:>4}  {c.name:<20} {c.prefix}…  org={c.organization}  "
                f"customers={customers}  {state}\n      permits: {', '.join(sorted(c.permits))}"
            )
    return 0


async def _tokens_revoke(args: argparse.Namespace, settings: Settings) -> int:
    async with _credentials(settings) as credentials:
        count = await credentials.revoke(args.token, _now())
    print(f"revoked {count} token(s)" if count else f"no active token {args.token!r}")
    return 0 if count else 1


def _customer_ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"--customers takes ids like 1,2 or `all`, not {text!r}") from None


@contextlib.asynccontextmanager
async def _credentials(settings: Settings) -> AsyncIterator[Any]:
    from reporting_gateway.storage.credentials import Credentials
    from reporting_gateway.storage.engine import create_engine
    from reporting_gateway.storage.migrate import migrate

    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        yield Credentials(engine, cache_seconds=0)
    finally:
        await engine.dispose()


def _export_docs(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.docs import reports_markdown, update_readme

    readme = args.root / "README.md"
    reports = args.root / "docs" / "reports.md"
    wanted = {readme: update_readme(readme.read_text()), reports: reports_markdown()}
    stale = [path for path, text in wanted.items() if not path.exists() or path.read_text() != text]
    if args.check:
        for path in stale:
            print(f"{path} is stale: run `make schema`", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(wanted[path])
        print(f"wrote {path}")
    return 0


def _settings(args: argparse.Namespace, settings: Settings) -> int:
    for name, default, help_text in settings_module.documentation():
        print(f"{name}  (default {default})\n    {help_text}")
    return 0

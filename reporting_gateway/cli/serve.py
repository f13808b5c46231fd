"""`serve`: the web server, with demo data and a demo token on request."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from reporting_gateway.cli.common import Commands, now, with_examples
from reporting_gateway.progress import ProgressBar
from reporting_gateway.settings import Settings


def register(commands: Commands) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve GraphQL (and GraphiQL in development)",
        **with_examples(
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
    if args.demo:
        _print_welcome(settings.host, settings.port, token)
    else:
        _print_start(settings)
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
            access_log=False,  # every request has one line of the gateway's own (ops/observe)
            limit_concurrency=settings.max_connections,
        )
    finally:
        if settings.workers > 1:
            from reporting_gateway.ops.metrics import MULTIPROCESS_ENV

            shutil.rmtree(os.environ[MULTIPROCESS_ENV], ignore_errors=True)
    return 0


def _share_metrics_between_workers() -> None:
    """Give the worker processes one fresh directory for their Prometheus samples."""
    from reporting_gateway.ops.metrics import MULTIPROCESS_ENV

    os.environ[MULTIPROCESS_ENV] = tempfile.mkdtemp(prefix="reporting-gateway-metrics-")


async def _prepare_demo(settings: Settings) -> str | None:
    """Migrate, load demo data into an empty store, and make sure a demo token exists."""
    from reporting_gateway.storage.engine import create_engine
    from reporting_gateway.storage.ingest.demo_data import DemoData, is_empty, write_demo_data
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
    from reporting_gateway.storage.state.credentials import Credentials

    credentials = Credentials(engine, cache_seconds=0)
    path = Path("var") / "demo-token"
    if path.exists() and await credentials.find(path.read_text().strip()):
        return path.read_text().strip()
    token, _ = await credentials.create(
        name="demo", permits=all_permits(), customers=None, organization="demo", now=now()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(token)
    path.chmod(0o600)
    return token


def _print_start(settings: Settings) -> None:
    """Where the gateway listens and, outside production, how to call it."""
    url = f"http://{settings.host}:{settings.port}/graphql"
    lines = [f"\nreporting-gateway is starting on {url}"]
    if not settings.production:
        lines.append(f"GraphiQL: open {url} in a browser.")
    if settings.auth:
        lines.append(
            "Clients need a token: reporting-gateway tokens create --name NAME --permit all "
            "--customers all (send it as X-Client-Authorization)."
        )
    print("\n".join(lines) + "\n", flush=True)


def _print_welcome(host: str, port: int, token: str | None) -> None:
    from reporting_gateway.storage.ingest.demo_data import CUSTOMERS

    headers = {"X-Customer": f"id={CUSTOMERS[0].id}"}
    if token:
        headers = {"X-Client-Authorization": token, **headers}
    url = f"http://{host}:{port}/graphql"
    explorer = f"{url}?{urlencode({'headers': json.dumps(headers)})}"
    print(
        f"\nreporting-gateway is starting on {url}\n\n"
        f"Open the explorer with the demo headers filled in:\n  {explorer}\n\n"
        f"Headers for any other client:\n  {json.dumps(headers)}\n"
        f"Demo customers: {', '.join(f'{c.id} ({c.name}, {c.timezone})' for c in CUSTOMERS)}\n"
        "Several at once: id=1000941_1000943, all=all, chain=Cats, country=US\n",
        flush=True,
    )

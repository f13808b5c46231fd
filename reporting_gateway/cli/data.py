"""`migrate`, `load` and `demo-data`: getting data into the store."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reporting_gateway.cli.common import Commands, with_examples
from reporting_gateway.progress import ProgressBar
from reporting_gateway.settings import Settings


def register(commands: Commands) -> None:
    migrate = commands.add_parser(
        "migrate",
        help="create or upgrade the database schema",
        **with_examples(
            "reporting-gateway migrate",
            "REPORTING_DATABASE_URL=postgresql+asyncpg://app@db:5432/reports \\\n"
            "      reporting-gateway migrate",
        ),
    )
    migrate.set_defaults(command=_migrate, is_async=True)

    load = commands.add_parser(
        "load",
        help="load a CSV or JSON Lines file into a table (all or nothing)",
        **with_examples(
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
        **with_examples(
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


async def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.storage.engine import create_engine
    from reporting_gateway.storage.migrate import is_current, migrate

    engine = create_engine(settings.database_url)
    try:
        was_current = await is_current(engine)
        rebuilt = await migrate(engine)
    finally:
        await engine.dispose()
    print(
        "database schema is up to date"
        if was_current
        else "database schema created or upgraded to this version"
    )
    if rebuilt:
        print(f"rollups built from the facts: {', '.join(rebuilt)}")
    return 0


async def _load(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.storage.engine import create_engine
    from reporting_gateway.storage.ingest.loader import LoadError, load_file
    from reporting_gateway.storage.migrate import migrate

    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        bar = ProgressBar(f"loading {args.table}")
        started = time.monotonic()
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
    seconds = time.monotonic() - started
    rate = f", {result.rows / seconds:,.0f} rows/s" if seconds > 0 and result.rows else ""
    print(f"loaded {result.rows:,} rows into {result.table} in {seconds:.1f} s{rate}")
    return 0


async def _demo_data(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.storage.engine import create_engine
    from reporting_gateway.storage.ingest.demo_data import DemoData, is_empty, write_demo_data
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

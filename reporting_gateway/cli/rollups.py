"""`rollups rebuild [NAME]` and `rollups check`: the pre-aggregated tables against the facts."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from reporting_gateway.cli.common import Commands, now, with_examples
from reporting_gateway.settings import Settings

if TYPE_CHECKING:
    from reporting_gateway.storage.rollups.model import Rollup


def register(commands: Commands) -> None:
    rollups = commands.add_parser(
        "rollups",
        help="rebuild the rollups from the facts, or check them against the facts",
        **with_examples(
            "reporting-gateway rollups check",
            "reporting-gateway rollups rebuild",
            "reporting-gateway rollups rebuild sending_events      # every rollup it feeds",
            "reporting-gateway rollups rebuild sending_counters",
        ),
    )
    actions = rollups.add_subparsers(required=True, metavar="ACTION")
    rebuild = actions.add_parser(
        "rebuild", help="recompute rollups from the facts, in one transaction"
    )
    rebuild.add_argument(
        "name",
        nargs="?",
        help="a rollup, or a fact table (every rollup it feeds); default: every rollup",
    )
    rebuild.set_defaults(command=_rebuild, is_async=True)
    check = actions.add_parser(
        "check", help="compare every rollup with the facts; exit 1 naming any difference"
    )
    check.add_argument("--limit", type=int, default=20, help="differences to list at most")
    check.set_defaults(command=_check, is_async=True)


def chosen(name: str | None) -> list[Rollup]:
    """The rollups a name stands for: one rollup, those a fact table feeds, or all."""
    from reporting_gateway.storage.facts.tables import FACT_TABLES
    from reporting_gateway.storage.rollups.definitions import BY_NAME, ROLLUPS

    if name is None:
        return list(ROLLUPS)
    if name in BY_NAME:
        return [BY_NAME[name]]
    tables = {table.name: table for table in FACT_TABLES}
    if name in tables:
        if name == "customers":  # the customers' timezones bucket every rollup
            return list(ROLLUPS)
        fed = [rollup for rollup in ROLLUPS if rollup.reads(tables[name])]
        if fed:
            return fed
        raise ValueError(f"no rollup reads the table {name!r}")
    raise ValueError(
        f"{name!r} is neither a rollup nor a fact table; the rollups are: {', '.join(BY_NAME)}"
    )


async def _rebuild(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.storage.engine import create_engine, refresh_statistics
    from reporting_gateway.storage.migrate import migrate
    from reporting_gateway.storage.rollups.rebuild import rebuild
    from reporting_gateway.storage.rollups.tables import ALL_TABLES

    rollups = chosen(args.name)
    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        started = time.monotonic()
        async with engine.begin() as connection:
            await rebuild(connection, rollups, now())
        await refresh_statistics(engine, ALL_TABLES)
    finally:
        await engine.dispose()
    names = ", ".join(rollup.name for rollup in rollups)
    print(f"rebuilt {len(rollups)} rollup(s) in {time.monotonic() - started:.1f} s: {names}")
    return 0


async def _check(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.storage.engine import create_engine
    from reporting_gateway.storage.migrate import migrate
    from reporting_gateway.storage.rollups.check import check
    from reporting_gateway.storage.rollups.definitions import ROLLUPS

    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        async with engine.connect() as connection:
            differences = await check(connection, ROLLUPS, limit=args.limit)
    finally:
        await engine.dispose()
    if not differences:
        print(f"every rollup ({len(ROLLUPS)}) equals what the facts give")
        return 0
    print(f"rollups differ from the facts ({len(differences)} shown):", file=sys.stderr)
    for difference in differences:
        print(f"  {difference}", file=sys.stderr)
    print(
        "`reporting-gateway rollups rebuild NAME` recomputes one from the facts.", file=sys.stderr
    )
    return 1

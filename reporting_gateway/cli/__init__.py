"""The `reporting-gateway` command: serve, migrate, load, demo-data, rollups, tokens, export-*,
settings.

Each module registers its commands; a command is `command(args, settings) -> exit code`,
async where it talks to the database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence

from reporting_gateway.cli import data, exports, rollups, schema, serve, tokens
from reporting_gateway.cli.common import examples_text
from reporting_gateway.settings import Settings


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        code = (
            asyncio.run(args.command(args, settings))
            if args.is_async
            else args.command(args, settings)
        )
    except BrokenPipeError:  # `reporting-gateway settings | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        code = 141  # 128 + SIGPIPE, as a tool killed by the signal reports
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        code = 1
    sys.exit(code)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="reporting-gateway",
        description="A GraphQL gateway over a loyalty-club reporting API. Settings come from "
        "REPORTING_* environment variables and .env (see `reporting-gateway settings`).",
        epilog=examples_text("reporting-gateway serve --demo", "reporting-gateway COMMAND --help"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = root.add_subparsers(required=True, metavar="COMMAND")
    for module in (serve, data, rollups, schema, exports, tokens):
        module.register(commands)
    return root

"""`tokens create|list|revoke`: client tokens, shown once, stored hashed."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import AsyncIterator
from typing import Any

from reporting_gateway.cli.common import Commands, customer_ids, now, with_examples
from reporting_gateway.settings import Settings


def register(commands: Commands) -> None:
    tokens = commands.add_parser(
        "tokens",
        help="create, list and revoke client tokens",
        **with_examples(
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


async def _tokens_create(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.catalog.registry import all_permits

    permits = {p.strip() for given in args.permit for p in given.split(",") if p.strip()}
    if "all" in permits:
        permits = (permits - {"all"}) | set(all_permits())
    unknown = permits - set(all_permits())
    if unknown:
        print(f"unknown permit(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 1
    customers = None if args.customers.strip() == "all" else customer_ids(args.customers)
    async with _credentials(settings) as credentials:
        token, credential = await credentials.create(
            name=args.name,
            permits=sorted(permits),
            customers=customers,
            organization=args.organization,
            now=now(),
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
        count = await credentials.revoke(args.token, now())
    print(f"revoked {count} token(s)" if count else f"no active token {args.token!r}")
    return 0 if count else 1


@contextlib.asynccontextmanager
async def _credentials(settings: Settings) -> AsyncIterator[Any]:
    from reporting_gateway.storage.engine import create_engine
    from reporting_gateway.storage.migrate import migrate
    from reporting_gateway.storage.state.credentials import Credentials

    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        yield Credentials(engine, cache_seconds=0)
    finally:
        await engine.dispose()

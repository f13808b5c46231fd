"""`export-schema`, `export-docs` and `settings`: the generated contract and documentation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reporting_gateway import settings as settings_module
from reporting_gateway.cli.common import Commands, with_examples
from reporting_gateway.settings import Settings


def register(commands: Commands) -> None:
    schema = commands.add_parser(
        "export-schema",
        help="write the GraphQL SDL (schema.graphql)",
        **with_examples(
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

    openapi = commands.add_parser(
        "export-openapi",
        help="write the REST API's OpenAPI 3.1 document (openapi.json)",
        **with_examples(
            "reporting-gateway export-openapi --output openapi.json",
            "reporting-gateway export-openapi --output openapi.json --check",
        ),
    )
    openapi.add_argument("--output", type=Path, help="file to write (default: stdout)")
    openapi.add_argument("--check", action="store_true", help="fail if --output differs instead")
    openapi.set_defaults(command=_export_openapi, is_async=False)

    docs = commands.add_parser(
        "export-docs",
        help="write docs/reports.md and the README's generated parts",
        **with_examples("reporting-gateway export-docs", "reporting-gateway export-docs --check"),
    )
    docs.add_argument("--root", type=Path, default=Path("."), help="project root")
    docs.add_argument("--check", action="store_true", help="fail if they are stale instead")
    docs.set_defaults(command=_export_docs, is_async=False)

    show = commands.add_parser(
        "settings",
        help="list the settings and their environment variables",
        **with_examples("reporting-gateway settings"),
    )
    show.set_defaults(command=_settings, is_async=False)


def _export_openapi(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.catalog import CATALOG
    from reporting_gateway.rest.openapi import openapi_json

    document = openapi_json(CATALOG)
    if args.output is None:
        sys.stdout.write(document)
        return 0
    if args.output.exists() and args.output.read_text() == document:
        return 0 if args.check else _say(f"{args.output} is up to date")
    if args.check:
        print(f"{args.output} is stale: run `make schema`", file=sys.stderr)
        return 1
    args.output.write_text(document)
    return _say(f"wrote {args.output}")


def _export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.gateway_schema import export_schema
    from reporting_gateway.schema.compatibility import compare

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

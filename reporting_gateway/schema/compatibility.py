"""Would clients built against the committed schema break against the new one?

Codegen'd frontends compile against `schema.graphql`; a removed field, a narrowed type or a
new required argument breaks them at run time. `export-schema` refuses such a change unless it
is asked for with `--allow-breaking`, and the test suite names each one when the committed
schema is stale, so a breaking change is always a decision, never an accident.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import build_schema, find_breaking_changes, find_dangerous_changes


@dataclass(frozen=True)
class Changes:
    breaking: list[str]
    dangerous: list[str]  # valid for old clients, but may change what they see (new enum values…)


def compare(committed_sdl: str, new_sdl: str) -> Changes:
    old, new = build_schema(committed_sdl), build_schema(new_sdl)
    return Changes(
        breaking=sorted(
            f"{change.type.name}: {change.description}"
            for change in find_breaking_changes(old, new)
        ),
        dangerous=sorted(
            f"{change.type.name}: {change.description}"
            for change in find_dangerous_changes(old, new)
        ),
    )

"""What the commands share: the shape of a command, --help examples, customer ids, the clock."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

Commands = Any  # argparse's subparsers action (a private type)


def with_examples(*examples: str) -> dict[str, Any]:
    """add_parser keywords for a command whose --help ends with examples."""
    return {
        "epilog": examples_text(*examples),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }


def examples_text(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def customer_ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"--customers takes ids like 1,2 or `all`, not {text!r}") from None


def now() -> datetime:
    return datetime.now(UTC)

"""The lockfiles pin, with hashes, every dependency pyproject.toml declares (`make lock`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def pinned(lockfile: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / lockfile).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line)
        if match:
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


@pytest.mark.parametrize(
    ("lockfile", "extras"),
    [("requirements.lock", ()), ("requirements-dev.lock", ("dev", "client"))],
)
def test_every_declared_dependency_is_pinned_with_hashes(
    lockfile: str, extras: tuple[str, ...]
) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in extras:
        declared += project["optional-dependencies"][extra]
    locked = pinned(lockfile)
    missing = [r for r in declared if _name(r) not in locked]
    assert not missing, f"{lockfile} lacks {missing}: run `make lock`"
    text = (ROOT / lockfile).read_text()
    assert text.count("--hash=sha256:") >= len(locked)  # every pin carries its hashes

"""graphql-schema-linter and @graphql-eslint's schema rules (pinned by clients/schema-lint's
lockfile) over schema.graphql, with the committed configs (graphql-schema-linter.config.js,
eslint.config.mjs, which list every rule kept off and why): no finding."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clients.conftest import ROOT, require_npm_install

pytestmark = pytest.mark.slow


def test_the_committed_schema_passes_the_schema_linter() -> None:
    package = require_npm_install("schema-lint")
    result = subprocess.run(  # noqa: S603 - the package's own script
        [shutil.which("npm") or "npm", "run", "--silent", "lint"],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors detected" in result.stdout


def _eslint(package: Path, root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the package's own eslint
        [
            str(package / "node_modules" / ".bin" / "eslint"),
            "--max-warnings", "0",
            "-c", str(package / "eslint.config.mjs"),
            "schema.graphql",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip


def test_the_committed_schema_passes_graphql_eslint() -> None:
    package = require_npm_install("schema-lint")
    result = _eslint(package, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_graphql_eslint_reports_what_its_rules_forbid(tmp_path: Path) -> None:
    """The same config over a schema that breaks its rules: the run is a real check."""
    package = require_npm_install("schema-lint")
    (tmp_path / "schema.graphql").write_text(
        "type Query { things(first: Int): [thing] }\ntype thing { name: String }\n"
    )
    result = _eslint(package, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    for rule in ("require-description", "naming-convention", "strict-id-in-types"):
        assert rule in result.stdout, (rule, result.stdout)

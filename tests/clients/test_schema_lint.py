"""graphql-schema-linter (pinned by clients/schema-lint's lockfile) over schema.graphql, with the
committed rules (clients/schema-lint/graphql-schema-linter.config.js): no finding."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.clients.conftest import require_npm_install

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

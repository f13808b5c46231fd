"""graphql-codegen and tsc, the real tools: the committed TypeScript types are what codegen makes
of schema.graphql and the operations, and the code using them compiles — and stops compiling
when it reads a field its operation did not select."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clients.conftest import ROOT, require_npm_install

pytestmark = pytest.mark.slow
GENERATED = Path("src/generated/graphql.ts")


@pytest.fixture(scope="module")
def client_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """clients/typescript beside a copy of schema.graphql, in a scratch folder, so codegen's
    output can be compared with the committed file without touching it."""
    package = require_npm_install("typescript")
    root = tmp_path_factory.mktemp("ts")
    shutil.copy(ROOT / "schema.graphql", root / "schema.graphql")
    copy = root / "clients" / "typescript"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("node_modules"))
    (copy / "node_modules").symlink_to(package / "node_modules")
    return copy


def npm(folder: Path, script: str) -> subprocess.CompletedProcess[str]:
    """`npm run SCRIPT` in the copy: the scripts are the package's own (package.json)."""
    return subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [shutil.which("npm") or "npm", "run", "--silent", script],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_codegen_output_is_committed_and_current(client_copy: Path) -> None:
    (client_copy / GENERATED).unlink()
    result = npm(client_copy, "codegen")
    assert result.returncode == 0, result.stdout + result.stderr
    committed = (ROOT / "clients" / "typescript" / GENERATED).read_text()
    assert (client_copy / GENERATED).read_text() == committed, (
        "clients/typescript/src/generated/graphql.ts is stale: run `make schema`"
    )


def test_the_consumer_compiles_against_the_generated_types(client_copy: Path) -> None:
    result = npm(client_copy, "typecheck")
    assert result.returncode == 0, result.stdout + result.stderr


def test_reading_a_field_the_operation_did_not_select_fails_to_compile(client_copy: Path) -> None:
    wrong = client_copy / "src" / "wrong.ts"
    wrong.write_text(
        'import type { MembersPageQuery } from "./generated/graphql";\n'
        "export const email = (page: MembersPageQuery) => page.members?.edges[0]?.node.email;\n"
    )
    try:
        result = npm(client_copy, "typecheck")
    finally:
        wrong.unlink()
    assert result.returncode != 0
    assert "Property 'email' does not exist" in result.stdout + result.stderr


def test_codegen_rejects_an_operation_the_schema_does_not_have(client_copy: Path) -> None:
    bad = client_copy / "src" / "operations" / "bad.graphql"
    bad.write_text("query Bad { members(first: 1) { nodes { email } } }\n")
    try:
        result = npm(client_copy, "codegen")
    finally:
        bad.unlink()
    assert result.returncode != 0
    assert 'Cannot query field "email" on type "MembersRecord"' in result.stdout + result.stderr

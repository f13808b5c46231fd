"""The architecture, checked: dependencies point one way and no layer copies per-report code."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from reporting_gateway.catalog import CATALOG

PACKAGE = Path(__file__).parents[1] / "reporting_gateway"


def imports(folder: str) -> dict[Path, set[str]]:
    found: dict[Path, set[str]] = {}
    for path in (PACKAGE / folder).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[path] = names
    return found


def test_the_catalog_imports_only_the_standard_library_and_itself() -> None:
    for path, names in imports("catalog").items():
        for name in names:
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or name.startswith("reporting_gateway.catalog"), (
                path,
                name,
            )


def test_schema_resolvers_and_rest_never_import_sqlalchemy() -> None:
    for folder in ("schema", "resolvers", "rest"):
        for path, names in imports(folder).items():
            assert not any(n.split(".")[0] == "sqlalchemy" for n in names), path


def test_storage_never_imports_the_layers_above_it() -> None:
    for path, names in imports("storage").items():
        for layer in ("schema", "resolvers", "api", "rest", "access", "server"):
            assert not any(n.startswith(f"reporting_gateway.{layer}") for n in names), (path, layer)


def test_schema_resolvers_and_api_name_no_report() -> None:
    """Per-report behaviour belongs in the catalog (and storage/facts/sources.py), never in a layer above."""
    for folder in ("schema", "resolvers", "api", "rest"):
        for path in (PACKAGE / folder).rglob("*.py"):
            literals = {
                node.value
                for node in ast.walk(ast.parse(path.read_text()))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            }
            assert not literals & set(CATALOG), (path, literals & set(CATALOG))


def test_modules_stay_small() -> None:
    sizes = {
        path: len(path.read_text().splitlines())
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
    }
    too_big = {str(p.relative_to(PACKAGE)): n for p, n in sizes.items() if n > 600}
    assert not too_big


def test_the_schema_package_never_imports_what_builds_on_it() -> None:
    """geo/ and exports/ build their root fields with schema/; the gateway assembles them
    (`gateway_schema.py`). An import back would be a circle."""
    for path, names in imports("schema").items():
        for layer in ("geo", "exports", "api", "server", "gateway_schema"):
            assert not any(n.startswith(f"reporting_gateway.{layer}") for n in names), (path, layer)

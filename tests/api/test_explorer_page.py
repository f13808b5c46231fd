"""The GraphiQL page: served in development only, its example tabs run cleanly, and its scripts
come from the bundle built from the lockfile or from esm.sh at the same versions."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import httpx
import pytest

from reporting_gateway.api.explorer_assets import (
    APP,
    BUILT,
    IMPORT_MAP,
    VERSIONS,
    ExplorerAssets,
)
from reporting_gateway.api.graphiql import EXAMPLE_TABS, graphiql_html
from reporting_gateway.storage.store import Store
from tests.conftest import serve
from tests.helpers import data

ROOT = Path(__file__).parents[2]
HTML = {"Accept": "text/html"}
IMPORT = re.compile(r'^import\s+(?:[^;]*?\sfrom\s+)?"([^"]+)";', re.M)  # our modules use "…"


def tabs_of(page: str) -> list[dict[str, str | None]]:
    match = re.search(r'<script id="explorer-config" type="application/json">(.*?)</script>', page)
    assert match
    return json.loads(match.group(1))["examples"]  # type: ignore[no-any-return]


async def test_the_page_opens_one_tab_per_format(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers=HTML)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    tabs = tabs_of(response.text)
    assert [t["query"] for t in tabs] == [t.query for t in EXAMPLE_TABS]
    kinds = " ".join(str(t["query"]).split("\n")[0] for t in tabs)
    assert "Records" in kinds and "Timeseries" in kinds and "Statistics" in kinds
    assert '<div id="explorer">' in response.text


@pytest.mark.parametrize("tab", EXAMPLE_TABS, ids=lambda t: t.query.split("query ")[1].split()[0])
async def test_every_example_runs_without_errors(client: httpx.AsyncClient, tab: object) -> None:
    variables = tab.variables_for(date.today())  # type: ignore[attr-defined]
    await data(client, tab.query, json.loads(variables) if variables else None)  # type: ignore[attr-defined]


def test_the_timeseries_example_covers_the_last_30_days() -> None:
    tabs = tabs_of(graphiql_html(ExplorerAssets(None), today=date(2026, 3, 31)))
    assert json.loads(str(tabs[1]["variables"])) == {
        "from": "2026-03-01T00:00:00",
        "to": "2026-03-31T00:00:00",
    }


async def test_production_serves_no_explorer(store: Store, token: str) -> None:
    async with serve(store, token, env="production") as http:
        response = await http.get("/graphql", headers=HTML)
    assert response.status_code == 400  # a malformed request, as any GET without a query
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_cdn_assets_are_the_locked_versions() -> None:
    lock = json.loads((ROOT / "clients" / "explorer" / "package-lock.json").read_text())
    for package, version in VERSIONS.items():
        assert lock["packages"][f"node_modules/{package}"]["version"] == version, package
    for url in IMPORT_MAP.values():
        match = re.match(r"https://esm\.sh/(@?[^@]+)@([^/?]+)", url)
        assert match and VERSIONS[match.group(1)] == match.group(2), url


def test_every_import_of_the_explorer_module_is_mapped_for_the_cdn() -> None:
    """Unbundled, the browser resolves our module's imports by the import map alone."""
    imports: set[str] = set()
    for source in APP.glob("*.js"):
        imports |= set(IMPORT.findall(source.read_text()))
    relative = {name for name in imports if name.startswith("./")}
    assert {f"./{path.name}" for path in APP.glob("*.js")} >= relative
    assert imports - relative and imports - relative <= set(IMPORT_MAP), imports - set(IMPORT_MAP)


async def test_cdn_mode_serves_our_module_and_maps_its_imports(store: Store, token: str) -> None:
    async with serve(store, token, explorer_assets="cdn") as http:
        page = (await http.get("/graphql", headers=HTML)).text
        assert '<script type="importmap">' in page and "https://esm.sh/graphiql@5." in page
        app = await http.get("/graphiql/app/app.js")
        assert app.status_code == 200 and app.headers["content-type"].startswith("text/javascript")
        assert (await http.get("/graphiql/app/charts.js")).status_code == 200
        assert (await http.get("/graphiql/app/app.py")).status_code == 404
        assert (await http.get("/graphiql/assets/explorer.js")).status_code == 404


def test_a_directory_without_the_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"lacks explorer\.js, explorer\.css"):
        ExplorerAssets.from_setting(str(tmp_path))


def test_a_built_directory_is_served_with_versioned_urls(tmp_path: Path) -> None:
    for name in BUILT:
        (tmp_path / name).write_text(f"/* {name} */")
    assets = ExplorerAssets.from_setting(str(tmp_path))
    page = graphiql_html(assets)
    assert f"/graphiql/assets/explorer.js?v={assets.version}" in page
    assert "/graphiql/assets/graphql.worker.js" in page and "importmap" not in page
    (tmp_path / "explorer.js").write_text("/* rebuilt */")
    assert ExplorerAssets.from_setting(str(tmp_path)).version != assets.version

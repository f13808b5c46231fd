"""The GraphiQL page: served in development only, its example tabs run cleanly, and its scripts
come from the pinned npm package or the CDN at the same versions."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import httpx
import pytest

from reporting_gateway.api.explorer_assets import FILES, VERSIONS, ExplorerAssets
from reporting_gateway.api.graphiql import EXAMPLE_TABS, graphiql_html
from reporting_gateway.storage.store import Store
from tests.conftest import serve
from tests.helpers import data

ROOT = Path(__file__).parents[2]
HTML = {"Accept": "text/html"}


def tabs_of(page: str) -> list[dict[str, str | None]]:
    match = re.search(r"const examples = (\[.*?\])\.map", page, re.S)
    assert match
    return json.loads(match.group(1))  # type: ignore[no-any-return]


async def test_the_page_opens_one_tab_per_format(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers=HTML)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    tabs = tabs_of(response.text)
    assert [t["query"] for t in tabs] == [t.query for t in EXAMPLE_TABS]
    kinds = " ".join(str(t["query"]).split("\n")[0] for t in tabs)
    assert "Records" in kinds and "Timeseries" in kinds and "Statistics" in kinds
    assert 'id="x-customer"' in response.text


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
        assert lock["packages"][f"node_modules/{package}"]["version"] == version
    cdn = ExplorerAssets.from_setting("cdn")
    assert (
        cdn.url("graphiql.js")
        == f"https://unpkg.com/graphiql@{VERSIONS['graphiql']}/graphiql.min.js"
    )
    assert {cdn.url(name).split("@")[1].split("/")[0] for name in FILES} <= set(VERSIONS.values())


async def test_no_files_are_served_in_cdn_mode(store: Store, token: str) -> None:
    async with serve(store, token, explorer_assets="cdn") as http:
        page = (await http.get("/graphql", headers=HTML)).text
        assert "https://unpkg.com/graphiql@" in page
        assert (await http.get("/graphiql/assets/graphiql.js")).status_code == 404


def test_a_directory_without_the_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"lacks react.*graphiql/graphiql\.min\.js"):
        ExplorerAssets.from_setting(str(tmp_path))

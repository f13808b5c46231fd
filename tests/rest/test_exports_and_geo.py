"""The REST export endpoints make the GraphQL export jobs; the Geo API answers as GraphQL's."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from reporting_gateway.storage.store import Store
from tests.conftest import serve
from tests.helpers import data


@pytest.fixture
async def http(store: Store, token: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(store, token, rate_limit_capacity=10**9, export_dir=str(tmp_path)) as client:
        yield client


async def post(http: httpx.AsyncClient, path: str, body: Any, customer: str = "id=101") -> Any:
    return await http.post(path, json=body, headers={"X-Customer": customer})


async def finished(http: httpx.AsyncClient, job: dict[str, Any]) -> dict[str, Any]:
    await http.app.state.export_worker.run_once()  # type: ignore[attr-defined]
    response = await http.get(f"/v1/reporting/exports/{job['id']}")
    assert response.status_code == 200, response.text
    shown: dict[str, Any] = response.json()
    return shown


async def test_a_records_export_holds_every_record_of_the_query(http: httpx.AsyncClient) -> None:
    created = await post(
        http, "/v1/reporting/export/records", {"report": "sendings_links_stats", "page_size": 3}
    )
    assert created.status_code == 200, created.text
    job = created.json()
    assert job["status"] == "queued" and job["tenants"] is False
    done = await finished(http, job)
    assert done["status"] == "done" and done["progress"] == 1.0
    rows = list(csv.DictReader(io.StringIO((await http.get(done["download_url"])).text)))
    query = await post(http, "/v1/reporting/query", {"report": "sendings_links_stats",
                                                     "page_size": 1000})  # fmt: skip
    records = query.json()["records"]
    assert [r["source_id"] for r in rows] == [r["source_id"] for r in records]
    assert done["rows_written"] == len(records) > 3


async def test_a_tenants_timeseries_export_as_jsonl(http: httpx.AsyncClient) -> None:
    body = {
        "report": "sendings_events_history",
        "from": "2026-10-20T00:00:00",
        "to": "2026-11-04T00:00:00",
        "aggregate_by": "total_channel",
        "format": "jsonl",
    }
    created = await post(http, "/v1/reporting/tenants/export/timeseries", body, "id=101_103")
    assert created.status_code == 200, created.text
    assert created.json()["tenants"] is True
    done = await finished(http, created.json())
    lines = (await http.get(done["download_url"])).text.splitlines()
    assert lines and all(json.loads(line) for line in lines)


async def test_export_endpoints_refuse_what_they_do_not_take(http: httpx.AsyncClient) -> None:
    several = await post(http, "/v1/reporting/export/records", {"report": "sendings"}, "id=101_103")
    assert several.status_code == 471 and "tenants" in several.json()["hint"]
    wrong_kind = await post(http, "/v1/reporting/export/records", {"report": "sendings_stats"})
    assert wrong_kind.json()["details"]["report"][0]["error"] == "invalid"
    cursor = await post(http, "/v1/reporting/export/records", {"report": "sendings",
                                                               "page_info": "x"})  # fmt: skip
    assert cursor.json()["details"]["page_info"][0]["error"] == "unknown_key"
    file_format = await post(
        http, "/v1/reporting/export/records", {"report": "sendings", "format": "xlsx"}
    )
    assert file_format.json()["details"]["format"][0]["error"] == "inclusion"
    unknown = await http.get("/v1/reporting/exports/0123456789abcdef")
    assert unknown.status_code == 404 and "error" in unknown.json()


async def test_places_are_the_graphql_places(http: httpx.AsyncClient) -> None:
    near = {"lat": 59.91, "lon": 10.75, "radius_km": 3000}
    answer = await post(http, "/v1/geo/places", {"page_size": 1000, "near": near})
    assert answer.status_code == 200, answer.text
    records = answer.json()["records"]
    graphql = await data(
        http,
        "{ places(first: 1000, near: {lat: 59.91, lon: 10.75, radiusKm: 3000}) "
        "{ nodes { databaseId name } } }",
    )
    assert [(r["id"], r["name"]) for r in records] == [
        (n["databaseId"], n["name"]) for n in graphql["places"]["nodes"]
    ]
    assert records
    one = await http.get(f"/v1/geo/places/{records[0]['id']}", headers={"X-Customer": "id=101"})
    assert one.status_code == 200
    assert one.json()["place"] == {**records[0], "distance_km": None}  # no point to measure from
    missing = await http.get("/v1/geo/places/999999", headers={"X-Customer": "id=101"})
    assert missing.status_code == 404
    bad_near = await post(http, "/v1/geo/places", {"near": {"lat": "north", "lon": 1,
                                                            "radius_km": 1}})  # fmt: skip
    assert bad_near.json()["details"]["near"]["lat"][0]["error"] == "invalid_type"


async def test_location_coordinates(http: httpx.AsyncClient) -> None:
    answer = await post(
        http, "/v1/geo/locations/coordinates", {"locations": [{"city": "Oslo", "country": "NO"}]}
    )
    assert answer.status_code == 200, answer.text
    [oslo] = answer.json()["locations"]
    assert oslo["status"] == "found" and round(oslo["latitude"]) == 60
    none = await post(http, "/v1/geo/locations/coordinates", {"locations": []})
    assert none.status_code == 422 and "locations" in none.json()["details"]

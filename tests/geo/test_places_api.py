"""Places over HTTP: distances computed in SQL equal a haversine computed here."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest

from reporting_gateway.catalog import QUERY_PERMIT
from reporting_gateway.storage.store import Store
from tests import factories as f
from tests.conftest import create_token, serve
from tests.helpers import data, errors, graphql

CENTRE = (52.2297, 21.0122)  # Warsaw


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


QUERY = """query($near: NearInput, $after: String, $first: Int!) {
  places(first: $first, after: $after, near: $near) {
    nodes { databaseId loyaltyClubId name city latitude longitude distanceKm }
    pageInfo { hasNextPage endCursor } } }"""


async def all_places(
    client: httpx.AsyncClient, customer: str, near: dict[str, float] | None, first: int
) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = (
            await data(
                client, QUERY, {"near": near, "after": after, "first": first}, customer=customer
            )
        )["places"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("first", [1, 2, 100])
async def test_near_sorts_by_distance_within_the_radius(
    client: httpx.AsyncClient, first: int
) -> None:
    near = {"lat": CENTRE[0], "lon": CENTRE[1], "radiusKm": 300.0}
    nodes = await all_places(client, "id=101_102_103", near, first)
    mine = [p for p in f.PLACES if p["customer_id"] in (101, 102, 103)]
    want = sorted(
        (
            (haversine_km(*CENTRE, p["latitude"], p["longitude"]), p["customer_id"], p["id"])
            for p in mine
        ),
    )
    want = [w for w in want if w[0] <= 300]
    assert [(n["loyaltyClubId"], n["databaseId"]) for n in nodes] == [(c, i) for _, c, i in want]
    for node, (distance, _, _) in zip(nodes, want, strict=True):
        assert node["distanceKm"] == pytest.approx(distance, rel=1e-9)
    assert {n["city"] for n in nodes} == {"Warsaw", "Kraków"}  # Kraków is about 250 km away
    assert len(nodes) < len(mine)  # New York is not


async def test_without_near_places_come_by_id_without_distance(client: httpx.AsyncClient) -> None:
    nodes = await all_places(client, "id=103", None, 2)
    assert [n["databaseId"] for n in nodes] == sorted(
        p["id"] for p in f.PLACES if p["customer_id"] == 103
    )
    assert {n["distanceKm"] for n in nodes} == {None}


async def test_one_place_by_id_only_of_the_selected_customers(client: httpx.AsyncClient) -> None:
    place = next(p for p in f.PLACES if p["customer_id"] == 102)
    query = "query($id: Int!) { place(id: $id) { id name } }"
    assert (await data(client, query, {"id": place["id"]}, customer="id=102"))["place"][
        "name"
    ] == place["name"]
    assert (await data(client, query, {"id": place["id"]}, customer="id=101"))["place"] is None


async def test_a_near_cursor_is_bound_to_its_point(client: httpx.AsyncClient) -> None:
    near = {"lat": CENTRE[0], "lon": CENTRE[1], "radiusKm": 300.0}
    page = (await data(client, QUERY, {"near": near, "first": 1}))["places"]
    moved = {**near, "lat": 50.0}
    status, errs = await errors(
        client, QUERY, {"near": moved, "first": 1, "after": page["pageInfo"]["endCursor"]}
    )
    assert status == 422
    assert errs[0]["extensions"]["code"] == "INVALID_CURSOR"


@pytest.mark.parametrize(
    "near", [{"lat": 91.0, "lon": 0.0, "radiusKm": 1.0}, {"lat": 0.0, "lon": 0.0, "radiusKm": 0.0}]
)
async def test_an_impossible_point_or_radius_is_bad_request(
    client: httpx.AsyncClient, near: dict[str, float]
) -> None:
    status, errs = await errors(client, QUERY, {"near": near, "first": 1})
    assert status == 422 and errs[0]["extensions"]["code"] == "BAD_REQUEST"


LOCATE = "query($l: [LocationInput!]!) { locationCoordinates(locations: $l) { city country status latitude longitude candidates { name country } } }"


async def test_locations_are_found_missed_or_ambiguous(client: httpx.AsyncClient) -> None:
    found = (
        await data(
            client,
            LOCATE,
            {
                "l": [
                    {"city": "Kraków"},
                    {"city": "warszawa", "country": "PL"},
                    {"city": "Springfield"},
                    {"city": "Springfield", "country": "US"},
                    {"city": "Qwxzplorb"},
                    {"city": "Oslo", "country": "Narnia"},
                ]
            },
            customer=None,
        )
    )["locationCoordinates"]
    assert [m["status"] for m in found] == [
        "FOUND",
        "FOUND",
        "AMBIGUOUS",
        "AMBIGUOUS",
        "NOT_FOUND",
        "NOT_FOUND",
    ]
    krakow = found[0]
    assert haversine_km(krakow["latitude"], krakow["longitude"], 50.0647, 19.9450) < 5
    assert len(found[2]["candidates"]) > 1 and {c["country"] for c in found[3]["candidates"]} == {
        "US"
    }


async def test_the_geo_api_needs_its_permit(store: Store) -> None:
    token = await create_token(store, permits=[QUERY_PERMIT], name="no-geo")
    async with serve(store, token) as http:
        response = await graphql(http, LOCATE, {"l": [{"city": "Oslo"}]}, customer=None)
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["details"]["missingPermits"] == [
        "Reporting:Api:Geo"
    ]


async def test_too_many_locations_is_bad_request(client: httpx.AsyncClient) -> None:
    status, _ = await errors(client, LOCATE, {"l": [{"city": "Oslo"}] * 101}, customer=None)
    assert status == 422

"""The Geo API: list places (POST), show place (GET), find locations' coordinates (POST)."""

from __future__ import annotations

from dataclasses import asdict
from types import SimpleNamespace
from typing import Any

from reporting_gateway.access.policy import GENERAL
from reporting_gateway.catalog.registry import GEO_PERMIT
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.geo.catalog import GEO_COST, PLACES
from reporting_gateway.geo.gazetteer import Match, gazetteer
from reporting_gateway.geo.resolvers import prepare_locations, prepare_place, prepare_places
from reporting_gateway.rest import answers, body
from reporting_gateway.rest.flow import Call, only
from reporting_gateway.rest.problems import InvalidParameters, Problem

NEAR_KEYS = ("lat", "lon", "radius_km")


async def list_places(call: Call, given: dict[str, Any]) -> dict[str, Any]:
    near = _near(given.get("near"))
    arguments = body.query_arguments({k: v for k, v in given.items() if k != "near"}, PLACES)
    call.require(GEO_PERMIT)
    await call.select_customers()
    prepared = prepare_places(call.context(), near=near, **arguments)
    await call.pay(GENERAL, GEO_COST)
    page = await call.run(call.api.store.records(prepared))
    return answers.records_body(prepared, page)


def _near(value: Any) -> Any:
    """`{"lat": …, "lon": …, "radius_km": …}`, or None; its ranges are checked with the query."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != set(NEAR_KEYS):
        options = {"expected": "object", "keys": list(NEAR_KEYS)}
        raise InvalidParameters([Problem(("near",), "invalid_type", options)])
    wrong = [
        Problem(("near", key), "invalid_type", {"expected": "number"})
        for key in NEAR_KEYS
        if isinstance(value[key], bool) or not isinstance(value[key], int | float)
    ]
    if wrong:
        raise InvalidParameters(wrong)
    return SimpleNamespace(**{key: float(value[key]) for key in NEAR_KEYS})


async def show_place(call: Call, _: dict[str, Any]) -> dict[str, Any]:
    text = str(call.request.path_params["place_id"])
    if not text.isascii() or not text.isdigit() or int(text) > 2**31 - 1:
        raise _no_place(text)
    call.require(GEO_PERMIT)
    await call.select_customers()
    prepared = prepare_place(call.context(), id=int(text))
    await call.pay(GENERAL, GEO_COST)
    page = await call.run(call.api.store.records(prepared))
    if not page.rows:
        raise _no_place(text)
    [record] = answers.records_body(prepared, page)["records"]
    return {"place": record}


def _no_place(text: str) -> GatewayError:
    return GatewayError(
        ErrorCode.NOT_FOUND, f"No place {text[:40]!r} among the selected customers' places."
    )


async def locations_coordinates(call: Call, given: dict[str, Any]) -> dict[str, Any]:
    only(given, {"locations"})
    locations = given.get("locations")
    if not isinstance(locations, list):
        options = {"expected": "array", "message": 'e.g. [{"city": "Oslo", "country": "NO"}]'}
        raise InvalidParameters([Problem(("locations",), "invalid_type", options)])
    wanted = [_location(i, location) for i, location in enumerate(locations)]
    call.require(GEO_PERMIT)
    prepare_locations(call.context(), locations=wanted)
    await call.pay(GENERAL, GEO_COST)
    names = gazetteer()
    return {"locations": [_match(names.locate(w.city, w.country)) for w in wanted]}


def _location(index: int, value: Any) -> Any:
    city = value.get("city") if isinstance(value, dict) else None
    country = value.get("country") if isinstance(value, dict) else None
    if not isinstance(city, str) or not city.strip() or not isinstance(country, str | None):
        options = {"message": 'each location is {"city": "…", "country": "PL"} (country optional)'}
        raise InvalidParameters([Problem(("locations", str(index)), "invalid", options)])
    return SimpleNamespace(city=city, country=country)


def _match(match: Match) -> dict[str, Any]:
    return {
        "city": match.city,
        "country": match.country,
        "status": match.status.lower(),
        "latitude": match.latitude,
        "longitude": match.longitude,
        "found": asdict(match.found) if match.found else None,
        "candidates": [asdict(city) for city in match.candidates],
    }

"""The Geo API's root fields: `places`, `place` and `locationCoordinates`, with their policies."""

from __future__ import annotations

import inspect
from dataclasses import replace
from typing import Any

from strawberry.scalars import JSON

from reporting_gateway.access.policy import FieldPolicy
from reporting_gateway.catalog.registry import GEO_PERMIT
from reporting_gateway.geo.catalog import GEO_COST, PLACES
from reporting_gateway.geo.resolvers import (
    MAX_LOCATIONS,
    prepare_locations,
    prepare_place,
    prepare_places,
    resolve_location_coordinates,
    resolve_place,
    resolve_places,
)
from reporting_gateway.schema.build import DEFAULT_PAGE_SIZE
from reporting_gateway.schema.connections import build_connection_type, build_record_type
from reporting_gateway.schema.directives import Cost, Permit
from reporting_gateway.schema.filters import build_filter_input
from reporting_gateway.schema.types import (
    Types,
    argument,
    described_class,
    list_of,
    make_enum,
    resolver_field,
)

PLACES_FIELD, PLACE_FIELD, LOCATIONS_FIELD = "places", "place", "locationCoordinates"
_GEO = FieldPolicy(cost=GEO_COST, permits=(GEO_PERMIT,), needs_customers=True)

POLICIES = {
    PLACES_FIELD: replace(_GEO, prepare=prepare_places),
    PLACE_FIELD: replace(_GEO, prepare=prepare_place),
    LOCATIONS_FIELD: FieldPolicy(cost=GEO_COST, permits=(GEO_PERMIT,), prepare=prepare_locations),
}


def _fields(
    types: Types,
    name: str,
    rows: list[tuple[str, Any, str]],
    description: str,
    *,
    is_input: bool = False,
) -> Any:
    return described_class(types.names, name, "the Geo API", rows, description, is_input=is_input)


def build_geo_fields(types: Types) -> list[tuple[str, Any, Any]]:
    connection = build_connection_type(types, PLACES)
    record = build_record_type(types, PLACES)
    near = _fields(
        types,
        "NearInput",
        [
            ("lat", float, "Latitude of the point (degrees)."),
            ("lon", float, "Longitude of the point (degrees)."),
            ("radius_km", float, "Only places within this many km; nearest first."),
        ],
        "A point and a radius.",
        is_input=True,
    )
    location = _fields(
        types,
        "LocationInput",
        [
            ("city", str, "City name (any common spelling)."),
            (
                "country",
                str | None,
                "Country: ISO code (PL, POL) or name; narrows ambiguous names.",
            ),
        ],
        "A named location to find coordinates for.",
        is_input=True,
    )
    status = make_enum(
        types.names.register("LocationStatus", "the Geo API"),
        {"FOUND": "FOUND", "NOT_FOUND": "NOT_FOUND", "AMBIGUOUS": "AMBIGUOUS"},
        "Whether a location name was found, not found, or matches several cities.",
        {
            "FOUND": "One city matches: its coordinates are given.",
            "NOT_FOUND": "No city of the gazetteer has that name.",
            "AMBIGUOUS": "Several cities match: narrow it with a country.",
        },
    )
    candidate = _fields(
        types,
        "LocationCandidate",
        [
            ("name", str, "City name."),
            ("country", str, "Country (ISO 3166-1 alpha-2)."),
            ("latitude", float, "Latitude."),
            ("longitude", float, "Longitude."),
            ("population", int, "Inhabitants (to tell candidates apart)."),
        ],
        "A city a location name may mean.",
    )
    match = _fields(
        types,
        "LocationMatch",
        [
            ("city", str, "The city asked for."),
            ("country", str | None, "The country asked for."),
            ("status", status, "FOUND, NOT_FOUND or AMBIGUOUS."),
            ("latitude", float | None, "Latitude, when FOUND."),
            ("longitude", float | None, "Longitude, when FOUND."),
            ("candidates", list_of(candidate), "The cities the name matches, most populous first."),
        ],
        "Coordinates for one named location.",
    )
    directives = [Permit(name=GEO_PERMIT), Cost(tokens=GEO_COST)]
    filter_input: Any = build_filter_input(types, PLACES)  # places have filterable fields
    return [
        (
            PLACES_FIELD,
            connection | None,
            resolver_field(
                PLACES_FIELD,
                resolve_places,
                [
                    argument(
                        "first",
                        int,
                        DEFAULT_PAGE_SIZE,
                        "Places per page (1 to the maximum page size).",
                    ),
                    argument("after", str | None, None, "Continue after this cursor."),
                    argument("filter", filter_input | None, None, "Typed filter."),
                    argument(
                        "filter_tree",
                        JSON | None,
                        None,
                        "The same filter as a JSON tree.",
                        "filterTree",
                    ),
                    argument(
                        "near",
                        near | None,
                        None,
                        "Only places near a point, nearest first (distanceKm set).",
                    ),
                ],
                connection | None,
                f"{PLACES.description} Permit: {GEO_PERMIT}. Cost: {GEO_COST}.",
                directives,
            ),
        ),
        (
            PLACE_FIELD,
            record | None,
            resolver_field(
                PLACE_FIELD,
                resolve_place,
                [
                    argument("id", int, inspect.Parameter.empty, "ID of the place."),
                ],
                record | None,
                f"One place of the selected customers, or null. Cost: {GEO_COST}.",
                directives,
            ),
        ),
        (
            LOCATIONS_FIELD,
            list_of(match),
            resolver_field(
                LOCATIONS_FIELD,
                resolve_location_coordinates,
                [
                    argument(
                        "locations",
                        list_of(location),
                        inspect.Parameter.empty,
                        f"1 to {MAX_LOCATIONS} locations.",
                    ),
                ],
                list_of(match),
                "Coordinates of named locations from an offline gazetteer (cities of 15,000+ "
                f"people). Cost: {GEO_COST}.",
                directives,
            ),
        ),
    ]

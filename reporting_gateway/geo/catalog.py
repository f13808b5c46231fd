"""Places as a records report of their own: same filters, pagination and cursors as any report.

They are not one of the 21 reports (`CATALOG`): the Geo API has its own permit, and `places`
takes a `near` point that sorts by distance.
"""

from __future__ import annotations

from reporting_gateway.catalog.model import FLOAT, INT, STRING, Field, Format, Report
from reporting_gateway.catalog.registry import GEO_PERMIT, validate
from reporting_gateway.catalog.sendings import LOYALTY_CLUB_ID

GEO_COST = 1

PLACES = Report(
    name="places",
    format=Format.RECORDS,
    domain="geo",
    description="The customers' physical locations: shopping centres and stores.",
    permit=GEO_PERMIT,
    cost=GEO_COST,
    keys=("id",),
    fields=(
        Field("id", INT, "ID of the place.", True, nullable=False),
        LOYALTY_CLUB_ID,
        Field("name", STRING, "Name of the place.", True, nullable=False),
        Field("kind", STRING, "Kind of place: shopping_centre, store, …", True, nullable=False),
        Field("address", STRING, "Street address."),
        Field("city", STRING, "City.", True, nullable=False),
        Field("country", STRING, "Country (ISO 3166-1 alpha-2).", True, nullable=False),
        Field("latitude", FLOAT, "Latitude (WGS 84, degrees).", nullable=False),
        Field("longitude", FLOAT, "Longitude (WGS 84, degrees).", nullable=False),
        Field(
            "distance_km", FLOAT, "Great-circle distance from `near` in km; null without `near`."
        ),
    ),
)

validate([PLACES], permit_prefixes=(GEO_PERMIT,))

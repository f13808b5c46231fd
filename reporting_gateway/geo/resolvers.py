"""The Geo API's resolvers: places (a records report with `near`), one place, coordinates."""

from __future__ import annotations

from typing import Any

from reporting_gateway.errors import bad_request
from reporting_gateway.geo.catalog import PLACES
from reporting_gateway.geo.gazetteer import Match, gazetteer
from reporting_gateway.query import Condition, RecordsQuery
from reporting_gateway.resolvers.context import RequestContext, prepared_query
from reporting_gateway.resolvers.records import Connection, prepare_records

MAX_LOCATIONS = 100


def prepare_places(context: RequestContext, **arguments: Any) -> RecordsQuery:
    return prepare_records(PLACES, context, **arguments)


def prepare_place(context: RequestContext, *, id: int) -> RecordsQuery:
    return RecordsQuery(
        PLACES, context.require_scope(), first=1, filter=Condition("id", "equal", id)
    )


async def resolve_places(info: Any, **arguments: Any) -> Connection:
    query = prepared_query(
        info, RecordsQuery, lambda _, c, **a: prepare_places(c, **a), PLACES, arguments
    )
    return Connection(await info.context.store.records(query), query.after is not None)


async def resolve_place(info: Any, **arguments: Any) -> Any:
    query = prepared_query(
        info, RecordsQuery, lambda _, c, **a: prepare_place(c, **a), PLACES, arguments
    )
    page = await info.context.store.records(query)
    return page.rows[0] if page.rows else None


def prepare_locations(context: RequestContext, *, locations: list[Any]) -> list[Any]:
    if not 1 <= len(locations) <= MAX_LOCATIONS:
        raise bad_request(
            f"Give 1 to {MAX_LOCATIONS} locations, not {len(locations)}.", path="locations"
        )
    return locations


async def resolve_location_coordinates(info: Any, *, locations: list[Any]) -> list[Match]:
    names = gazetteer()
    return [names.locate(location.city, location.country) for location in locations]

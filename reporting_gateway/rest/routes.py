"""The REST API's routes, from its paths and one `RestApi`."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from reporting_gateway.catalog.model import Report
from reporting_gateway.rest.endpoint import RestApi
from reporting_gateway.rest.openapi import openapi_json
from reporting_gateway.rest.paths import FIELD_METADATA, METADATA, OPENAPI, QUERY

EVERY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def rest_routes(api: RestApi, catalog: Mapping[str, Report]) -> list[BaseRoute]:
    document = openapi_json(catalog).encode()

    async def openapi(_: Request) -> Response:
        return Response(document, media_type="application/json")

    return [
        Route(QUERY, api.query, methods=["POST"]),
        Route(METADATA, api.metadata, methods=["POST"]),
        Route(FIELD_METADATA, api.field_metadata, methods=["POST"]),
        Route(OPENAPI, openapi, methods=["GET"]),
        Route("/v1/{rest:path}", api.not_found, methods=EVERY_METHOD),
    ]

"""The REST API's routes: each path, its method and its handler, on one `RestApi`."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from reporting_gateway.api.explorer_assets import ExplorerAssets
from reporting_gateway.catalog.model import Format, Report
from reporting_gateway.rest import exports, geo, paths, reporting
from reporting_gateway.rest.docs_page import docs_page
from reporting_gateway.rest.flow import RestApi
from reporting_gateway.rest.openapi import openapi_json

EVERY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def rest_routes(
    api: RestApi, catalog: Mapping[str, Report], assets: ExplorerAssets
) -> list[BaseRoute]:
    document = openapi_json(catalog).encode()

    async def openapi(_: Request) -> Response:
        return Response(document, media_type="application/json")

    routes: list[BaseRoute] = [
        Route(paths.QUERY, api.endpoint("query", reporting.query), methods=["POST"]),
        Route(paths.METADATA, api.endpoint("metadata", reporting.metadata), methods=["POST"]),
        Route(
            paths.FIELD_METADATA,
            api.endpoint("field_metadata", reporting.field_metadata),
            methods=["POST"],
        ),
    ]
    for format_ in Format:
        for path, tenants in ((paths.EXPORT, False), (paths.TENANTS_EXPORT, True)):
            handler = exports.create_export(format_, tenants=tenants)
            name = f"{'tenants ' if tenants else ''}export {format_.value}"
            path = path.replace("{format}", format_.value)
            routes.append(Route(path, api.endpoint(name, handler), methods=["POST"]))
    routes += [
        Route(
            paths.EXPORT_JOB,
            api.endpoint("export job", exports.show_export, reads_body=False),
            methods=["GET"],
        ),
        Route(
            paths.RESUME_EXPORT,
            api.endpoint("resume export", exports.resume_export, reads_body=False),
            methods=["POST"],
        ),
        Route(paths.PLACES, api.endpoint("places", geo.list_places), methods=["POST"]),
        Route(
            paths.PLACE, api.endpoint("place", geo.show_place, reads_body=False), methods=["GET"]
        ),
        Route(
            paths.LOCATIONS,
            api.endpoint("locations coordinates", geo.locations_coordinates),
            methods=["POST"],
        ),
        Route(paths.OPENAPI, openapi, methods=["GET"]),
    ]
    if not api.settings.production:
        routes.append(Route(paths.DOCS, docs_page(assets), methods=["GET"]))
    routes += [_other_methods(api, route) for route in routes if isinstance(route, Route)]
    routes.append(Route("/v1/{rest:path}", api.not_found, methods=EVERY_METHOD))
    return routes


def _other_methods(api: RestApi, route: Route) -> Route:
    """A 405 with the documented error body (Starlette's own is plain text)."""
    allowed = sorted((route.methods or set()) - {"HEAD"})
    others = [m for m in EVERY_METHOD if m not in allowed]
    return Route(route.path, api.wrong_method(allowed), methods=others)

"""GET /v1/docs in development: Swagger UI over /v1/openapi.json, from the local assets."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from reporting_gateway.api.explorer_assets import ExplorerAssets
from reporting_gateway.rest.paths import OPENAPI

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>reporting-gateway REST API</title>
  <link rel="stylesheet" href="{css}">
</head>
<body>
  <div id="docs"></div>
  <script src="{js}"></script>
  <script>
    SwaggerUIBundle({{ url: "{spec}", dom_id: "#docs", persistAuthorization: true }});
  </script>
</body>
</html>
"""


def docs_page(assets: ExplorerAssets) -> Callable[[Request], Awaitable[Response]]:
    css, js = escape(assets.url("swagger-ui.css")), escape(assets.url("swagger-ui.js"))
    html = PAGE.format(css=css, js=js, spec=OPENAPI)

    async def page(_: Request) -> Response:
        return HTMLResponse(html)

    return page

"""Where the GraphiQL page (and the REST API's Swagger UI page) load their scripts from: our
own server, or unpkg.com.

Served locally from the npm-installed `clients/explorer/node_modules` (versions pinned by its
package-lock.json), only the files the pages need, so that the explorer works on a machine
without internet access and in the browser test. Versions here and in the lockfile must agree;
a test checks it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

logger = logging.getLogger(__name__)

VERSIONS = {
    "graphiql": "3.8.3",
    "react": "18.3.1",
    "react-dom": "18.3.1",
    "swagger-ui-dist": "5.35.0",
}
FILES = {
    "react.js": ("react", "umd/react.production.min.js"),
    "react-dom.js": ("react-dom", "umd/react-dom.production.min.js"),
    "graphiql.js": ("graphiql", "graphiql.min.js"),
    "graphiql.css": ("graphiql", "graphiql.min.css"),
    "swagger-ui.js": ("swagger-ui-dist", "swagger-ui-bundle.js"),  # the REST API's docs page
    "swagger-ui.css": ("swagger-ui-dist", "swagger-ui.css"),
}
INSTALLED = Path(__file__).resolve().parents[2] / "clients" / "explorer" / "node_modules"
ROUTE = "/graphiql/assets"


@dataclass(frozen=True)
class ExplorerAssets:
    """`directory` is a node_modules folder holding the packages, or None for the CDN."""

    directory: Path | None

    @classmethod
    def from_setting(cls, value: str) -> ExplorerAssets:
        """`auto`: the installed clients/explorer package if present, else the CDN; `cdn`; or
        a node_modules directory, which must hold the files."""
        if value == "cdn":
            return cls(None)
        if value == "auto":
            if cls(INSTALLED).missing():
                logger.info("GraphiQL assets load from unpkg.com (run `make explorer` for local)")
                return cls(None)
            return cls(INSTALLED)
        assets = cls(Path(value))
        if missing := assets.missing():
            raise ValueError(
                f"REPORTING_EXPLORER_ASSETS={value!r} lacks {', '.join(missing)}; "
                "run `npm ci` in clients/explorer or set it to `auto` or `cdn`"
            )
        return assets

    def missing(self) -> list[str]:
        if self.directory is None:
            return []
        return [
            f"{package}/{path}"
            for package, path in FILES.values()
            if not (self.directory / package / path).is_file()
        ]

    def url(self, name: str) -> str:
        package, path = FILES[name]
        if self.directory is None:
            return f"https://unpkg.com/{package}@{VERSIONS[package]}/{path}"
        return f"{ROUTE}/{name}"

    async def serve(self, request: Request) -> Response:
        name = request.path_params["name"]
        if self.directory is None or name not in FILES:
            return Response("not found", status_code=404, media_type="text/plain")
        package, path = FILES[name]
        return FileResponse(
            self.directory / package / path,
            headers={"Cache-Control": "public, max-age=86400"},
        )

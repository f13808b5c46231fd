"""Where the explorer page (and the REST API's Swagger UI page) load their scripts from: our
own server, or a CDN.

GraphiQL 5 ships only ES modules with Monaco's workers, so the explorer is bundled: `make
explorer` runs `npm ci` and `npm run build` in clients/explorer, which writes `dist/` from the
lockfile's packages and our module `explorer_app/app.js`; the gateway serves those files, so the
explorer works on a machine without internet access and in the browser test. Without npm the
page runs the same module unbundled, its imports mapped to esm.sh at the locked versions (a test
keeps the versions here and the lockfile in step, and every import of the module mapped).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

logger = logging.getLogger(__name__)

VERSIONS = {
    "graphiql": "5.4.0",
    "@graphiql/react": "0.39.1",
    "@graphiql/toolkit": "0.12.1",
    "react": "19.2.0",
    "react-dom": "19.2.0",
    "graphql": "16.12.0",
    "chart.js": "4.5.1",
    "swagger-ui-dist": "5.35.0",
}
MEDIA = {".js": "text/javascript", ".css": "text/css"}
# What `npm run build` writes into clients/explorer/dist.
BUILT = (
    "explorer.js",
    "explorer.css",
    "editor.worker.js",
    "json.worker.js",
    "graphql.worker.js",
    "swagger-ui.js",
    "swagger-ui.css",
)
# Monaco asks for a worker by label; any other label gets the editor's own.
WORKERS = {"editor": "editor.worker.js", "json": "json.worker.js", "graphql": "graphql.worker.js"}
INSTALLED = Path(__file__).resolve().parents[2] / "clients" / "explorer" / "dist"
APP = Path(__file__).resolve().parent / "explorer_app"  # our module, also served as source
ROUTE = "/graphiql/assets"
APP_ROUTE = "/graphiql/app"


def _esm(package: str, path: str = "", query: str = "") -> str:
    return f"https://esm.sh/{package}@{VERSIONS[package]}{path}{query}"


# The CDN mode's import map: one copy of React, graphql and @graphiql/react shared by GraphiQL
# and the chart pane (whose hooks must see GraphiQL's own store).
_SHARED = "react,react/jsx-runtime,react-dom,react-dom/client,graphql"
IMPORT_MAP = {
    "react": _esm("react"),
    "react/jsx-runtime": _esm("react", "/jsx-runtime"),
    "react-dom": _esm("react-dom"),
    "react-dom/client": _esm("react-dom", "/client"),
    "graphql": _esm("graphql"),
    "graphiql": _esm("graphiql", "", f"?standalone&external={_SHARED},@graphiql/react"),
    "graphiql/setup-workers/esm.sh": _esm("graphiql", "/dist/setup-workers/esm.sh.js"),
    "@graphiql/react": _esm(
        "@graphiql/react", "", f"?standalone&external={_SHARED},@graphiql/toolkit"
    ),
    "@graphiql/toolkit": _esm("@graphiql/toolkit", "", "?standalone&external=graphql"),
    "chart.js": _esm("chart.js"),
}
CDN_FILES = {
    "explorer.css": _esm("graphiql", "/dist/style.css"),
    "swagger-ui.js": f"https://unpkg.com/swagger-ui-dist@{VERSIONS['swagger-ui-dist']}"
    "/swagger-ui-bundle.js",
    "swagger-ui.css": f"https://unpkg.com/swagger-ui-dist@{VERSIONS['swagger-ui-dist']}"
    "/swagger-ui.css",
}


@dataclass(frozen=True)
class ExplorerAssets:
    """`directory` holds the built files, or is None for the CDN."""

    directory: Path | None

    @classmethod
    def from_setting(cls, value: str) -> ExplorerAssets:
        """`auto`: the built clients/explorer/dist if present, else the CDN; `cdn`; or a
        directory, which must hold every built file."""
        if value == "cdn":
            return cls(None)
        if value == "auto":
            if cls(INSTALLED).missing():
                logger.info("the explorer loads GraphiQL from esm.sh (`make explorer` for local)")
                return cls(None)
            return cls(INSTALLED)
        assets = cls(Path(value))
        if missing := assets.missing():
            raise ValueError(
                f"REPORTING_EXPLORER_ASSETS={value!r} lacks {', '.join(missing)}; run "
                "`npm ci && npm run build` in clients/explorer, or set it to `auto` or `cdn`"
            )
        return assets

    @property
    def local(self) -> bool:
        return self.directory is not None

    def missing(self) -> list[str]:
        if self.directory is None:
            return []
        return [name for name in BUILT if not (self.directory / name).is_file()]

    @cached_property
    def version(self) -> str:
        """A digest of the bundle, in its URLs: a rebuilt explorer is never served from cache."""
        if self.directory is None:
            return VERSIONS["graphiql"]
        digest = hashlib.sha256()
        for name in BUILT:
            digest.update((self.directory / name).read_bytes())
        return digest.hexdigest()[:12]

    def url(self, name: str) -> str:
        """A built file's URL (`explorer.js`, `swagger-ui.css`, …)."""
        if self.directory is None:
            return CDN_FILES[name]
        return f"{ROUTE}/{name}?v={self.version}"

    def app_url(self) -> str:
        """The explorer module: the bundle, or our source under the import map."""
        return self.url("explorer.js") if self.local else f"{APP_ROUTE}/app.js"

    def worker_urls(self) -> dict[str, str]:
        return {label: self.url(name) for label, name in WORKERS.items()}

    async def serve(self, request: Request) -> Response:
        name = request.path_params["name"]
        if self.directory is None or name not in BUILT:
            return _not_found()
        return _file(self.directory / name, "public, max-age=31536000, immutable")

    async def serve_source(self, request: Request) -> Response:
        """Our module's files, for the CDN mode (the bundle has them inside)."""
        name = request.path_params["name"]
        path = APP / name
        if self.directory is not None or "/" in name or not name.endswith(".js"):
            return _not_found()
        if not path.is_file():
            return _not_found()
        return _file(path, "no-cache")


def _file(path: Path, cache: str) -> Response:
    media = MEDIA.get(path.suffix, "application/octet-stream")
    return FileResponse(path, media_type=media, headers={"Cache-Control": cache})


def _not_found() -> Response:
    return Response("not found", status_code=404, media_type="text/plain")

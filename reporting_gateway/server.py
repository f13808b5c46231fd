"""The Starlette application: routes, lifespan, and the one schema built at startup."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from reporting_gateway.api.endpoint import GraphQLEndpoint
from reporting_gateway.catalog import CATALOG
from reporting_gateway.schema.build import build_schema, report_fields
from reporting_gateway.settings import Settings
from reporting_gateway.storage.cursors import CursorSigner
from reporting_gateway.storage.engine import create_engine
from reporting_gateway.storage.store import Store


def create_store(settings: Settings) -> Store:
    return Store(
        create_engine(settings.database_url),
        CursorSigner(settings.signing_key()),
        customer_cache_seconds=settings.customer_cache_seconds,
    )


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    logging.basicConfig(level=settings.log_level.upper())
    store = store or create_store(settings)
    schema = build_schema(CATALOG.values())
    endpoint = GraphQLEndpoint(
        schema=schema._schema,
        reports=report_fields(CATALOG.values()),
        store=store,
        settings=settings,
    )

    async def healthz(_: Request) -> Response:
        async with store.engine.connect() as connection:
            await connection.execute(sa.text("SELECT 1"))
        return JSONResponse({"status": "ok", "database": store.dialect})

    async def home(_: Request) -> Response:
        return RedirectResponse("/graphql")

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await store.close()

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/graphql", endpoint.handle, methods=["GET", "POST"]),
            Route("/healthz", healthz),
        ],
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.schema = schema
    return app

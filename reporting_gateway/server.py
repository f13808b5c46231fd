"""The Starlette application: routes, lifespan, and the one schema built at startup."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from reporting_gateway.access.limiter import Limiter, MemoryLimiter, RedisLimiter
from reporting_gateway.access.limits import DocumentLimits
from reporting_gateway.api.admission import Admission
from reporting_gateway.api.documents import Documents
from reporting_gateway.api.endpoint import GraphQLEndpoint
from reporting_gateway.api.explorer_assets import APP_ROUTE, ROUTE, ExplorerAssets
from reporting_gateway.api.last_resort import LastResort
from reporting_gateway.api.persisted import (
    DocumentStore,
    MemoryDocuments,
    PersistedQueries,
    RedisDocuments,
    load_manifest,
)
from reporting_gateway.api.pipeline import Gateway
from reporting_gateway.api.plan import Planner
from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.registry import all_permits
from reporting_gateway.exports.download import download_endpoint
from reporting_gateway.exports.runner import JobRunner
from reporting_gateway.exports.service import Exports
from reporting_gateway.exports.worker import ExportWorker
from reporting_gateway.gateway_schema import gateway_policies, gateway_schema
from reporting_gateway.ops import heap, tracing
from reporting_gateway.ops.health import healthz, readiness
from reporting_gateway.ops.logs import configure_logging
from reporting_gateway.ops.metrics import metrics_endpoint
from reporting_gateway.rest.flow import RestApi
from reporting_gateway.rest.routes import rest_routes
from reporting_gateway.schema.build import ArgumentReader
from reporting_gateway.settings import Settings
from reporting_gateway.storage.migrate import is_current
from reporting_gateway.storage.state.credentials import Credential, Credentials
from reporting_gateway.storage.state.export_jobs import ExportJobs
from reporting_gateway.storage.store import Store, create_store

ANONYMOUS = Credential(
    id=0,
    name="anonymous",
    prefix="",
    permits=frozenset(all_permits()),
    customers=None,
    organization="anonymous",
    created_at=datetime(2000, 1, 1, tzinfo=UTC),
    revoked_at=None,
)


def create_limiter(settings: Settings) -> Limiter | None:
    if not settings.rate_limiting or not settings.auth:
        return None
    if settings.redis_url:
        return RedisLimiter(
            settings.redis_url,
            settings.rate_limit_capacity,
            settings.rate_limit_refill_per_second,
            prefix=settings.redis_key_prefix,
        )
    return MemoryLimiter(settings.rate_limit_capacity, settings.rate_limit_refill_per_second)


def create_persisted_queries(settings: Settings) -> PersistedQueries:
    """Trusted documents when a manifest is configured; else automatic persisted queries,
    kept in Redis when the gateway has one (shared by every worker), else in the process."""
    store: DocumentStore = (
        RedisDocuments(settings.redis_url, f"{settings.redis_key_prefix}apq:")
        if settings.redis_url
        else MemoryDocuments(settings.persisted_queries_max)
    )
    trusted = load_manifest(settings.trusted_documents) if settings.trusted_documents else None
    return PersistedQueries(store, trusted)


def create_gateway(
    settings: Settings, store: Store, limiter: Limiter | None, exports: Exports | None = None
) -> Gateway:
    schema = gateway_schema()
    graphql_schema = schema._schema
    policies = gateway_policies()
    fields = [*graphql_schema.query_type.fields, *graphql_schema.mutation_type.fields]  # type: ignore[union-attr]
    unpriced = set(fields) - set(policies)
    if unpriced:
        raise RuntimeError(
            f"root fields without an access policy (access/policy.py): {sorted(unpriced)}"
        )
    documents = Documents(
        graphql_schema,
        max_tokens=settings.max_tokens,
        max_length=settings.max_query_length,
        limits=DocumentLimits(
            settings.max_depth,
            settings.max_aliases,
            settings.max_directives,
            settings.max_input_depth,
            settings.max_input_values,
        ),
        introspection=settings.introspection_enabled,
        hide_suggestions=settings.production,
    )
    planner = Planner(
        schema=graphql_schema,
        documents=documents,
        policies=policies,
        arguments=ArgumentReader(schema),
        store=store,
        settings=settings,
    )
    return Gateway(
        schema=graphql_schema,
        planner=planner,
        credentials=Credentials(store.engine, cache_seconds=settings.token_cache_seconds),
        limiter=limiter,
        settings=settings,
        anonymous=None if settings.auth else ANONYMOUS,
        exports=exports,
    )


# What a browser page on another origin may send, and what its code may read of the answer.
CORS_REQUEST_HEADERS = [
    "Accept", "Authorization", "Content-Type", "If-None-Match", "X-Client-Authorization",
    "X-Customer", "X-Request-Id", "traceparent", "tracestate",
]  # fmt: skip
CORS_EXPOSED_HEADERS = [
    "ETag", "Retry-After", "X-Request-Id", "ratelimit-bucket", "ratelimit-cost",
    "ratelimit-remaining",
]  # fmt: skip


def middleware(settings: Settings) -> list[Middleware]:
    """The layers around every route, outermost first: CORS (so that even a refusal can be
    read by the page that asked), compression, the last-resort answer, admission."""
    layers = [
        Middleware(GZipMiddleware, minimum_size=settings.compress_min_bytes, compresslevel=1),
        Middleware(LastResort),
        Middleware(Admission, limit=settings.max_in_flight),
    ]
    if settings.allowed_origins:
        cors = Middleware(
            CORSMiddleware,
            allow_origins=settings.allowed_origins,
            allow_methods=["GET", "POST"],
            allow_headers=CORS_REQUEST_HEADERS,
            expose_headers=CORS_EXPOSED_HEADERS,
            max_age=600,
        )
        layers.insert(0, cors)
    return layers


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    limiter: Limiter | None = None,
) -> Starlette:
    settings = settings or Settings.from_env()
    settings.check()
    tracing.configure_from_env()  # OTEL_*: off unless they name an exporter
    if not logging.getLogger().handlers:  # `serve` configures logging before this runs
        configure_logging(settings)
    store = store or create_store(settings)
    limiter = limiter or create_limiter(settings)
    jobs = ExportJobs(store.engine)
    owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
    runner = JobRunner(store, jobs, limiter, settings, owner)
    worker = ExportWorker(runner, jobs, settings.export_poll_seconds) if settings.exports else None
    exports = Exports(jobs, worker)
    gateway = create_gateway(settings, store, limiter, exports)
    assets = ExplorerAssets.from_setting(settings.explorer_assets)
    persisted = create_persisted_queries(settings)
    endpoint = GraphQLEndpoint(gateway, settings, assets, persisted)
    download = download_endpoint(
        gateway.credentials,
        exports,
        runner,
        production=settings.production,
        anonymous=gateway.anonymous,
    )

    async def home(_: Request) -> Response:
        return RedirectResponse("/graphql")

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if not await is_current(store.engine):
            raise RuntimeError(
                "the database schema is older than this gateway: run `reporting-gateway migrate`"
            )
        if worker is not None:
            worker.start()
        heap.settle()
        yield
        if worker is not None:
            await worker.stop()
        tracing.shutdown()
        if limiter is not None:
            await limiter.close()
        if isinstance(persisted.store, RedisDocuments):
            await persisted.store.close()
        await store.close()

    routes = [
        Route("/", home),
        Route("/graphql", endpoint.handle, methods=["GET", "POST"]),
        Route(f"{ROUTE}/{{name}}", assets.serve, methods=["GET"]),
        Route(f"{APP_ROUTE}/{{name}}", assets.serve_source, methods=["GET"]),
        Route("/healthz", healthz),
        Route("/readyz", readiness(store, limiter)),
        Route("/exports/{job_id}", download, methods=["GET"]),
        *rest_routes(RestApi(gateway, CATALOG), CATALOG, assets),
    ]
    if settings.metrics:
        routes.append(Route("/metrics", metrics_endpoint))
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware(settings))
    app.state.store = store
    app.state.settings = settings
    app.state.gateway = gateway
    app.state.persisted = persisted
    app.state.export_worker = worker
    return app

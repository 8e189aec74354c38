"""create_app(): routers, middleware, error handlers and the lifespan that runs the gateway."""

from __future__ import annotations

import hmac
import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from inboxhub import __version__, event_handlers
from inboxhub.auth.bootstrap import announce, bootstrap, jwt_secret
from inboxhub.auth.router import auth_router, organizations_router
from inboxhub.auth.service import TokenIssuer
from inboxhub.cloud_inbound.recorder import CloudNotification, record_notification
from inboxhub.config import Settings
from inboxhub.db import Database
from inboxhub.engines.events import EngineEvent
from inboxhub.envelope import ok
from inboxhub.errors import ERROR_RESPONSES, error_body, install_error_handlers
from inboxhub.logs import RequestIdMiddleware, silence_parameter_dumps
from inboxhub.messages import send_records
from inboxhub.metrics import HttpMetricsMiddleware
from inboxhub.migrate import upgrade_async
from inboxhub.ratelimit import Limits, RateLimiter, parse_limit
from inboxhub.routing import document_self_read_bodies
from inboxhub.runtime import Runtime
from inboxhub.sessions import service as sessions
from inboxhub.sessions.pool import SessionPool
from inboxhub.sessions.router import router as sessions_router
from inboxhub.writes import Handler, WriteQueue, WriteTable

log = logging.getLogger("inboxhub")

# Feature routers, mounted when their module exists: ``module:attribute``.
FEATURE_ROUTERS = (
    "inboxhub.messages.router:router",
    "inboxhub.media.router:router",
    "inboxhub.contacts.router:router",
    "inboxhub.contacts.router:session_contacts_router",
    "inboxhub.groups.router:router",
    "inboxhub.stories.router:router",
    "inboxhub.message_templates.router:router",
    "inboxhub.webhooks.router:router",
    "inboxhub.handover.router:router",
    "inboxhub.cloud_inbound.router:router",
    "inboxhub.dashboard.router:router",
)
# Start-up/shutdown hooks of features: ``module:function`` taking the Runtime.
FEATURE_STARTUP = (
    "inboxhub.worker:start",
    "inboxhub.handover.service:start_timers",
    "inboxhub.messages.pacer:start",
)
FEATURE_SHUTDOWN = (
    "inboxhub.messages.pacer:stop",
    "inboxhub.handover.service:stop_timers",
    "inboxhub.worker:stop",
)


def _load(target: str) -> Any | None:
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    return getattr(module, attr, None)


def _session_states(runtime: Runtime) -> dict[str, float]:
    states = dict.fromkeys(("connecting", "qr_code", "connected", "disconnected"), 0.0)
    for client in runtime.pool.clients.values():
        states[client.state] = states.get(client.state, 0) + 1
    return states


def _single(write: Any) -> Handler | None:
    if isinstance(write, CloudNotification):
        return record_notification
    if isinstance(write, EngineEvent):
        return event_handlers.handler_for(write)
    return None  # the sends' own records: recorded as runs


# What the write queue records, and in what order within a run of the busiest kinds.
WRITES = WriteTable(
    runs={**send_records.RUNS, **event_handlers.RUNS},
    single=_single,
    committed=event_handlers.count,
)


def build_runtime(settings: Settings) -> Runtime:
    runtime: Runtime
    database = Database(settings.resolved_database_url)
    limits = Limits(
        auth=parse_limit(settings.rate_limit_auth),
        user=parse_limit(settings.rate_limit_user),
        session=parse_limit(settings.rate_limit_session),
        messages=parse_limit(settings.rate_limit_messages),
    )
    issuer = TokenIssuer(
        secret=jwt_secret(settings),
        access_ttl=timedelta(seconds=settings.jwt_access_ttl_seconds),
        refresh_ttl=timedelta(seconds=settings.jwt_refresh_ttl_seconds),
    )
    writes = WriteQueue(lambda: runtime, WRITES)
    pool = SessionPool(lambda: runtime, writes)
    runtime = Runtime(
        settings=settings,
        database=database,
        limiter=RateLimiter(),
        limits=limits,
        issuer=issuer,
        pool=pool,
        writes=writes,
    )
    return runtime


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    silence_parameter_dumps()
    runtime = build_runtime(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await upgrade_async(settings.resolved_database_url)
        async with runtime.database.sessionmaker() as db, db.begin():
            lines = await bootstrap(db, settings)
        announce(lines)
        runtime.writes.start()
        for target in FEATURE_STARTUP:
            hook = _load(target)
            if hook is not None:
                await hook(runtime)
        restored = await sessions.restore(runtime)
        log.info("Inbox Hub %s ready: %d session(s) reconnecting", __version__, restored)
        try:
            yield
        finally:
            log.info("Inbox Hub stopping: no new requests; finishing sends and deliveries")
            for target in FEATURE_SHUTDOWN:
                hook = _load(target)
                if hook is not None:
                    await hook(runtime)
            sessions_open = len(runtime.pool.clients)
            await runtime.pool.close()
            await runtime.writes.stop()
            await runtime.database.dispose()
            log.info("Inbox Hub stopped: %d session(s) disconnected", sessions_open)

    app = FastAPI(
        title="Inbox Hub",
        version=__version__,
        description="Self-hosted WhatsApp gateway for CRMs: sessions, messages, contacts, groups, "
        "statuses, media, templates, signed webhooks and bot handover.",
        docs_url="/api/docs",
        redoc_url="/api/redoc",
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.database = runtime.database
    app.add_middleware(HttpMetricsMiddleware, metrics=runtime.metrics)
    app.add_middleware(RequestIdMiddleware)
    runtime.metrics.gauge(
        "inboxhub_sessions", "Running sessions by state", "state", lambda: _session_states(runtime)
    )
    install_error_handlers(app)
    document_self_read_bodies(app)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(error_body("INTERNAL_ERROR", "Internal server error"), status_code=500)

    app.include_router(auth_router, responses=ERROR_RESPONSES)
    app.include_router(organizations_router, responses=ERROR_RESPONSES)
    app.include_router(sessions_router, responses=ERROR_RESPONSES)
    for target in FEATURE_ROUTERS:
        router = _load(target)
        if router is not None:
            app.include_router(router, responses=ERROR_RESPONSES)
    if "sandbox" in (settings.engine, *settings.enabled_engines):
        from inboxhub.virtual_phone.router import router as sandbox_router

        app.include_router(sandbox_router, responses=ERROR_RESPONSES)

    @app.get("/health", tags=["health"])
    async def health() -> JSONResponse:
        database_ok = True
        try:
            async with runtime.database.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            database_ok = False
        states = _session_states(runtime)
        data = {
            "status": "ok" if database_ok else "degraded",
            "version": __version__,
            "database": "ok" if database_ok else "unavailable",
            "engines": dict.fromkeys(runtime.pool.engines, "running"),
            "defaultEngine": settings.engine,
            "sessions": states,
        }
        return JSONResponse(ok(data), status_code=200 if database_ok else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        token = settings.metrics_token
        given = request.headers.get("authorization", "").encode("latin-1")
        if token and not hmac.compare_digest(given, f"Bearer {token}".encode()):
            return JSONResponse(
                error_body("MISSING_TOKEN", "Bearer token required for metrics"), status_code=401
            )
        return Response(generate_latest(runtime.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse(
            "/dashboard" if _load("inboxhub.dashboard.router:router") else "/api/docs"
        )

    return app

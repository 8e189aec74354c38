"""create_app(): routers, middleware, error handlers and the lifespan that runs the gateway."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import text
from starlette.requests import ClientDisconnect

from inboxhub import __version__, api_docs, event_handlers, worker
from inboxhub.auth.bootstrap import announce, bootstrap, jwt_secret
from inboxhub.auth.invitations_router import router as invitations_router
from inboxhub.auth.router import auth_router, organizations_router
from inboxhub.auth.service import TokenIssuer
from inboxhub.bodies import BodyLimit
from inboxhub.calls.recorder import answer_calls
from inboxhub.chatwoot.router import router as chatwoot_router
from inboxhub.chatwoot.webhook_router import router as chatwoot_webhook_router
from inboxhub.cloud_inbound.recorder import CloudNotification, record_notification
from inboxhub.cloud_inbound.router import router as cloud_inbound_router
from inboxhub.cluster.forwarding import OwnerForwarding
from inboxhub.cluster.node import ClusterNode, default_node_id
from inboxhub.cluster.router import router as cluster_router
from inboxhub.config import Settings
from inboxhub.contacts.router import router as contacts_router
from inboxhub.contacts.router import session_contacts_router
from inboxhub.dashboard.router import router as dashboard_router
from inboxhub.db import Database
from inboxhub.engines.events import EngineEvent
from inboxhub.errors import ERROR_RESPONSES, ErrorBody, error_body, install_error_handlers
from inboxhub.groups.router import router as groups_router
from inboxhub.handover import service as handover
from inboxhub.handover.crm_router import router as handover_crm_router
from inboxhub.handover.router import router as handover_router
from inboxhub.health import router as health_router
from inboxhub.health import session_states
from inboxhub.i18n import set_default
from inboxhub.inspector import service as inspector
from inboxhub.inspector.router import router as inspector_router
from inboxhub.json_text import JsonAnswer
from inboxhub.logs import silence_parameter_dumps
from inboxhub.media.router import router as media_router
from inboxhub.message_templates.router import router as templates_router
from inboxhub.messages import pacer, send_records
from inboxhub.messages.media_arrival import MediaArrivals
from inboxhub.messages.router import router as messages_router
from inboxhub.meta_templates.router import router as meta_templates_router
from inboxhub.migrate import head_revision, upgrade_unless_current
from inboxhub.profile.router import router as profile_router
from inboxhub.ratelimit import Limits, RateLimiter, parse_limit, shared_storage
from inboxhub.request_context import RequestContext
from inboxhub.routing import document_schemas, list_paths_in_order
from inboxhub.runtime import Runtime
from inboxhub.sessions import service as sessions
from inboxhub.sessions.pool import SessionPool
from inboxhub.sessions.router import router as sessions_router
from inboxhub.sinks.router import router as sinks_router
from inboxhub.stories.router import router as stories_router
from inboxhub.virtual_phone.router import router as virtual_phone_router
from inboxhub.webhooks import outbox
from inboxhub.webhooks.router import router as webhooks_router
from inboxhub.webhooks.stream_router import router as events_stream_router
from inboxhub.writes import Handler, WriteQueue, WriteTable

log = logging.getLogger("inboxhub")

BOOTSTRAP_LOCK = 0x69686273

# Every feature's routes, in the order the API document lists them.
ROUTERS: tuple[APIRouter, ...] = (
    auth_router,
    organizations_router,
    invitations_router,
    sessions_router,
    profile_router,
    cluster_router,
    session_contacts_router,
    messages_router,
    media_router,
    contacts_router,
    groups_router,
    stories_router,
    templates_router,
    meta_templates_router,
    webhooks_router,
    events_stream_router,
    inspector_router,
    sinks_router,
    handover_router,
    handover_crm_router,
    chatwoot_router,
    chatwoot_webhook_router,
    cloud_inbound_router,
    dashboard_router,
)
# Tried first: FastAPI tries a request against each included router in turn (a microsecond each),
# and sends are most of a busy gateway's requests. No other router has a path under theirs. The
# API document still lists them in the order of ``ROUTERS``.
BUSIEST: tuple[APIRouter, ...] = (messages_router,)


def _single(write: Any) -> Handler | None:
    if isinstance(write, CloudNotification):
        return record_notification
    if isinstance(write, EngineEvent):
        return event_handlers.handler_for(write)
    return None  # the sends' own records: recorded as runs


def _committed(runtime: Runtime, writes: list[Any]) -> None:
    event_handlers.count(runtime, writes)
    answer_calls(runtime, writes)
    if runtime.media_arrivals is not None:
        runtime.media_arrivals.committed(writes)


# What the write queue records, and in what order within a run of the busiest kinds.
WRITES = WriteTable(
    runs={**send_records.RUNS, **event_handlers.RUNS},
    single=_single,
    committed=_committed,
    finish=outbox.write_published,
)


def build_runtime(settings: Settings, database: Database | None = None) -> Runtime:
    """The gateway's shared objects; over ``database`` when given (a stopped runtime's: its
    engine keeps the statements it compiled), else over a new one."""
    runtime: Runtime
    database = database or Database(settings.resolved_database_url, settings.database_pool_size)
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
    cluster = ClusterNode(
        lambda: runtime,
        node_id=settings.node_id or default_node_id(),
        url=settings.node_url or settings.public_base_url,
    )
    runtime = Runtime(
        settings=settings,
        database=database,
        limiter=RateLimiter(shared_storage(settings.redis_url) if settings.redis_url else None),
        limits=limits,
        issuer=issuer,
        pool=pool,
        writes=writes,
        cluster=cluster,
    )
    runtime.media_arrivals = MediaArrivals(lambda: runtime)
    runtime.metrics.gauge(
        "inboxhub_write_queue_depth",
        "Writes waiting for the write queue's batch under way",
        "",
        lambda: {"": float(writes.depth)},
    )
    runtime.metrics.gauge(
        "inboxhub_database_connections",
        "The database connections this process holds, in use or idle in its pool",
        "state",
        database.connections,
    )
    if database.pool_limit is not None:
        limit = float(database.pool_limit)
        runtime.metrics.gauge(
            "inboxhub_database_connections_max",
            "The most database connections this process opens (INBOXHUB_DATABASE_POOL_SIZE)",
            "",
            lambda: {"": limit},
        )
    return runtime


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = assemble(offers_sandbox(settings))
    attach(app, build_runtime(settings))
    return app


def offers_sandbox(settings: Settings) -> bool:
    """The virtual phone's routes are mounted where the sandbox engine is offered."""
    return "sandbox" in (settings.engine, *settings.enabled_engines)


def attach(app: FastAPI, runtime: Runtime) -> None:
    """The runtime ``app`` serves with from its next start. Routes and middleware find it in
    ``app.state`` on every request, so one assembled app can serve one runtime after another
    (the test suite builds its routes once and gives each test a fresh runtime)."""
    settings = runtime.settings
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app.state.runtime = runtime
    app.state.database = runtime.database
    set_default(settings.language)
    runtime.metrics.gauge(
        "inboxhub_sessions", "Running sessions by state", "state", lambda: session_states(runtime)
    )


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    runtime: Runtime = app.state.runtime
    settings = runtime.settings
    await upgrade_unless_current(runtime.database.engine, settings.resolved_database_url)
    async with runtime.database.sessionmaker() as db, db.begin():
        if not runtime.database.is_sqlite:
            # Nodes that start together on an empty database bootstrap it once.
            await db.execute(text(f"SELECT pg_advisory_xact_lock({BOOTSTRAP_LOCK})"))
        lines = await bootstrap(db, settings)
        if lines:
            # A first start: where to point a webhook to see it arrive, nothing else needed.
            default = await inspector.for_default_organization(db)
            lines.append(f"Webhook inspector: {inspector.capture_url(settings, default)}")
    announce(lines)
    runtime.writes.start()
    await worker.start(runtime)
    await handover.start_timers(runtime)
    await pacer.start(runtime)
    # On PostgreSQL the node's sessions are those the cluster gives it (all of them, alone).
    await runtime.cluster.start(head_revision())
    if runtime.cluster.enabled:
        log.info("Inbox Hub %s ready as cluster node %s", __version__, runtime.cluster.node_id)
    else:
        restored = await sessions.restore(runtime)
        log.info("Inbox Hub %s ready: %d session(s) reconnecting", __version__, restored)
    try:
        yield
    finally:
        log.info("Inbox Hub stopping: no new requests; finishing sends and deliveries")
        # First, so that the other nodes drive the sessions again at once.
        await runtime.cluster.stop(hand_over=True)
        await pacer.stop(runtime)
        await handover.stop_timers(runtime)
        await worker.stop(runtime)
        sessions_open = len(runtime.pool.clients)
        await runtime.pool.close()
        await runtime.writes.stop()
        if runtime.media_arrivals is not None:
            await runtime.media_arrivals.stop()
        await runtime.database.dispose()
        log.info("Inbox Hub stopped: %d session(s) disconnected", sessions_open)


def assemble(sandbox: bool) -> FastAPI:
    """Routes, middleware and error handlers: everything of the app but its runtime."""
    silence_parameter_dumps()
    app = FastAPI(
        title="Inbox Hub",
        version=__version__,
        description="Self-hosted WhatsApp gateway for CRMs: sessions, messages, contacts, groups, "
        "statuses, media, templates, signed webhooks and bot handover.",
        # Served by api_docs with the package's own assets (no CDN).
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan,
        default_response_class=JsonAnswer,
    )
    app.add_middleware(OwnerForwarding)
    app.add_middleware(BodyLimit)
    app.add_middleware(RequestContext)
    install_error_handlers(app)
    document_schemas(app, ErrorBody)
    list_paths_in_order(app, ROUTERS)
    api_docs.install(app)

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, exc: ClientDisconnect) -> Response:
        # The client left, or its body passed the limit (``bodies.py`` has answered already).
        return Response(status_code=400)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JsonAnswer:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JsonAnswer(error_body("INTERNAL_ERROR", "Internal server error"), status_code=500)

    for router in (*BUSIEST, *(r for r in ROUTERS if r not in BUSIEST)):
        app.include_router(router, responses=ERROR_RESPONSES)
    if sandbox:
        app.include_router(virtual_phone_router, responses=ERROR_RESPONSES)
    app.include_router(health_router)

    return app

"""``/health``, ``/metrics`` and ``/``: what a load balancer, Prometheus and a browser ask first."""

from __future__ import annotations

import hmac
from typing import Literal

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import Field
from sqlalchemy import text

from inboxhub import __version__
from inboxhub.cluster import metrics as cluster_metrics
from inboxhub.engines.events import SessionState
from inboxhub.envelope import ReadModel, answers, ok
from inboxhub.errors import connection_lost, error_body
from inboxhub.routing import FeatureRouter
from inboxhub.runtime import Runtime

router = FeatureRouter()


class HealthRead(ReadModel):
    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "unavailable"]
    engines: dict[str, str] = Field(description="Engines running here")
    default_engine: str
    sessions: dict[SessionState, float] = Field(description="Running sessions by state")
    node: str
    cluster: bool
    rate_limits: Literal["cluster", "per-node"]


def session_states(runtime: Runtime) -> dict[str, float]:
    """Running sessions by state (every state present, 0 when none is in it)."""
    states = dict.fromkeys(("connecting", "qr_code", "connected", "disconnected"), 0.0)
    for client in runtime.pool.clients.values():
        states[client.state] = states.get(client.state, 0) + 1
    return states


@router.get(
    "/health",
    tags=["health"],
    responses={
        **answers(HealthRead, description="Healthy"),
        **answers(HealthRead, 503, description="The database is unavailable"),
    },
)
async def health(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    database_ok = True
    try:
        async with runtime.database.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception:
        database_ok = False
    data = {
        "status": "ok" if database_ok else "degraded",
        "version": __version__,
        "database": "ok" if database_ok else "unavailable",
        "engines": dict.fromkeys(runtime.pool.engines, "running"),
        "defaultEngine": runtime.settings.engine,
        "sessions": session_states(runtime),
        "node": runtime.cluster.node_id,
        "cluster": runtime.cluster.enabled,
        # Without Redis each node counts its own requests against the limits.
        "rateLimits": "cluster" if runtime.limiter.shared else "per-node",
    }
    return JSONResponse(ok(data), status_code=200 if database_ok else 503)


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    token = runtime.settings.metrics_token
    given = request.headers.get("authorization", "").encode("latin-1")
    if token and not hmac.compare_digest(given, f"Bearer {token}".encode()):
        return JSONResponse(
            error_body("MISSING_TOKEN", "Bearer token required for metrics"), status_code=401
        )
    own = generate_latest(runtime.metrics.registry)
    node = runtime.cluster
    if not node.enabled:
        return Response(own, media_type=CONTENT_TYPE_LATEST)
    if node.is_node_request(request.headers):
        # Asked by another node gathering the cluster's figures: this node's own, as they are.
        return Response(own, media_type=CONTENT_TYPE_LATEST)
    try:
        live = await node.live_urls()
    except Exception as exc:
        if not connection_lost(exc):
            raise
        # The database is away, or its every connection busy: when the figures matter most,
        # this node's own still answer.
        live = {}
    others = {n: url for n, url in live.items() if n != node.node_id}
    body = await cluster_metrics.gather(
        node.http, (node.node_id, own), others, {**node.node_headers(), **_bearer(token)}
    )
    return Response(body, media_type=CONTENT_TYPE_LATEST)


def _bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


@router.get("/", include_in_schema=False)
async def root() -> RedirectResponse:
    return RedirectResponse("/dashboard")

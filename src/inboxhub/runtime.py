"""The objects one running gateway shares between requests, engines and the worker."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi import Request

from inboxhub.config import Settings
from inboxhub.db import Database
from inboxhub.metrics import Metrics
from inboxhub.ratelimit import Limits, RateLimiter

if TYPE_CHECKING:
    from inboxhub.auth.service import TokenIssuer
    from inboxhub.cache import WriteInvalidatedCache
    from inboxhub.cluster.node import ClusterNode
    from inboxhub.handover.timers import TimerLoop
    from inboxhub.messages.media_arrival import MediaArrivals
    from inboxhub.messages.pacer import Pacer
    from inboxhub.sessions.pool import SessionPool
    from inboxhub.worker import Webhooks
    from inboxhub.writes import WriteQueue


@dataclass
class Runtime:
    settings: Settings
    database: Database
    limiter: RateLimiter
    limits: Limits
    issuer: TokenIssuer
    pool: SessionPool
    # Sends, their engines' answers and engine events: one transaction per batch.
    writes: WriteQueue
    # This process as a node of the cluster (PostgreSQL); alone and idle on SQLite.
    cluster: ClusterNode
    metrics: Metrics = field(default_factory=Metrics)
    # What the features start with the gateway and stop with it (None while stopped).
    webhooks: Webhooks | None = None
    pacer: Pacer | None = None
    handover_timers: TimerLoop | None = None
    # The worker's hourly forgetting of Meta's old notifications (when the Cloud API is enabled).
    cloud_pruning: asyncio.Task[None] | None = None
    # Caches that forget what a write to their tables changes (``cache.shared_cache``), by name.
    caches: dict[str, WriteInvalidatedCache[Any, Any]] = field(default_factory=dict)
    # (session pk, WhatsApp id) of receipts that came before their message's id: spares the
    # query for them on every send.
    early_receipts: set[tuple[int, str]] = field(default_factory=set)
    media_signing_key: bytes | None = None
    # Downloads received media as soon as its message is stored.
    media_arrivals: MediaArrivals | None = None


async def get_runtime(request: Request) -> Runtime:
    # async: FastAPI runs a plain ``def`` dependency in its thread pool, a thread switch a request.
    runtime: Runtime = request.app.state.runtime
    return runtime

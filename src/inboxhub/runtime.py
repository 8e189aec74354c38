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
    from inboxhub.sessions.pool import SessionPool
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
    metrics: Metrics = field(default_factory=Metrics)
    # The worker's hourly forgetting of Meta's old notifications (when the Cloud API is enabled).
    cloud_pruning: asyncio.Task[None] | None = None
    # Feature-owned singletons (event bus, delivery worker, bot…), keyed by feature name.
    extras: dict[str, Any] = field(default_factory=dict)


async def get_runtime(request: Request) -> Runtime:
    # async: FastAPI runs a plain ``def`` dependency in its thread pool, a thread switch a request.
    runtime: Runtime = request.app.state.runtime
    return runtime

"""One rate limiter for HTTP dependencies and for the send pacer.

Counters live behind ``limits``' storage interface: in memory for one node, and the same code runs
on ``limits``' Redis storage when several nodes must share counters.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string

from inboxhub.errors import RateLimitExceeded, ValidationFailed


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until a request would be allowed again (0 when allowed)


def parse_limit(spec: str) -> RateLimitItem | None:
    """``"10/minute"``, ``"5/15minute"`` or ``"off"``."""
    if spec.strip().lower() in ("off", "none", "0", ""):
        return None
    try:
        return parse(spec)
    except ValueError as exc:
        raise ValidationFailed(f"Invalid rate limit '{spec}'") from exc


log = logging.getLogger(__name__)
# How often a node that cannot reach Redis says so (it lets requests through meanwhile).
_STORAGE_WARNING_SECONDS = 60.0


def shared_storage(redis_url: str) -> Storage:
    """Counters every node shares (``INBOXHUB_REDIS_URL``), through redis-py."""
    url = redis_url if redis_url.startswith("async+") else f"async+{redis_url}"
    storage = storage_from_string(
        url, implementation="redispy", key_prefix="inboxhub", wrap_exceptions=True
    )
    assert isinstance(storage, Storage)
    return storage


class RateLimiter:
    def __init__(self, storage: Storage | None = None) -> None:
        self.storage = storage or MemoryStorage()
        self.strategy = MovingWindowRateLimiter(self.storage)
        self.shared = storage is not None
        self._warned_at = 0.0

    async def hit(self, item: RateLimitItem | None, *keys: str, cost: int = 1) -> Decision:
        if item is None:
            return Decision(True, 0, 0, 0)
        try:
            allowed = await self.strategy.hit(item, *keys, cost=cost)
            stats = await self.strategy.get_window_stats(item, *keys)
        except StorageError as exc:
            # Redis away: the API keeps answering (unlimited) rather than failing with it.
            if time.monotonic() - self._warned_at > _STORAGE_WARNING_SECONDS:
                self._warned_at = time.monotonic()
                log.warning("rate limit storage unavailable (%s); not limiting", exc)
            return Decision(True, item.amount, item.amount, 0)
        retry = 0 if allowed else max(1, math.ceil(stats.reset_time - time.time()))
        return Decision(allowed, item.amount, stats.remaining, retry)

    async def check(self, item: RateLimitItem | None, *keys: str) -> Decision:
        """Whether one more would be allowed, without counting it (for limits that count only
        failures: they are checked before, and counted after, the attempt)."""
        if item is None:
            return Decision(True, 0, 0, 0)
        try:
            if await self.strategy.test(item, *keys):
                return Decision(True, item.amount, item.amount, 0)
            stats = await self.strategy.get_window_stats(item, *keys)
        except StorageError:
            return Decision(True, item.amount, item.amount, 0)
        return Decision(False, item.amount, 0, max(1, math.ceil(stats.reset_time - time.time())))

    async def enforce(self, item: RateLimitItem | None, *keys: str, what: str) -> Decision:
        decision = await self.hit(item, *keys)
        if not decision.allowed:
            raise too_many(decision, what)
        return decision

    async def reset(self) -> None:
        await self.storage.reset()


def too_many(decision: Decision, what: str) -> RateLimitExceeded:
    return RateLimitExceeded(
        f"Too many {what}; retry in {decision.retry_after} s",
        headers={
            "Retry-After": str(decision.retry_after),
            "X-RateLimit-Limit": str(decision.limit),
            "X-RateLimit-Remaining": "0",
        },
    )


@dataclass(frozen=True)
class Limits:
    auth: RateLimitItem | None
    user: RateLimitItem | None
    session: RateLimitItem | None
    messages: RateLimitItem | None

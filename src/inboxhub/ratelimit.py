"""One rate limiter for HTTP dependencies and for the send pacer.

Counters live behind ``limits``' storage interface: in memory for one node, and the same code runs
on ``limits``' Redis storage when several nodes must share counters.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

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


class RateLimiter:
    def __init__(self, storage: Storage | None = None) -> None:
        self.storage = storage or MemoryStorage()
        self.strategy = MovingWindowRateLimiter(self.storage)

    async def hit(self, item: RateLimitItem | None, *keys: str, cost: int = 1) -> Decision:
        if item is None:
            return Decision(True, 0, 0, 0)
        allowed = await self.strategy.hit(item, *keys, cost=cost)
        stats = await self.strategy.get_window_stats(item, *keys)
        retry = 0 if allowed else max(1, math.ceil(stats.reset_time - time.time()))
        return Decision(allowed, item.amount, stats.remaining, retry)

    async def enforce(self, item: RateLimitItem | None, *keys: str, what: str) -> Decision:
        decision = await self.hit(item, *keys)
        if not decision.allowed:
            raise RateLimitExceeded(
                f"Too many {what}; retry in {decision.retry_after} s",
                headers={
                    "Retry-After": str(decision.retry_after),
                    "X-RateLimit-Limit": str(decision.limit),
                    "X-RateLimit-Remaining": "0",
                },
            )
        return decision

    async def reset(self) -> None:
        await self.storage.reset()


@dataclass(frozen=True)
class Limits:
    auth: RateLimitItem | None
    user: RateLimitItem | None
    session: RateLimitItem | None
    messages: RateLimitItem | None

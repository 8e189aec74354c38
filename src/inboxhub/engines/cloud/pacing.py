"""Per-number throughput pacing for the Cloud API.

Meta counts throughput per business phone number (80 messages/s by default, up to 1,000 after an
automatic upgrade, 20 for numbers shared with the WhatsApp Business app) and, separately, limits
how often one business writes to one user (the "pair rate"). The window counter is the gateway's
one rate limiter (``inboxhub.ratelimit``); on top of it, a number or a single recipient can be put
on hold when Meta says it is over its limit, so the sends after it wait instead of failing too.
"""

from __future__ import annotations

import asyncio
import time

from limits import RateLimitItem, parse

from inboxhub.ratelimit import RateLimiter


class NumberPacer:
    def __init__(self, limiter: RateLimiter) -> None:
        self._limiter = limiter
        self._items: dict[int, RateLimitItem] = {}
        self._number_hold: dict[str, float] = {}
        self._pair_hold: dict[tuple[str, str], float] = {}

    def _item(self, per_second: int) -> RateLimitItem:
        if per_second not in self._items:
            self._items[per_second] = parse(f"{per_second}/second")
        return self._items[per_second]

    async def acquire(self, number: str, per_second: int, recipient: str | None = None) -> None:
        """Wait until ``number`` may make one more call (and, if given, may write to ``recipient``)."""
        while True:
            now = time.monotonic()
            until = max(
                self._number_hold.get(number, 0.0),
                self._pair_hold.get((number, recipient), 0.0) if recipient else 0.0,
            )
            if until > now:
                await asyncio.sleep(until - now)
                continue
            item = self._item(per_second)
            decision = await self._limiter.hit(item, "cloud-number", number)
            if decision.allowed:
                return
            window = await self._limiter.strategy.get_window_stats(item, "cloud-number", number)
            await asyncio.sleep(min(1.0, max(0.001, window.reset_time - time.time())))

    def hold_number(self, number: str, seconds: float) -> None:
        until = time.monotonic() + seconds
        self._number_hold[number] = max(self._number_hold.get(number, 0.0), until)

    def hold_pair(self, number: str, recipient: str, seconds: float) -> None:
        until = time.monotonic() + seconds
        key = (number, recipient)
        self._pair_hold[key] = max(self._pair_hold.get(key, 0.0), until)
        self._forget_expired()

    def _forget_expired(self) -> None:
        if len(self._pair_hold) < 1024:
            return
        now = time.monotonic()
        for key in [k for k, until in self._pair_hold.items() if until <= now]:
            del self._pair_hold[key]

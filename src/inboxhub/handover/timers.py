"""The loop that enforces handover deadlines.

Deadlines are columns of the tickets, not sleeping tasks, so a restart loses none: the next tick
after start-up closes whatever came due while the gateway was down.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import utcnow
from inboxhub.runtime import Runtime

log = logging.getLogger(__name__)

Expire = Callable[[AsyncSession, Runtime, datetime], Awaitable[int]]


class TimerLoop:
    def __init__(self, runtime: Runtime, expire: Expire, *, interval: float) -> None:
        self.runtime = runtime
        self.expire = expire
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="handover-timers")

    async def tick(self) -> int:
        async with self.runtime.database.sessionmaker() as db, db.begin():
            return await self.expire(db, self.runtime, utcnow())

    async def _run(self) -> None:
        while True:
            try:
                closed = await self.tick()
                if closed:
                    log.info("handover timers closed %d ticket(s)", closed)
            except Exception:  # a bad tick must not end the timers for good
                log.exception("handover timer tick failed")
            await asyncio.sleep(self.interval)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

"""The running engine clients, one per session, and the recorder of what they report.

Engines push events into ``sink``; one recorder task drains them in batches and records each
batch in a single transaction through ``event_handlers``. A caller of ``sink`` resumes once its
event is committed, so an engine can acknowledge a message to WhatsApp only after it is stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from sqlalchemy.exc import InterfaceError, OperationalError

from inboxhub.engines.base import Engine, EngineClient, SessionConfig
from inboxhub.engines.events import EngineEvent
from inboxhub.engines.registry import create_engine
from inboxhub.errors import EngineNotSupported

if TYPE_CHECKING:
    from inboxhub.runtime import Runtime

log = logging.getLogger(__name__)

Recorder = Callable[["Runtime", list[EngineEvent]], Awaitable[None]]
_BATCH = 256
# How long the recorder waits for a database that went away before giving up on a batch.
_DB_OUTAGE_PATIENCE = 120.0
_CLOSE_CONCURRENCY = 64


class SessionPool:
    def __init__(self, runtime_ref: Callable[[], Runtime], recorder: Recorder) -> None:
        self._runtime = runtime_ref
        self._recorder = recorder
        self.engines: dict[str, Engine] = {}
        self.clients: dict[str, EngineClient] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._queue: asyncio.Queue[tuple[EngineEvent, asyncio.Future[None]]] = asyncio.Queue()
        self._recorder_task: asyncio.Task[None] | None = None

    # ---- engines ------------------------------------------------------------------------------

    async def engine(self, name: str) -> Engine:
        engine = self.engines.get(name)
        if engine is None:
            engine = create_engine(name, self._runtime())
            await engine.start()
            self.engines[name] = engine
        return engine

    def started_engine(self, name: str) -> Engine | None:
        return self.engines.get(name)

    # ---- clients ------------------------------------------------------------------------------

    def get(self, session_id: str) -> EngineClient | None:
        return self.clients.get(session_id)

    def lock(self, session_id: str) -> asyncio.Lock:
        return self._locks.setdefault(session_id, asyncio.Lock())

    async def client(self, engine_name: str, config: SessionConfig) -> EngineClient:
        client = self.clients.get(config.session_id)
        if client is None:
            engine = await self.engine(engine_name)
            client = engine.client(config, self.sink)
            self.clients[config.session_id] = client
        return client

    async def connect(self, engine_name: str, config: SessionConfig) -> EngineClient:
        # Start and stop are serialized per session: overlapping logins corrupt engine state.
        async with self.lock(config.session_id):
            client = await self.client(engine_name, config)
            await client.connect()
            return client

    async def disconnect(self, session_id: str) -> None:
        async with self.lock(session_id):
            client = self.clients.get(session_id)
            if client is not None:
                await client.disconnect()

    async def logout(self, session_id: str) -> None:
        async with self.lock(session_id):
            client = self.clients.get(session_id)
            if client is not None:
                with contextlib.suppress(EngineNotSupported):
                    await client.logout()

    async def release(self, session_id: str) -> None:
        """Stop driving a session that stays linked (another node takes it over): disconnect,
        never log out, and forget the client."""
        async with self.lock(session_id):
            client = self.clients.pop(session_id, None)
            if client is not None:
                with contextlib.suppress(Exception):
                    await client.disconnect()
        self._locks.pop(session_id, None)

    async def remove(self, session_id: str) -> None:
        await self.logout(session_id)
        self.clients.pop(session_id, None)
        self._locks.pop(session_id, None)

    # ---- events -------------------------------------------------------------------------------

    async def sink(self, event: EngineEvent) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((event, future))
        await future

    def start_recorder(self) -> None:
        if self._recorder_task is None:
            self._recorder_task = asyncio.create_task(self._record_forever(), name="event-recorder")

    async def _record_forever(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < _BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._record(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _record(self, batch: list[tuple[EngineEvent, asyncio.Future[None]]]) -> None:
        try:
            await self._record_with_retry([event for event, _ in batch])
        except Exception:
            if len(batch) == 1:
                log.exception("could not record %s", type(batch[0][0]).__name__)
                _settle(batch[0][1], error=RuntimeError("event not recorded"))
                return
            # One bad event must not take its batch down: record the rest one by one.
            for item in batch:
                await self._record([item])
            return
        for _, future in batch:
            _settle(future)

    async def _record_with_retry(self, events: list[EngineEvent]) -> None:
        """Record, waiting out a database that is briefly unreachable instead of losing events."""
        delay = 0.1
        deadline = asyncio.get_running_loop().time() + _DB_OUTAGE_PATIENCE
        while True:
            try:
                await self._recorder(self._runtime(), events)
                return
            except (OperationalError, InterfaceError, OSError) as exc:
                if asyncio.get_running_loop().time() + delay > deadline:
                    raise
                log.warning(
                    "database unavailable while recording events (%s); retrying", type(exc).__name__
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def drain(self) -> None:
        """Wait until every queued event is recorded (used at shutdown and in tests)."""
        if self._recorder_task is not None and not self._recorder_task.done():
            await self._queue.join()

    async def close(self) -> None:
        # Together: each disconnect waits until its state is recorded, and one transaction
        # records many; one after the other, a thousand sessions take seconds to stop.
        gate = asyncio.Semaphore(_CLOSE_CONCURRENCY)

        async def disconnect(session_id: str) -> None:
            async with gate, self.lock(session_id):
                with contextlib.suppress(Exception):
                    await self.clients[session_id].disconnect()

        await asyncio.gather(*(disconnect(session_id) for session_id in list(self.clients)))
        await self.drain()
        if self._recorder_task is not None:
            self._recorder_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._recorder_task
            self._recorder_task = None
        for engine in self.engines.values():
            with contextlib.suppress(Exception):
                await engine.stop()
        self.clients.clear()
        self.engines.clear()


def _settle(future: asyncio.Future[None], error: BaseException | None = None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)

"""The running engine clients, one per session.

Engines push their events into the write queue (``writes.py``), which records them in batches
through ``event_handlers``; an engine's call resumes once its event is committed, so it can
acknowledge a message to WhatsApp only after it is stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from inboxhub.engines.base import Engine, EngineClient, EventSink, SessionConfig
from inboxhub.engines.events import EngineEvent, StateChanged
from inboxhub.engines.registry import create_engine
from inboxhub.errors import EngineNotSupported

if TYPE_CHECKING:
    from inboxhub.runtime import Runtime
    from inboxhub.writes import WriteQueue

log = logging.getLogger(__name__)

_CLOSE_CONCURRENCY = 64


class SessionPool:
    def __init__(self, runtime_ref: Callable[[], Runtime], writes: WriteQueue) -> None:
        self._runtime = runtime_ref
        self._writes = writes
        # What engines report into: the write queue, which resolves once it is committed.
        self.sink: EventSink = writes.submit
        self.engines: dict[str, Engine] = {}
        self._engine_start = asyncio.Lock()
        self.clients: dict[str, EngineClient] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    # ---- engines ------------------------------------------------------------------------------

    async def engine(self, name: str) -> Engine:
        engine = self.engines.get(name)
        if engine is None:
            # One start however many sessions ask at once: a second engine would run processes
            # and clients nobody stops.
            async with self._engine_start:
                engine = self.engines.get(name)
                if engine is None:
                    engine = create_engine(name, self._runtime())
                    await engine.start()
                    self.engines[name] = engine
        return engine

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
        never log out, and forget the client. Its status reads ``connecting`` (reason
        ``moving``) until the new owner has connected it, never ``disconnected``."""
        async with self.lock(session_id):
            client = self.clients.pop(session_id, None)
            if client is not None:
                client.sink = _without_state(client.sink)  # the new owner reports it now
                with contextlib.suppress(Exception):
                    await client.disconnect()
                await self._writes.submit(
                    StateChanged(session_id=session_id, state="connecting", reason="moving")
                )
        self._locks.pop(session_id, None)

    async def remove(self, session_id: str) -> None:
        await self.logout(session_id)
        self.clients.pop(session_id, None)
        self._locks.pop(session_id, None)

    # ---- events -----------------------------------------------------------------------------

    async def drain(self) -> None:
        """Wait until every event reported so far is recorded (used at shutdown and in tests)."""
        await self._writes.drain()

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
        for engine in self.engines.values():
            with contextlib.suppress(Exception):
                await engine.stop()
        self.clients.clear()
        self.engines.clear()


def _without_state(sink: EventSink) -> EventSink:
    async def report(event: EngineEvent) -> None:
        if not isinstance(event, StateChanged):
            await sink(event)

    return report

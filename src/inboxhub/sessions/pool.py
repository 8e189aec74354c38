"""The running engine clients, one per session.

Engines push their events into the write queue (``writes.py``), which records them in batches
through ``event_handlers``; an engine's call resumes once its event is committed, so it can
acknowledge a message to WhatsApp only after it is stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
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
# How long a session taken over from another node counts as arriving while it connects: past
# that, it is as stuck as any session that cannot connect, and says so.
_ARRIVAL_SECONDS = 30.0
# How long a session handed to another node waits for the sends already under way here.
_CALLS_PATIENCE = 5.0


class SessionPool:
    def __init__(self, runtime_ref: Callable[[], Runtime], writes: WriteQueue) -> None:
        self._runtime = runtime_ref
        self._writes = writes
        # What engines report into: the write queue, which resolves once it is committed.
        self.sink: EventSink = self._report
        self.engines: dict[str, Engine] = {}
        self._engine_start = asyncio.Lock()
        self.clients: dict[str, EngineClient] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        # Sessions this node is taking over from another (cluster mode), until they connect:
        # the deadline, and what is set when their state moves on.
        self._arriving: dict[str, tuple[float, asyncio.Event]] = {}
        # Sessions this node handed to another (until then), whose requests here go on there.
        self._left: dict[str, float] = {}
        # Sends under way per session, and what a release waits on until they are done.
        self._calls: dict[str, int] = {}
        self._calls_done: dict[str, asyncio.Event] = {}

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

    def take(self, session_id: str) -> EngineClient | None:
        """The session's client for one send, or None when this node no longer drives it. A
        release waits until every client taken is given back (``give_back``)."""
        client = self.clients.get(session_id)
        if client is not None:
            self._calls[session_id] = self._calls.get(session_id, 0) + 1
        return client

    def give_back(self, session_id: str) -> None:
        left = self._calls.get(session_id, 1) - 1
        if left > 0:
            self._calls[session_id] = left
            return
        self._calls.pop(session_id, None)
        done = self._calls_done.pop(session_id, None)
        if done is not None:
            done.set()

    def lock(self, session_id: str) -> asyncio.Lock:
        return self._locks.setdefault(session_id, asyncio.Lock())

    async def client(self, engine_name: str, config: SessionConfig) -> EngineClient:
        client = self.clients.get(config.session_id)
        if client is None:
            engine = await self.engine(engine_name)
            client = engine.client(config, self.sink)
            self.clients[config.session_id] = client
        return client

    async def connect(
        self, engine_name: str, config: SessionConfig, *, taking_over: bool = False
    ) -> EngineClient:
        """Start a session's client. ``taking_over``: it was driven by another node and stays
        linked; until it is connected here, requests for it hear that it is moving."""
        if taking_over:
            self._left.pop(config.session_id, None)
            self.expect(config.session_id)
        # Start and stop are serialized per session: overlapping logins corrupt engine state.
        async with self.lock(config.session_id):
            client = await self.client(engine_name, config)
            await client.connect()
            return client

    # ---- sessions between two nodes (cluster mode) ------------------------------------------

    def expect(self, session_id: str) -> None:
        """This node is about to drive a linked session that another node drove."""
        if session_id not in self._arriving:
            deadline = time.monotonic() + _ARRIVAL_SECONDS
            self._arriving[session_id] = (deadline, asyncio.Event())

    def left(self, session_id: str) -> bool:
        """This node handed the session to another a moment ago."""
        until = self._left.get(session_id)
        if until is not None and time.monotonic() > until:
            del self._left[session_id]
            return False
        return until is not None

    def arriving(self, session_id: str) -> bool:
        """The session is expected here and is not connected yet."""
        arrival = self._arriving.get(session_id)
        if arrival is None:
            return False
        client = self.clients.get(session_id)
        # A client just made reads "disconnected" until its connect begins; a failure to
        # connect ends the arrival through its reported state (``_report``).
        if (client is not None and client.state in ("connected", "qr_code")) or (
            time.monotonic() > arrival[0]
        ):
            del self._arriving[session_id]  # here, or stuck as any session can be
            return False
        return True

    async def arrival(self, session_id: str, *, within: float) -> None:
        """Wait, at most ``within`` seconds, for an expected session to connect: a send during
        a move is answered as if there had been none."""
        if not self.arriving(session_id):
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                await self._arriving[session_id][1].wait()

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
                self._left[session_id] = time.monotonic() + _ARRIVAL_SECONDS
                client.sink = _without_state(client.sink)  # the new owner reports it now
                if self._calls.get(session_id):
                    # Sends that reached the engine's door finish before the door closes.
                    done = self._calls_done.setdefault(session_id, asyncio.Event())
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(_CALLS_PATIENCE):
                            await done.wait()
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

    async def _report(self, event: EngineEvent) -> None:
        if self._arriving and isinstance(event, StateChanged) and event.state != "connecting":
            arrival = self._arriving.pop(event.session_id, None)
            if arrival is not None:
                arrival[1].set()
        await self._writes.submit(event)

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

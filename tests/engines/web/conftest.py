"""Fixtures for the web engine: a session hosted in this process, fed through neonize's own
event dispatch (``Event.execute``, the entry point of Go's callbacks), never connected."""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("neonize")

from neonize.events import EVENT_TO_INT
from neonize.proto.Neonize_pb2 import JID, Device

from inboxhub.app import build_runtime
from inboxhub.config import Settings
from inboxhub.engines.events import EngineEvent
from inboxhub.engines.web import WebEngine
from inboxhub.engines.web.gates import LifecycleGate
from inboxhub.engines.web.session import SessionSettings, WebSession
from tests.engines.web.engines import FAST, Engine
from tests.engines.web.fake_whatsmeow import FakeWhatsmeow

_ids = itertools.count(1)


class Hosted:
    """A ``WebSession`` and everything it emitted."""

    def __init__(self, session: WebSession, events: list[EngineEvent]) -> None:
        self.session = session
        self.events = events

    def dispatch(self, event: Any) -> list[EngineEvent]:
        """Deliver a neonize event as Go does, and return what the session emitted for it."""
        start = len(self.events)
        data = event.SerializePartialToString()
        buffer = ctypes.create_string_buffer(data, max(len(data), 1))
        self.session.client.event.execute(
            0, ctypes.addressof(buffer), len(data), EVENT_TO_INT[type(event)]
        )
        return self.events[start:]

    def show_qr(self, code: str) -> list[EngineEvent]:
        """Deliver a login QR through neonize's QR callback."""
        start = len(self.events)
        buffer = ctypes.create_string_buffer(code.encode())
        self.session.client._NewClient__onQr(0, ctypes.addressof(buffer))
        return self.events[start:]


@pytest.fixture
def hosted(tmp_path: Path) -> Callable[..., Hosted]:
    def make(**settings: Any) -> Hosted:
        events: list[EngineEvent] = []
        session_id = f"mapped_{next(_ids)}"
        session = WebSession(
            session_id,
            tmp_path / f"{session_id}.db",
            SessionSettings(**settings),
            LifecycleGate(),
            events.append,
        )
        return Hosted(session, events)

    return make


@pytest.fixture
def online(hosted: Callable[..., Hosted]) -> Callable[[], tuple[Any, FakeWhatsmeow]]:
    """A connected session whose neonize client talks to ``FakeWhatsmeow`` instead of Go."""

    def make() -> tuple[Any, FakeWhatsmeow]:
        h = hosted()
        fake = FakeWhatsmeow()
        client = h.session.client
        client._NewClient__client = fake
        client.contact._ContactStore__client = fake
        client.me = Device(JID=JID(User="34600000001", Server="s.whatsapp.net", Device=12))
        h.session.set_state("connected")
        return h.session, fake

    return make


@pytest.fixture
async def web(make_settings: Callable[..., Settings]) -> AsyncIterator[Callable[..., Any]]:
    """Starts a web engine with real, supervised engine processes (quick restarts)."""
    started: list[WebEngine] = []

    async def start(**overrides: Any) -> Engine:
        engine = WebEngine(build_runtime(make_settings(**{**FAST, **overrides})))
        await engine.start()
        started.append(engine)
        return Engine(engine)

    yield start
    for engine in started:
        await engine.stop()

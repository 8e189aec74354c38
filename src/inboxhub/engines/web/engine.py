"""The ``web`` engine: WhatsApp Web multi-device through neonize (whatsmeow), like Baileys."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from inboxhub.engines.base import Engine, EngineClient, EventSink, SessionConfig
from inboxhub.engines.events import EngineEvent
from inboxhub.engines.web.client import WebClient
from inboxhub.engines.web.supervisor import HostConfig, Supervisor

if TYPE_CHECKING:
    from inboxhub.engines.base import EngineHost


class WebEngine(Engine):
    name = "web"

    def __init__(self, runtime: EngineHost) -> None:
        settings = runtime.settings
        # One SQLite credential store per session (whatsmeow's device, keys and app state).
        self.store_dir = (settings.data_dir / "web").resolve()
        self.clients: weakref.WeakValueDictionary[str, WebClient] = weakref.WeakValueDictionary()
        self.supervisor = Supervisor(
            HostConfig(
                store_dir=str(self.store_dir),
                reconnect_initial=settings.web_reconnect_initial_seconds,
                reconnect_max=settings.web_reconnect_max_seconds,
                qr_timeout=settings.web_qr_timeout_seconds,
                start_settle=settings.web_start_settle_seconds,
                log_level=settings.log_level,
            ),
            on_event=self._route,
            on_lost=self._lost,
            restart_initial=settings.web_restart_initial_seconds,
            restart_max=settings.web_restart_max_seconds,
            request_timeout=settings.web_request_timeout_seconds,
            heartbeat=settings.web_heartbeat_seconds,
        )

    async def start(self) -> None:
        self.store_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        await self.supervisor.start()

    async def stop(self) -> None:
        await self.supervisor.stop()

    def client(self, config: SessionConfig, sink: EventSink) -> EngineClient:
        client = WebClient(config, sink, self.supervisor)
        self.clients[config.session_id] = client
        return client

    def _route(self, event: EngineEvent) -> None:
        client = self.clients.get(event.session_id)
        if client is not None:
            client.receive(event)

    def _lost(self, reason: str) -> None:
        for session_id in list(self.supervisor.running):
            client = self.clients.get(session_id)
            if client is not None:
                client.engine_lost(reason)

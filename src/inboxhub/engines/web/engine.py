"""The ``web`` engine: WhatsApp Web multi-device through neonize (whatsmeow), like Baileys.

Sessions are spread over several engine processes, ``web_sessions_per_process`` in each, every
one under its own ``Supervisor``: a Go panic, a hang or a restart costs one share of the
sessions, and the others never notice. A process is started when its first session starts.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import TYPE_CHECKING, Any

from inboxhub.engines.base import Engine, EngineClient, EventSink, SessionConfig
from inboxhub.engines.events import EngineEvent
from inboxhub.engines.proxy import proxy_option
from inboxhub.engines.web.client import WebClient
from inboxhub.engines.web.supervisor import HostConfig, Supervisor
from inboxhub.errors import ValidationFailed

if TYPE_CHECKING:
    from inboxhub.engines.base import EngineHost

_DEVICE_NAME_MAX = 50


def device_name_option(options: dict[str, Any]) -> str | None:
    """A session's ``engineOptions.deviceName``: the name its phone lists it under."""
    value = options.get("deviceName")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > _DEVICE_NAME_MAX:
        raise ValidationFailed(
            f"engineOptions.deviceName must be text of 1 to {_DEVICE_NAME_MAX} characters",
            field="engineOptions.deviceName",
        )
    return value.strip()


class WebEngine(Engine):
    name = "web"

    def __init__(self, runtime: EngineHost) -> None:
        self.settings = settings = runtime.settings
        # One SQLite credential store per session (whatsmeow's device, keys and app state).
        self.store_dir = (settings.data_dir / "web").resolve()
        self.per_process = settings.web_sessions_per_process
        self.clients: weakref.WeakValueDictionary[str, WebClient] = weakref.WeakValueDictionary()
        self.shards: list[Supervisor] = []
        self.config = HostConfig(
            store_dir=str(self.store_dir),
            reconnect_initial=settings.web_reconnect_initial_seconds,
            reconnect_max=settings.web_reconnect_max_seconds,
            qr_timeout=settings.web_qr_timeout_seconds,
            start_settle=settings.web_start_settle_seconds,
            log_level=settings.log_level,
            device_name=settings.web_device_name,
        )

    @classmethod
    def check_options(cls, options: dict[str, Any]) -> None:
        device_name_option(options)
        proxy_option(options)

    async def start(self) -> None:
        self.store_dir.mkdir(parents=True, exist_ok=True, mode=0o700)

    async def stop(self) -> None:
        await asyncio.gather(*(shard.stop() for shard in self.shards))

    def client(self, config: SessionConfig, sink: EventSink) -> EngineClient:
        client = WebClient(
            config,
            sink,
            self._shard_with_room(),
            device_name=device_name_option(config.options),
            proxy_url=proxy_option(config.options),
        )
        self.clients[config.session_id] = client
        return client

    def load(self, shard: Supervisor) -> int:
        return sum(1 for client in self.clients.values() if client.supervisor is shard)

    def _shard_with_room(self) -> Supervisor:
        for shard in self.shards:
            if self.load(shard) < self.per_process:
                return shard
        return self._new_shard()

    def _new_shard(self) -> Supervisor:
        settings = self.settings

        def lost(reason: str) -> None:
            for session_id in list(shard.running):
                client = self.clients.get(session_id)
                if client is not None and client.supervisor is shard:
                    client.engine_lost(reason)

        def route(event: EngineEvent) -> None:
            client = self.clients.get(event.session_id)
            if client is not None and client.supervisor is shard:
                client.receive(event)

        shard = Supervisor(
            self.config,
            on_event=route,
            on_lost=lost,
            restart_initial=settings.web_restart_initial_seconds,
            restart_max=settings.web_restart_max_seconds,
            request_timeout=settings.web_request_timeout_seconds,
            heartbeat=settings.web_heartbeat_seconds,
            renew_after=settings.web_renew_after_deletes,
            label=f"web engine process {len(self.shards) + 1}",
        )
        self.shards.append(shard)
        return shard

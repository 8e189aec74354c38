"""The Cloud API engine: one HTTP client and one throughput pacer shared by all its sessions."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import httpx

from inboxhub import __version__
from inboxhub.engines.base import Engine, EngineClient, EventSink, SessionConfig
from inboxhub.engines.cloud.options import parse_options
from inboxhub.engines.cloud.pacing import NumberPacer

if TYPE_CHECKING:
    from inboxhub.engines.base import EngineHost

log = logging.getLogger(__name__)


class CloudEngine(Engine):
    name = "cloud"

    def __init__(self, runtime: EngineHost) -> None:
        self.runtime = runtime
        self.pacer = NumberPacer(runtime.limiter)
        self._http: httpx.AsyncClient | None = None

    @classmethod
    def check_options(cls, options: dict[str, Any]) -> None:
        parse_options(options)

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            raise RuntimeError("the Cloud API engine is not started")
        return self._http

    async def start(self) -> None:
        settings = self.runtime.settings
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.cloud_http_timeout_seconds, connect=10.0),
            follow_redirects=False,  # every hop is checked by the SSRF guard
            headers={"User-Agent": f"InboxHub/{__version__}"},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    async def stop(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    def client(self, config: SessionConfig, sink: EventSink) -> EngineClient:
        from inboxhub.engines.cloud.client import CloudClient

        return CloudClient(config, sink, self)

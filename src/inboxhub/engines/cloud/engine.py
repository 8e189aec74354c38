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
        # One client per proxy that sessions use (``engineOptions.proxyUrl``).
        self._proxied: dict[str, httpx.AsyncClient] = {}

    @classmethod
    def check_options(cls, options: dict[str, Any]) -> None:
        parse_options(options)

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            raise RuntimeError("the Cloud API engine is not started")
        return self._http

    def http_for(self, proxy_url: str | None) -> httpx.AsyncClient:
        """The HTTP client of a session: the shared one, or one through the session's proxy."""
        if not proxy_url:
            return self.http
        client = self._proxied.get(proxy_url)
        if client is None:
            client = self._proxied[proxy_url] = self._new_http(proxy=proxy_url)
        return client

    def _new_http(self, proxy: str | None = None) -> httpx.AsyncClient:
        settings = self.runtime.settings
        return httpx.AsyncClient(
            timeout=httpx.Timeout(settings.cloud_http_timeout_seconds, connect=10.0),
            follow_redirects=False,  # every hop is checked by the SSRF guard
            headers={"User-Agent": f"InboxHub/{__version__}"},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
            proxy=proxy,
            # A session's proxy replaces any from the environment (HTTPS_PROXY).
            trust_env=proxy is None,
        )

    async def start(self) -> None:
        self._http = self._new_http()

    async def stop(self) -> None:
        for client in [self._http, *self._proxied.values()]:
            if client is not None:
                await client.aclose()
        self._http = None
        self._proxied.clear()

    def client(self, config: SessionConfig, sink: EventSink) -> EngineClient:
        from inboxhub.engines.cloud.client import CloudClient

        return CloudClient(config, sink, self)

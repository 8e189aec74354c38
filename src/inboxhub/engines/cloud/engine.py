"""The Cloud API engine: one HTTP client and one throughput pacer shared by all its sessions."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import httpx

from inboxhub import __version__
from inboxhub.engines.base import Engine, EngineClient, EventSink, SessionConfig
from inboxhub.engines.cloud.options import parse_options
from inboxhub.engines.cloud.pacing import NumberPacer

if TYPE_CHECKING:
    from inboxhub.runtime import Runtime

log = logging.getLogger(__name__)

_PRUNE_EVERY = 3600.0


class CloudEngine(Engine):
    name = "cloud"

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.pacer = NumberPacer(runtime.limiter)
        self._http: httpx.AsyncClient | None = None
        self._janitor: asyncio.Task[None] | None = None

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
        self._janitor = asyncio.create_task(self._prune_forever(), name="cloud:prune")

    async def stop(self) -> None:
        if self._janitor is not None:
            self._janitor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._janitor
            self._janitor = None
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    def client(self, config: SessionConfig, sink: EventSink) -> EngineClient:
        from inboxhub.engines.cloud.client import CloudClient

        return CloudClient(config, sink, self)

    async def _prune_forever(self) -> None:
        from inboxhub.engines.cloud.service import prune

        retention = timedelta(days=self.runtime.settings.cloud_webhook_retention_days)
        while True:
            try:
                async with self.runtime.database.sessionmaker() as db, db.begin():
                    await prune(db, retention=retention)
            except Exception:  # the next round tries again; receiving must not depend on it
                log.exception("could not prune old Cloud API webhook notifications")
            await asyncio.sleep(_PRUNE_EVERY)

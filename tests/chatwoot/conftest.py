"""Chatwoot fixtures: the gateway behind a real HTTP server (Chatwoot posts its webhooks to it)
and a Chatwoot on 127.0.0.1 (``fake_chatwoot.py``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn

from tests.chatwoot.fake_chatwoot import FakeChatwoot, start_fake

FAST = {
    "webhook_retry_schedule": [0.05, 0.1, 0.2, 0.4],
    "webhook_retry_jitter": 0.0,
    "webhook_timeout_seconds": 2.0,
    "webhook_poll_interval_seconds": 0.2,
    "handover_timer_interval_seconds": 0.05,
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return dict(FAST)


@pytest.fixture
async def live_url(app: Any) -> AsyncIterator[str]:
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


@pytest.fixture
async def chatwoot(live_url: str) -> AsyncIterator[FakeChatwoot]:
    fake, server, sock, task = await start_fake(live_url)
    try:
        yield fake
    finally:
        await fake.settle()
        server.should_exit = True
        await task
        sock.close()

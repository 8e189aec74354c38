"""The gateway behind a real HTTP server on the port its settings name, so that webhooks it
sends to its own inspector URL arrive; private targets stay forbidden, as on a fresh install."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn

from tests.support.ports import free_port
from tests.webhooks.conftest import FAST


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def settings_overrides(port: int) -> dict[str, Any]:
    return {**FAST, "port": port, "allow_private_targets": False}


@pytest.fixture
async def live_url(app: Any, port: int) -> AsyncIterator[str]:
    """The app (its lifespan already runs under the ``app`` fixture) listening on its port."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():  # the port was taken meanwhile: say so rather than wait
            task.result()
            raise RuntimeError(f"port {port} is taken")
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task

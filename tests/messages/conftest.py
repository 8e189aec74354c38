from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.messages.helpers import WebServer
from tests.support import link_session

SHOP = "34600000001"
OTHER = "34600000002"
CONTACT = "34611111111"


@pytest.fixture
async def shop(client: httpx.AsyncClient) -> dict[str, Any]:
    """A sandbox session linked to the number 34600000001."""
    return await link_session(client, "shop", SHOP, push_name="Shop")


@pytest.fixture
async def other(client: httpx.AsyncClient) -> dict[str, Any]:
    """A second sandbox session, 34600000002, reachable from ``shop`` by number."""
    return await link_session(client, "other", OTHER, push_name="Other")


@pytest.fixture
async def web() -> AsyncIterator[WebServer]:
    server = await WebServer().start()
    try:
        yield server
    finally:
        await server.close()

"""Cloud API fixtures: a local Graph API server, signed webhook posts, connected cloud sessions."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import inboxhub.cloud_inbound.models  # noqa: F401  (its tables are truncated between tests)
from tests.engines.cloud.graph_server import PHONE_NUMBER_ID, TOKEN, FakeGraph, GraphServer
from tests.support import create_session, eventually

FIXTURES = Path(__file__).parent / "fixtures"
APP_SECRET = "meta-app-secret-0123456789abcdef"
VERIFY_TOKEN = "verify-me-please"


@pytest.fixture(scope="session")
def graph_server() -> Iterator[FakeGraph]:
    fake = FakeGraph()
    server = GraphServer(fake)
    server.start()
    yield fake
    server.stop()


@pytest.fixture
def graph(graph_server: FakeGraph) -> FakeGraph:
    graph_server.reset()
    return graph_server


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {
        "cloud_retry_base_seconds": 0.01,
        "cloud_pair_backoff_seconds": 0.01,
        "cloud_reconnect_delay_seconds": 0.05,
    }


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def cloud_options(graph: FakeGraph, **overrides: Any) -> dict[str, Any]:
    options = {
        "accessToken": TOKEN,
        "phoneNumberId": PHONE_NUMBER_ID,
        "appSecret": APP_SECRET,
        "verifyToken": VERIFY_TOKEN,
        "wabaId": "102290129340398",
        "graphBaseUrl": graph.base_url,
    }
    options.update(overrides)
    return {k: v for k, v in options.items() if v is not None}


async def status_of(client: httpx.AsyncClient, session_id: str) -> dict[str, Any]:
    data: dict[str, Any] = (await client.get(f"/api/sessions/{session_id}/status")).json()["data"]
    return data


async def create_cloud_session(
    client: httpx.AsyncClient, graph: FakeGraph, session_id: str = "meta_1", **overrides: Any
) -> dict[str, Any]:
    """Create a cloud session over the API and wait until it is connected."""
    await create_session(
        client, session_id, engine="cloud", engineOptions=cloud_options(graph, **overrides)
    )

    async def connected() -> dict[str, Any] | None:
        status = await status_of(client, session_id)
        return status if status["status"] == "connected" else None

    result: dict[str, Any] = await eventually(connected)
    return result


async def post_webhook(
    anon: httpx.AsyncClient,
    payload: dict[str, Any] | bytes,
    *,
    path: str = "/api/cloud/webhook/meta_1",
    secret: str | None = APP_SECRET,
) -> httpx.Response:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Hub-Signature-256"] = sign(body, secret)
    return await anon.post(path, content=body, headers=headers)


async def contact_writes(
    anon: httpx.AsyncClient,
    number: str = "34657032985",
    *,
    text: str = "Hola",
    at: float | None = None,
    path: str = "/api/cloud/webhook/meta_1",
) -> str:
    """A contact writes to the business number now (or ``at``): Meta's text notification.
    Opens the 24-hour customer service window. Returns the message's wamid."""
    payload = fixture("text")
    value = payload["entry"][0]["changes"][0]["value"]
    wamid = f"wamid.{number}.{time.time_ns()}"
    value["contacts"][0]["wa_id"] = number
    message = value["messages"][0]
    message["from"], message["id"] = number, wamid
    message["timestamp"] = str(int(at if at is not None else time.time()))
    message["text"] = {"body": text}
    response = await post_webhook(anon, payload, path=path)
    assert response.status_code == 200, response.text
    return wamid

"""Webhook fixtures: fast retry timings, CRM receivers on 127.0.0.1 and a real HTTP server for
the event stream (ASGI test transports buffer whole responses)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import select

from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.outbox import publish
from tests.support.auth import ADMIN_EMAIL, ADMIN_PASSWORD, API_KEY
from tests.webhooks.receiver import Receiver, Script

FAST = {
    "webhook_retry_schedule": [0.05, 0.05, 0.05],
    "webhook_retry_jitter": 0.0,
    "webhook_timeout_seconds": 1.0,
    "webhook_poll_interval_seconds": 0.2,
    "events_stream_heartbeat_seconds": 0.5,
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return dict(FAST)


@pytest.fixture
async def receivers() -> AsyncIterator[Callable[..., Any]]:
    """``await receivers(script)`` starts a receiver; all are stopped after the test."""
    started: list[Receiver] = []

    async def start(script: Script | None = None, *, path: str = "/hook") -> Receiver:
        receiver = await Receiver(script, path=path).start()
        started.append(receiver)
        return receiver

    yield start
    for receiver in started:
        await receiver.stop()


@pytest.fixture
async def receiver(receivers: Callable[..., Any]) -> Receiver:
    result: Receiver = await receivers()
    return result


async def organization_id(client: httpx.AsyncClient) -> int:
    response = await client.get("/api/webhooks/subscriptions")
    assert response.status_code == 200, response.text
    return int(response.json()["data"]["organizationId"])


async def add_webhook(client: httpx.AsyncClient, url: str, **body: Any) -> dict[str, Any]:
    org = await organization_id(client)
    response = await client.post(
        f"/api/webhooks/organizations/{org}", json={"name": "CRM", "url": url, **body}
    )
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def emit(
    app: Any,
    session_id: str | None,
    event_type: str,
    payload: dict[str, Any],
    *,
    chat_id: str | None = None,
    organization: int | None = None,
) -> str:
    """Record an event the way a feature does (for tests about delivery mechanics only)."""
    runtime = app.state.runtime
    async with runtime.database.sessionmaker() as db, db.begin():
        session = None
        if session_id is not None:
            session = (
                await db.execute(
                    select(WhatsAppSession).where(WhatsAppSession.session_id == session_id)
                )
            ).scalar_one()
        event = await publish(
            db,
            organization_id=organization or (session.organization_id if session else 1),
            event_type=event_type,
            payload=payload,
            session=session,
            chat_id=chat_id,
        )
        return event.id


async def deliveries(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    response = await client.get("/api/webhooks/deliveries", params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["data"]["deliveries"]
    return items


async def second_organization(anon: httpx.AsyncClient) -> tuple[int, str]:
    """Another tenant, made over the API: its id and an API key of its own."""
    login = await anon.post(
        "/api/auth/login", json={"identifier": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    auth = {"Authorization": f"Bearer {login.json()['data']['accessToken']}"}
    org = await anon.post("/api/organizations", json={"name": "Other"}, headers=auth)
    assert org.status_code == 201, org.text
    org_id = int(org.json()["data"]["organization"]["id"])
    key = await anon.post(
        f"/api/organizations/{org_id}/api-keys", json={"name": "other"}, headers=auth
    )
    assert key.status_code == 201, key.text
    return org_id, str(key.json()["data"]["apiKey"]["key"])


@pytest.fixture
async def live_url(app: Any) -> AsyncIterator[str]:
    """The app behind a real HTTP server (its lifespan already runs under the ``app`` fixture)."""
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


__all__ = ["API_KEY"]

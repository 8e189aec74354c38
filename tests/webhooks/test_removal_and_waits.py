"""Removing a subscriber of any kind, and why a pending delivery has not gone yet."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import create_session, eventually
from tests.webhooks.conftest import (
    FAST,
    add_webhook,
    deliveries,
    emit,
    organization_id,
    second_organization,
)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # The first failure is retried only much later: the chain behind it stays held meanwhile.
    return {**FAST, "webhook_retry_schedule": [600.0, 600.0]}


async def test_deliveries_held_behind_a_failing_one_say_why(app, client, receivers):
    down = await receivers(lambda _: 500)
    await create_session(client, "tienda", webhookUrl=down.url)
    chat = "34611111111@s.whatsapp.net"
    await emit(app, "tienda", "message.received", {"n": 1}, chat_id=chat)

    async def first_failed() -> list[dict[str, Any]] | None:
        items = await deliveries(client, sessionId="tienda", event="message.received")
        return items if items and items[0]["attempts"] >= 1 else None

    [first] = await eventually(first_failed)
    await emit(app, "tienda", "message.received", {"n": 2}, chat_id=chat)
    second, first = await deliveries(client, sessionId="tienda", event="message.received")
    assert first["status"] == second["status"] == "pending"
    assert first["waitReason"] == "retry_scheduled"
    assert first["waitingFor"] is None
    assert second["waitReason"] == "earlier_pending"
    assert second["waitingFor"] == first["id"]
    assert second["attempts"] == 0

    one = (await client.get(f"/api/webhooks/deliveries/{second['id']}")).json()["data"]
    assert (one["waitReason"], one["waitingFor"]) == ("earlier_pending", first["id"])

    # A disabled subscriber holds what it still had.
    org_hook = await add_webhook(client, down.url, events=["message"])
    await emit(app, "tienda", "message.received", {"n": 3}, chat_id="2@s.whatsapp.net")
    org = await organization_id(client)
    await client.put(
        f"/api/webhooks/organizations/{org}/{org_hook['id']}", json={"isActive": False}
    )
    held = await deliveries(client, subscriptionId=org_hook["id"])
    assert [d["waitReason"] for d in held] == ["subscriber_disabled"]
    # Settled deliveries have no reason to wait.
    assert all(d["waitReason"] is None for d in await deliveries(client, status="succeeded"))


async def test_a_sessions_webhook_is_removed_and_its_pending_deliveries_cancelled(
    app, client, receivers
):
    down = await receivers(lambda _: 500)
    await create_session(client, "tienda", webhookUrl=down.url, webhookSecret="s3cret")
    await emit(app, "tienda", "message.received", {"n": 1}, chat_id="1@s.whatsapp.net")

    async def tried() -> bool:
        return len(down.requests) >= 1

    await eventually(tried)
    subs = (await client.get("/api/webhooks/subscriptions")).json()["data"]["subscriptions"]
    assert [s["kind"] for s in subs] == ["session"]

    r = await client.delete("/api/webhooks/sessions/tienda")
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {"sessionId": "tienda", "removed": True}
    session = (await client.get("/api/sessions/tienda")).json()["data"]["session"]
    assert session["webhookUrl"] is None
    assert session["hasWebhookSecret"] is False
    assert {d["status"] for d in await deliveries(client)} == {"cancelled"}
    subs = (await client.get("/api/webhooks/subscriptions")).json()["data"]["subscriptions"]
    assert subs == []

    # A new address brings the same subscriber back, with its log.
    up = await receivers()
    r = await client.put("/api/sessions/tienda", json={"webhookUrl": up.url})
    assert r.status_code == 200, r.text
    subs = (await client.get("/api/webhooks/subscriptions")).json()["data"]["subscriptions"]
    assert [(s["kind"], s["url"]) for s in subs] == [("session", up.url)]
    # Removing a session without a webhook is harmless.
    await create_session(client, "plain")
    assert (await client.delete("/api/webhooks/sessions/plain")).status_code == 200
    assert (await client.delete("/api/webhooks/sessions/nobody")).status_code == 404


async def test_any_subscriber_is_removed_by_id_within_its_organization(
    app, client, anon, receivers
):
    hook = await receivers()
    await create_session(client, "tienda", webhookUrl=hook.url)
    await emit(app, "tienda", "session.status", {"status": "connected"})
    org_hook = await add_webhook(client, hook.url)
    subs = (await client.get("/api/webhooks/subscriptions")).json()["data"]["subscriptions"]
    session_sub = next(s for s in subs if s["kind"] == "session")

    _, other_key = await second_organization(anon)
    for sub in (session_sub, org_hook):
        r = await anon.delete(
            f"/api/webhooks/subscriptions/{sub['id']}", headers={"X-API-Key": other_key}
        )
        assert r.status_code == 404
        assert r.json()["field"] == "webhookId"

    for sub in (session_sub, org_hook):
        r = await client.delete(f"/api/webhooks/subscriptions/{sub['id']}")
        assert r.status_code == 200, r.text
        assert r.json()["data"]["kind"] == sub["kind"]
    assert (await client.get("/api/webhooks/subscriptions")).json()["data"]["total"] == 0
    session = (await client.get("/api/sessions/tienda")).json()["data"]["session"]
    assert session["webhookUrl"] is None
    assert (await client.delete("/api/webhooks/subscriptions/999999")).status_code == 404

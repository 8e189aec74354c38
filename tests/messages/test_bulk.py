"""Rate limits, bulk pacing (queued rows survive a restart) and idempotent retries."""

from __future__ import annotations

import httpx
import pytest

from inboxhub.app import create_app
from tests.messages.conftest import CONTACT, OTHER, SHOP
from tests.messages.helpers import events
from tests.support import eventually, link_session
from tests.support.auth import API_KEY
from tests.support.database import truncate
from tests.support.lifespan import running

FAST = {"rate_limit_messages": "5/second", "messages_pacer_interval_seconds": 0.05}
RECIPIENTS = [f"346110000{i:02d}" for i in range(12)]


async def _messages(client, **params):
    return (await client.get("/api/messages/shop", params={"limit": 100, **params})).json()["data"][
        "messages"
    ]


@pytest.mark.parametrize("settings_overrides", [{"rate_limit_messages": "2/minute"}])
async def test_single_send_over_the_rate_is_refused_with_retry_after(client, shop):
    for text in ("uno", "dos"):
        assert (
            await client.post("/api/messages/shop/send", json={"to": CONTACT, "message": text})
        ).status_code == 200
    r = await client.post("/api/messages/shop/send", json={"to": CONTACT, "message": "tres"})
    assert r.status_code == 429
    assert r.json()["code"] == "RATE_LIMIT_EXCEEDED"
    assert 0 < int(r.headers["Retry-After"]) <= 60
    assert [m["body"] for m in await _messages(client)] == ["dos", "uno"]


@pytest.mark.parametrize("settings_overrides", [FAST])
async def test_bulk_beyond_the_rate_is_queued_and_paced(client, app, shop):
    r = await client.post(
        "/api/messages/shop/send", json={"to": [*RECIPIENTS, RECIPIENTS[0]], "message": "Promo"}
    )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["total"] == 12  # the repeated number is sent once
    assert data["sent"] == 5
    assert data["queued"] == 7
    assert data["batchId"].startswith("bat_")
    views = data["messages"]
    assert [v["chatId"] for v in views] == [f"{n}@s.whatsapp.net" for n in RECIPIENTS]
    assert [v["status"] for v in views[:5]] == ["sent"] * 5
    assert all(v["status"] == "queued" and v["scheduledAt"] for v in views[5:])

    async def all_delivered():
        messages = await _messages(client)
        return len(messages) == 12 and all(m["status"] == "delivered" for m in messages)

    await eventually(all_delivered, timeout=15)
    # Queued messages went out in the order they were given.
    by_recipient = {m["chatId"]: m for m in await _messages(client)}
    stamps = [by_recipient[f"{n}@s.whatsapp.net"]["timestamp"] for n in RECIPIENTS]
    assert stamps[5:] == sorted(stamps[5:])
    assert min(stamps[5:]) > max(stamps[:5])  # the queued ones went out after the first five
    sent = [e["data"] for e in await events(app, "message.status") if e["data"]["status"] == "sent"]
    assert len(sent) == 12
    # A chat shows a queued message as of when it went out, not when it was queued.
    chats = (await client.get("/api/messages/shop/chats", params={"limit": 100})).json()["data"]
    last_at = {c["chatId"]: c["lastMessageAt"] for c in chats["chats"]}
    assert [last_at[f"{n}@s.whatsapp.net"] for n in RECIPIENTS[5:]] == stamps[5:]


@pytest.mark.parametrize("settings_overrides", [{"rate_limit_messages": "1/minute"}])
async def test_a_queued_message_can_be_cancelled(client, app, shop):
    data = (
        await client.post(
            "/api/messages/shop/send", json={"to": RECIPIENTS[:2], "message": "Promo"}
        )
    ).json()["data"]
    queued = data["messages"][1]
    assert queued["status"] == "queued"
    r = await client.delete(f"/api/messages/shop/messages/{queued['id']}")
    assert r.status_code == 200, r.text
    assert r.json()["data"]["message"]["status"] == "failed"
    assert "cancelled" in r.json()["data"]["message"]["error"]
    [event] = [
        e["data"]
        for e in await events(app, "message.status")
        if e["data"]["messageId"] == queued["id"]
    ]
    assert (event["previousStatus"], event["status"]) == ("queued", "failed")


async def test_queued_messages_survive_a_restart(make_settings, database_url):
    await truncate(database_url)
    first = create_app(
        make_settings(rate_limit_messages="2/minute", messages_pacer_interval_seconds=0.05)
    )
    async with (
        running(first),
        _client(first) as client,
    ):
        await link_session(client, "shop", SHOP)
        data = (
            await client.post(
                "/api/messages/shop/send", json={"to": RECIPIENTS[:5], "message": "Promo"}
            )
        ).json()["data"]
        assert (data["sent"], data["queued"]) == (2, 3)

    second = create_app(
        make_settings(rate_limit_messages="50/second", messages_pacer_interval_seconds=0.05)
    )
    async with (
        running(second),
        _client(second) as client,
    ):

        async def all_delivered():
            messages = await _messages(client)
            return all(m["status"] == "delivered" for m in messages) and len(messages) == 5

        await eventually(all_delivered, timeout=15)


def _client(app):
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://gateway.test",
        headers={"X-API-Key": API_KEY},
    )


async def test_idempotent_retry_returns_the_first_result(client, app, shop, other):
    body = {"to": OTHER, "message": "Factura 42"}
    first = await client.post(
        "/api/messages/shop/send", json=body, headers={"Idempotency-Key": "factura-42"}
    )
    again = await client.post(
        "/api/messages/shop/send", json=body, headers={"Idempotency-Key": "factura-42"}
    )
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["data"]["message"]["id"] == first.json()["data"]["message"]["id"]
    assert (
        again.json()["data"]["message"]["whatsappMessageId"]
        == first.json()["data"]["message"]["whatsappMessageId"]
    )
    assert len(await _messages(client)) == 1

    async def arrived():
        return (await client.get("/api/messages/other")).json()["data"]["messages"]

    await eventually(arrived)
    assert len(await arrived()) == 1  # the other phone got it once

    changed = await client.post(
        "/api/messages/shop/send",
        json={**body, "message": "Factura 43"},
        headers={"Idempotency-Key": "factura-42"},
    )
    assert changed.status_code == 409
    assert changed.json()["code"] == "IDEMPOTENCY_KEY_REUSED"

    bulk = {"to": [CONTACT, OTHER], "message": "Aviso"}
    b1 = await client.post(
        "/api/messages/shop/send", json=bulk, headers={"Idempotency-Key": "aviso-1"}
    )
    b2 = await client.post(
        "/api/messages/shop/send", json=bulk, headers={"Idempotency-Key": "aviso-1"}
    )
    assert [m["id"] for m in b1.json()["data"]["messages"]] == [
        m["id"] for m in b2.json()["data"]["messages"]
    ]
    assert b2.json()["data"]["batchId"] == b1.json()["data"]["batchId"]
    assert len(await _messages(client)) == 3

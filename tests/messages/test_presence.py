"""``POST /api/messages/{sessionId}/presence``: online, offline, typing and recording."""

from __future__ import annotations

from inboxhub.engines.sandbox.messaging import messaging_of
from tests.support import link_session

CONTACT = "34611111111"


async def test_typing_and_online_reach_the_engine(client, app):
    await link_session(client, "shop", "34600000071")
    typing = await client.post(
        "/api/messages/shop/presence", json={"presence": "composing", "chatId": CONTACT}
    )
    assert typing.status_code == 200, typing.text
    assert typing.json()["data"] == {
        "presence": "composing",
        "chatId": f"{CONTACT}@s.whatsapp.net",
    }
    online = await client.post("/api/messages/shop/presence", json={"presence": "available"})
    assert online.status_code == 200, online.text
    network = app.state.runtime.pool.engines["sandbox"].network
    assert messaging_of(network).presences == {
        ("shop", f"{CONTACT}@s.whatsapp.net"): "composing",
        ("shop", ""): "available",
    }


async def test_bad_presence_requests_name_the_field(client):
    await link_session(client, "strict", "34600000072")
    missing_chat = await client.post(
        "/api/messages/strict/presence", json={"presence": "recording"}
    )
    assert missing_chat.status_code == 400
    assert "chatId" in missing_chat.json()["error"]
    unknown = await client.post("/api/messages/strict/presence", json={"presence": "dancing"})
    assert unknown.status_code == 400
    assert "presence" in unknown.json()["error"]
    bad_chat = await client.post(
        "/api/messages/strict/presence", json={"presence": "composing", "chatId": "not a number"}
    )
    assert bad_chat.status_code == 400
    assert "chatId" in bad_chat.json()["error"]


async def test_a_disconnected_session_cannot_show_presence(client):
    await link_session(client, "away", "34600000073")
    assert (await client.post("/api/sessions/away/disconnect")).status_code == 200
    refused = await client.post("/api/messages/away/presence", json={"presence": "available"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "SESSION_NOT_CONNECTED"

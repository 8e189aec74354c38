"""Incoming calls: ``call.received``, and sessions that decline calls with a message."""

from __future__ import annotations

from tests.messages.helpers import events
from tests.support import eventually, link_session

SHOP = "34600000001"
CALLER = "34611111111"
SORRY = "No atendemos llamadas por WhatsApp; escríbenos por aquí."


async def _call(client, *, video: bool = False) -> dict:
    r = await client.post("/api/sandbox/calls", json={"from": CALLER, "to": "shop", "video": video})
    assert r.status_code == 201, r.text
    call: dict = r.json()["data"]["call"]
    return call


async def _status(client, call_id: str) -> str:
    r = await client.get(f"/api/sandbox/sessions/shop/calls/{call_id}")
    assert r.status_code == 200, r.text
    status: str = r.json()["data"]["call"]["status"]
    return status


async def test_a_call_is_published_and_left_ringing_by_default(client, app):
    created = await link_session(client, "shop", SHOP)
    assert created["rejectCalls"] is False
    call = await _call(client, video=True)
    [event] = await events(app, "call.received")
    data = event["data"]
    assert data["callId"] == call["callId"]
    assert data["sessionId"] == "shop"
    assert data["from"] == CALLER and data["phoneNumber"] == CALLER
    assert data["isVideo"] is True
    assert data["rejected"] is False
    await app.state.runtime.writes.drain()
    assert await _status(client, call["callId"]) == "ringing"
    messages = (await client.get("/api/messages/shop")).json()["data"]["messages"]
    assert messages == []


async def test_a_session_that_rejects_calls_declines_and_writes_to_the_caller(client, app):
    await link_session(client, "shop", SHOP)
    r = await client.put(
        "/api/sessions/shop", json={"rejectCalls": True, "rejectCallMessage": SORRY}
    )
    assert r.status_code == 200, r.text
    session = (await client.get("/api/sessions/shop")).json()["data"]["session"]
    assert (session["rejectCalls"], session["rejectCallMessage"]) == (True, SORRY)

    call = await _call(client)

    async def rejected() -> bool:
        return await _status(client, call["callId"]) == "rejected"

    await eventually(rejected)
    [event] = await events(app, "call.received")
    assert event["data"]["rejected"] is True
    assert event["data"]["rejectMessage"] == SORRY

    async def written() -> list:
        listed = (await client.get("/api/messages/shop")).json()["data"]["messages"]
        return [m for m in listed if m["fromMe"] and m["body"] == SORRY]

    [message] = await eventually(written)
    assert message["chatId"] == f"{CALLER}@s.whatsapp.net"


async def test_rejecting_without_a_message_only_declines(client, app):
    await link_session(client, "shop", SHOP, rejectCalls=True)
    call = await _call(client)

    async def rejected() -> bool:
        return await _status(client, call["callId"]) == "rejected"

    await eventually(rejected)
    await app.state.runtime.writes.drain()
    assert (await client.get("/api/messages/shop")).json()["data"]["messages"] == []


async def test_call_settings_are_checked(client):
    await link_session(client, "shop", SHOP)
    r = await client.put("/api/sessions/shop", json={"rejectCallMessage": "x" * 1001})
    assert r.status_code == 400
    assert r.json()["code"] == "VALIDATION_ERROR"
    assert r.json()["field"] == "rejectCallMessage"
    r = await client.put("/api/sessions/shop", json={"rejectCalls": "sometimes"})
    assert (r.status_code, r.json()["field"]) == (400, "rejectCalls")


async def test_webhooks_subscribe_to_calls(client):
    await link_session(client, "shop", SHOP)
    for wanted in (["call"], ["message", "call"]):
        r = await client.put("/api/sessions/shop", json={"webhookEvents": wanted})
        assert r.status_code == 200, r.text
    r = await client.put("/api/sessions/shop", json={"webhookEvents": ["calls"]})
    assert (r.status_code, r.json()["field"]) == (400, "webhookEvents")

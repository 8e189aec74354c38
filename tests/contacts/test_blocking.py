"""Blocking and unblocking contacts through the API."""

from __future__ import annotations

from tests.support import link_session


async def test_block_then_unblock(client):
    await link_session(client, "guard", "34600000081")
    blocked = await client.post("/api/contacts/guard/+34 611 111 111/block")
    assert blocked.status_code == 200, blocked.text
    assert blocked.json()["data"] == {
        "contactId": "34611111111@s.whatsapp.net",
        "blocked": True,
        "blocklist": ["34611111111@s.whatsapp.net"],
    }
    await client.post("/api/contacts/guard/34622222222/block")
    unblocked = await client.post("/api/contacts/guard/34611111111@s.whatsapp.net/unblock")
    assert unblocked.status_code == 200, unblocked.text
    assert unblocked.json()["data"]["blocklist"] == ["34622222222@s.whatsapp.net"]


async def test_groups_and_nonsense_cannot_be_blocked(client):
    await link_session(client, "picky", "34600000082")
    group = await client.post("/api/contacts/picky/120363000000000001@g.us/block")
    assert group.status_code == 400
    assert group.json()["code"] == "VALIDATION_ERROR" and "contactId" in group.json()["error"]
    nonsense = await client.post("/api/contacts/picky/not-a-number/block")
    assert nonsense.status_code == 400
    assert "contactId" in nonsense.json()["error"]


async def test_a_disconnected_session_cannot_block(client):
    await link_session(client, "off", "34600000083")
    await client.post("/api/sessions/off/disconnect")
    refused = await client.post("/api/contacts/off/34611111111/block")
    assert (refused.status_code, refused.json()["code"]) == (409, "SESSION_NOT_CONNECTED")

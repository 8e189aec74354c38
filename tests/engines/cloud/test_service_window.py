"""The 24-hour customer service window, kept by the gateway per chat: free-form messages only
while it is open, templates at any time, and mark-read with one Graph call per chat."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from inboxhub.messages.models import Chat
from tests.engines.cloud.conftest import contact_writes, create_cloud_session
from tests.support import eventually

TO = "34657032985"
CHAT = f"{TO}@s.whatsapp.net"
HOUR = 3600


async def _messages(client) -> list[dict]:
    messages: list[dict] = (await client.get("/api/messages/meta_1")).json()["data"]["messages"]
    return messages


async def test_a_contact_who_never_wrote_gets_only_templates(client, graph):
    await create_cloud_session(client, graph, "meta_1")
    response = await client.post("/api/messages/meta_1/send", json={"to": TO, "message": "Hola"})
    assert response.status_code == 409, response.text
    error = response.json()
    assert error["code"] == "OUTSIDE_SERVICE_WINDOW"
    assert error["field"] == "to"
    assert error["details"] == {"chatId": CHAT, "lastInboundAt": None, "windowClosedAt": None}
    assert "template" in error["error"]
    assert graph.send_attempts == 0  # refused before Meta heard of it
    assert await _messages(client) == []  # and nothing stored: no "sent" turning "failed"

    template = await client.post(
        "/api/messages/meta_1/send",
        json={"to": TO, "type": "template", "template": {"name": "hello_world", "language": "en"}},
    )
    assert template.status_code == 200, template.text
    assert graph.sent[0]["type"] == "template"


async def test_the_window_is_24_hours_from_the_contacts_last_message(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    now = time.time()
    await contact_writes(anon, TO, at=now - 25 * HOUR)
    closed = await client.post("/api/messages/meta_1/send", json={"to": TO, "message": "¿Hola?"})
    assert closed.status_code == 409, closed.text
    details = closed.json()["details"]
    wrote = datetime.fromtimestamp(int(now - 25 * HOUR), UTC)
    assert details["lastInboundAt"] == wrote.isoformat(timespec="milliseconds").replace(
        "+00:00", "Z"
    )
    assert details["windowClosedAt"] is not None

    await contact_writes(anon, TO, at=now - 23 * HOUR)
    # An older message delivered late does not move the window back.
    await contact_writes(anon, TO, at=now - 30 * HOUR)
    opened = await client.post("/api/messages/meta_1/send", json={"to": TO, "message": "¡Hola!"})
    assert opened.status_code == 200, opened.text
    assert graph.sent[-1]["text"]["body"] == "¡Hola!"

    (chat,) = (await client.get("/api/messages/meta_1/chats")).json()["data"]["chats"]
    wrote = datetime.fromtimestamp(int(now - 23 * HOUR), UTC)
    assert chat["lastInboundAt"].startswith(wrote.isoformat(timespec="seconds")[:19])
    expires = datetime.fromisoformat(chat["serviceWindowExpiresAt"].replace("Z", "+00:00"))
    assert abs(expires.timestamp() - (int(now - 23 * HOUR) + 24 * HOUR)) < 1


async def test_our_own_messages_do_not_open_the_window(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    await client.post(
        "/api/messages/meta_1/send",
        json={"to": TO, "type": "template", "template": {"name": "hello_world", "language": "en"}},
    )
    again = await client.post("/api/messages/meta_1/send", json={"to": TO, "message": "¿Y?"})
    assert again.status_code == 409, again.text


async def test_a_bulk_send_fails_only_the_recipients_outside(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, "34600000001")
    response = await client.post(
        "/api/messages/meta_1/send",
        json={"to": ["34600000001", "34600000002"], "message": "Aviso"},
    )
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    by_chat = {m["chatId"]: m for m in data["messages"]}
    inside, outside = by_chat["34600000001@s.whatsapp.net"], by_chat["34600000002@s.whatsapp.net"]
    assert inside["status"] == "sent"
    assert outside["status"] == "failed"
    assert outside["errorCode"] == "OUTSIDE_SERVICE_WINDOW"
    assert outside["whatsappMessageId"] is None
    assert (data["sent"], data["failed"]) == (1, 1)
    assert [b["to"] for b in graph.sent] == ["34600000001"]


async def test_reading_a_chat_costs_one_graph_call(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    first = await contact_writes(anon, TO, text="uno")
    await contact_writes(anon, TO, text="dos")
    newest = await contact_writes(anon, TO, text="tres")
    assert first != newest
    response = await client.put(f"/api/messages/meta_1/{CHAT}/read")
    assert response.status_code == 200, response.text
    assert response.json()["data"]["markedAsRead"] == 3
    assert graph.sent == [{"messaging_product": "whatsapp", "status": "read", "message_id": newest}]
    assert {m["status"] for m in await _messages(client)} == {"read"}
    # Nothing unread: no call at all.
    await client.put(f"/api/messages/meta_1/{CHAT}/read")
    assert len(graph.sent) == 1


@pytest.mark.parametrize(
    "settings_overrides",
    [{"rate_limit_messages": "1/3second", "messages_pacer_interval_seconds": 0.05}],
)
async def test_a_queued_message_whose_window_closed_meanwhile_is_not_sent(app, client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    for number in ("34600000001", "34600000002"):
        await contact_writes(anon, number)
    response = await client.post(
        "/api/messages/meta_1/send",
        json={"to": ["34600000001", "34600000002"], "message": "Aviso"},
    )
    assert response.status_code == 200, response.text
    queued = next(m for m in response.json()["data"]["messages"] if m["status"] == "queued")
    # The contact's last message turns out to be older than 24 hours by the pacer's turn.
    async with app.state.database.sessionmaker() as db:
        await db.execute(
            update(Chat)
            .where(Chat.chat_id == queued["chatId"])
            .values(last_inbound_at=datetime.now(UTC) - timedelta(days=2))
        )
        await db.commit()

    async def failed():
        found = (await client.get(f"/api/messages/meta_1/messages/{queued['id']}")).json()
        message = found["data"]["message"]
        return message if message["status"] == "failed" else None

    message = await eventually(failed)
    assert message["errorCode"] == "OUTSIDE_SERVICE_WINDOW"
    assert [b["to"] for b in graph.sent] == ["34600000001"]


async def test_a_reaction_keeps_to_the_window_of_its_targets_chat(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    old = await contact_writes(anon, TO, at=time.time() - 30 * HOUR)
    react = {"to": TO, "type": "reaction", "message": {"reaction": "👍", "messageId": old}}
    refused = await client.post("/api/messages/meta_1/send", json=react)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "OUTSIDE_SERVICE_WINDOW"
    await contact_writes(anon, TO)
    accepted = await client.post("/api/messages/meta_1/send", json=react)
    assert accepted.status_code == 200, accepted.text
    assert graph.sent[-1]["reaction"] == {"message_id": old, "emoji": "👍"}

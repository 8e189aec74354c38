"""A whole conversation between a WhatsApp customer (a sandbox phone) and a Chatwoot agent (the
local Chatwoot), both ways, with media, a reply, a reaction, an edit, a deletion, a private note,
an API send, delivery statuses and a handover."""

from __future__ import annotations

import base64
import logging
from typing import Any

from sqlalchemy import func, select

from inboxhub.chatwoot.models import ChatwootBridge
from inboxhub.handover.models import Ticket
from tests.chatwoot.fake_chatwoot import AGENT, TOKEN
from tests.chatwoot.helpers import (
    CUSTOMER,
    CUSTOMER_JID,
    MENU,
    PNG,
    SHOP,
    bridge,
    customer_inbox,
    customer_says,
    posted,
)
from tests.support import eventually, link_session


async def test_link_creates_an_api_inbox_and_hides_the_token(client, chatwoot) -> None:
    await link_session(client, "shop", SHOP)
    data = await bridge(client, chatwoot)
    inbox = next(iter(chatwoot.inboxes.values()))
    assert inbox["name"] == "WhatsApp shop"
    assert inbox["webhook_url"] == data["webhookUrl"]
    assert data["webhookUrl"].endswith("/webhook") and "/api/chatwoot/cwb_" in data["webhookUrl"]
    assert data["inboxId"] == inbox["id"] and data["signatureVerification"] is True
    assert TOKEN not in str(data) and data["apiAccessToken"] == "…" + TOKEN[-4:]
    again = await client.get("/api/sessions/shop/chatwoot")
    assert again.status_code == 200 and TOKEN not in again.text
    # A second PUT changes it (no new inbox), without the token.
    r = await client.put(
        "/api/sessions/shop/chatwoot",
        json={
            "baseUrl": chatwoot.url,
            "accountId": 1,
            "inboxId": inbox["id"],
            "signMessages": True,
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["chatwoot"]["signMessages"] is True and len(chatwoot.inboxes) == 1
    deleted = await client.delete("/api/sessions/shop/chatwoot")
    assert deleted.status_code == 200
    assert (await client.get("/api/sessions/shop/chatwoot")).status_code == 404


async def test_validation_names_the_field(client, chatwoot) -> None:
    await link_session(client, "shop", SHOP)
    base = {"baseUrl": chatwoot.url, "accountId": 1, "apiAccessToken": TOKEN}
    r = await client.put("/api/sessions/shop/chatwoot", json=base)
    assert r.status_code == 400 and r.json()["field"] == "inboxId"
    r = await client.put(
        "/api/sessions/shop/chatwoot",
        json={**base, "inboxName": "x", "apiAccessToken": "wrong-token"},
    )
    assert r.status_code == 400 and r.json()["field"] == "apiAccessToken"
    r = await client.put(
        "/api/sessions/shop/chatwoot",
        json={**base, "inboxName": "x", "baseUrl": "http://169.254.169.254"},
    )
    assert r.status_code == 400 and r.json()["code"] == "URL_NOT_ALLOWED"
    r = await client.put("/api/sessions/shop/chatwoot", json={**base, "inboxId": 424242})
    assert r.status_code == 400 and r.json()["field"] == "inboxId"
    r = await client.put("/api/sessions/nope/chatwoot", json={**base, "inboxName": "x"})
    assert r.status_code == 404


async def test_unknown_or_forged_webhooks_are_refused(client, anon, chatwoot) -> None:
    await link_session(client, "shop", SHOP)
    data = await bridge(client, chatwoot)
    path = "/api/" + data["webhookUrl"].split("/api/", 1)[1]
    r = await anon.post("/api/chatwoot/cwb_not-a-bridge-id/webhook", json={"event": "x"})
    assert r.status_code == 404
    r = await anon.post(
        path,
        content=b'{"event":"message_created"}',
        headers={"X-Chatwoot-Signature": "sha256=" + "0" * 64, "X-Chatwoot-Timestamp": "1"},
    )
    assert r.status_code == 401


async def test_a_whole_conversation_both_ways(client, chatwoot, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    await link_session(client, "shop", SHOP, push_name="Shop")
    await link_session(client, "customer", CUSTOMER, push_name="Juan")
    await bridge(client, chatwoot)

    # The customer writes: a contact, its contact inbox, a conversation, an incoming message.
    hola = await customer_says(client, "Hola, ¿tenéis talla M?")
    [first] = await posted(chatwoot, 1)
    assert first["message_type"] == "incoming" and first["content"] == "Hola, ¿tenéis talla M?"
    assert first["source_id"] == "WAID:" + hola["whatsappMessageId"]
    [contact] = chatwoot.contacts.values()
    assert contact["identifier"] == CUSTOMER_JID and contact["phone_number"] == "+" + CUSTOMER
    assert any(ci["source_id"] == CUSTOMER_JID for ci in chatwoot.contact_inboxes)
    [conversation_id] = chatwoot.conversations
    # Chatwoot's webhook for the bridge's own post is answered and dropped: nothing is sent.
    echo = await chatwoot.webhook_for(first["id"], "message_created")
    assert echo.status == 200 and echo.answer["data"]["action"] == "ignored"

    # A photo with a caption arrives as an attachment.
    await customer_says(
        client, "", type="image", message={"base64": base64.b64encode(PNG).decode()}, caption="esta"
    )
    photo = (await posted(chatwoot, 2))[1]
    assert photo["content"] == "esta"
    [attachment] = photo["attachments"]
    assert attachment["file_type"] == "image" and chatwoot.files[attachment["id"]][1] == PNG

    # The agent answers: the customer's phone gets it, and Chatwoot sees it delivered.
    answer = await chatwoot.agent_says(conversation_id, "Sí, nos quedan dos.")
    assert answer.status == 200 and answer.answer["data"]["action"] == "sent", answer.answer
    inbox = await eventually(lambda: customer_inbox(client))
    assert inbox[-1]["body"] == "Sí, nos quedan dos."
    agent_message = chatwoot.messages[answer.payload["id"]]
    await eventually(lambda: _async(agent_message["status"] == "delivered"))
    # ... and the agent's message is never posted back to Chatwoot.
    assert len(chatwoot.in_conversation(conversation_id)) == 3

    # A private note stays in Chatwoot.
    note = await chatwoot.agent_says(conversation_id, "cliente VIP", private=True)
    assert note.answer["data"]["action"] == "ignored"

    # An agent's picture reaches the customer as an image (fetched through Chatwoot's redirect).
    pic = await chatwoot.agent_says(
        conversation_id, "Mira", attachments=[("talla-m.png", PNG, "image/png")]
    )
    assert pic.answer["data"]["action"] == "sent", pic.answer

    async def got_image() -> bool:
        return any(m["type"] == "image" for m in await customer_inbox(client))

    await eventually(got_image)
    image = [m for m in await customer_inbox(client) if m["type"] == "image"][-1]
    assert image["body"] == "Mira"

    # The customer replies quoting the agent and reacts: both keep their link in Chatwoot.
    wamid = (await customer_inbox(client))[-2]["whatsappMessageId"]
    await customer_says(client, "¡Genial!", quotedMessageId=wamid)
    reply = (await posted(chatwoot, 3))[2]
    assert reply["content_attributes"]["in_reply_to"] == answer.payload["id"]
    await customer_says(client, "", type="reaction", message={"emoji": "👍", "messageId": wamid})
    reaction = (await posted(chatwoot, 4))[3]
    assert reaction["content"] == "👍"
    assert reaction["content_attributes"]["in_reply_to"] == answer.payload["id"]

    # A message the API sends shows as outgoing; deleting it for everyone deletes it in Chatwoot.
    sent = await client.post(
        "/api/messages/shop/send", json={"to": CUSTOMER, "message": "Os lo reservo"}
    )
    assert sent.status_code == 200, sent.text
    outgoing = (await posted(chatwoot, 5))[4]
    assert outgoing["message_type"] == "outgoing" and outgoing["content"] == "Os lo reservo"
    api_id = sent.json()["data"]["messageId"]
    edited = await client.put(
        f"/api/messages/shop/messages/{api_id}", json={"message": "Reservado"}
    )
    assert edited.status_code == 200, edited.text
    shown = (await posted(chatwoot, 6))[5]
    assert shown["content"] == "✏️ Reservado"
    assert shown["content_attributes"]["in_reply_to"] == outgoing["id"]
    deleted = await client.delete(f"/api/messages/shop/messages/{api_id}")
    assert deleted.status_code == 200, deleted.text
    await eventually(
        lambda: _async(chatwoot.messages[outgoing["id"]]["content_attributes"].get("deleted"))
    )

    # The webhook deliveries to Chatwoot are in the delivery log like any other.
    log = await client.get("/api/webhooks/deliveries", params={"limit": 100})
    assert log.status_code == 200, log.text
    kinds = {d.get("subscriptionKind") for d in log.json()["data"]["deliveries"]}
    assert "chatwoot" in kinds, log.json()
    assert TOKEN not in log.text
    # The access token never reaches a log line.
    assert caplog.records and TOKEN not in caplog.text


async def _async(value: Any) -> Any:
    return value


async def test_handover_assignment_pauses_the_bot_and_resolving_hands_back(
    client, chatwoot, app
) -> None:
    await link_session(client, "shop", SHOP, push_name="Shop")
    await link_session(client, "customer", CUSTOMER, push_name="Juan")
    assert (await client.put("/api/handover/sessions/shop/bot", json=MENU)).status_code == 200
    await bridge(client, chatwoot)

    await customer_says(client, "hola")

    # The bot's menu goes to the customer, and Chatwoot shows it as outgoing.
    async def menu_shown() -> list[dict[str, Any]] | None:
        out = [m for m in chatwoot.messages.values() if m["message_type"] == "outgoing"]
        return out or None

    [menu] = await eventually(menu_shown)
    assert "Opening hours" in menu["content"]
    [conversation_id] = chatwoot.conversations

    assigned = await chatwoot.change(conversation_id, assignee=AGENT)
    assert assigned.answer["data"]["action"] == "assigned", assigned.answer
    async with app.state.database.sessionmaker() as db:
        ticket = (await db.execute(select(Ticket))).scalar_one()
        assert ticket.status == "active" and ticket.agent_id == "chatwoot:7"
        assert ticket.source == "chatwoot"

    # While the agent has the chat the bot stays quiet.
    before = len(await customer_inbox(client))
    await customer_says(client, "1")
    await posted(chatwoot, 3)  # hola, the menu, "1"... and the agent-connected text
    await chatwoot.agent_says(conversation_id, "Dime")
    inbox = await eventually(lambda: _newer(client, before))
    assert all("9 to 5" not in m["body"] for m in inbox)

    resolved = await chatwoot.change(conversation_id, status="resolved")
    assert resolved.answer["data"]["action"] == "returned_to_bot", resolved.answer
    async with app.state.database.sessionmaker() as db:
        ticket = (await db.execute(select(Ticket))).scalar_one()
        assert ticket.status == "closed" and ticket.close_reason == "resolved"
        bridges = (await db.execute(select(func.count()).select_from(ChatwootBridge))).scalar()
        assert bridges == 1

    # The customer writing again reopens the same conversation (reopenResolved by default).
    await customer_says(client, "otra pregunta")

    async def reopened() -> bool:
        return chatwoot.conversations[conversation_id]["status"] == "open" and any(
            m["content"] == "otra pregunta" for m in chatwoot.in_conversation(conversation_id)
        )

    await eventually(reopened)
    assert len(chatwoot.conversations) == 1


async def _newer(client: Any, before: int) -> list[dict[str, Any]] | None:
    inbox = await customer_inbox(client)
    return inbox[before:] if len(inbox) > before else None

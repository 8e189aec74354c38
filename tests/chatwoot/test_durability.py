"""What reaches Chatwoot when it is down for a while, from a group, from the phone itself, and
from before the bridge existed (history import)."""

from __future__ import annotations

from typing import Any

from tests.chatwoot.fake_chatwoot import FakeChatwoot
from tests.chatwoot.helpers import CUSTOMER, SHOP, bridge, customer_says, posted
from tests.support import eventually, link_session

GROUP = "120363000000000001@g.us"


async def test_chatwoot_down_then_back_keeps_every_message_in_order(client, chatwoot) -> None:
    await link_session(client, "shop", SHOP)
    await bridge(client, chatwoot)
    chatwoot.fail_next = 3  # the next calls answer 503: retried with backoff
    for text in ("uno", "dos", "tres"):
        await customer_says(client, text)
    found = await posted(chatwoot, 3)
    assert [m["content"] for m in found] == ["uno", "dos", "tres"]
    assert len(chatwoot.conversations) == 1 and len(chatwoot.contacts) == 1

    async def attempts_logged() -> Any:
        r = await client.get("/api/webhooks/deliveries", params={"limit": 100})
        rows = [d for d in r.json()["data"]["deliveries"] if d["subscriptionKind"] == "chatwoot"]
        return rows if rows and all(d["status"] == "succeeded" for d in rows) else None

    rows = await eventually(attempts_logged)
    assert max(d["attempts"] for d in rows) >= 2


async def test_groups_are_conversations_of_their_own_with_the_sender_named(
    client, chatwoot
) -> None:
    await link_session(client, "shop", SHOP)
    await bridge(client, chatwoot)
    await customer_says(client, "hola grupo", group=GROUP, pushName="Juan")
    [message] = await posted(chatwoot, 1)
    assert message["content"] == "**Juan:**\nhola grupo"
    [contact] = chatwoot.contacts.values()
    assert contact["identifier"] == GROUP and contact["phone_number"] is None


async def test_what_the_phone_sends_shows_as_outgoing(client, chatwoot: FakeChatwoot) -> None:
    await link_session(client, "shop", SHOP)
    await link_session(client, "customer", CUSTOMER)
    await bridge(client, chatwoot)
    r = await client.post(
        "/api/sandbox/messages", json={"from": SHOP, "to": CUSTOMER, "message": "desde el móvil"}
    )
    assert r.status_code == 200, r.text
    [message] = await posted(chatwoot, 1)
    assert message["message_type"] == "outgoing" and message["content"] == "desde el móvil"
    # Chatwoot's webhook of that post is not sent to WhatsApp again.
    echo = await chatwoot.webhook_for(message["id"], "message_created")
    assert echo.answer["data"]["action"] == "ignored"


async def test_history_import(client, chatwoot) -> None:
    await link_session(client, "shop", SHOP)
    await customer_says(client, "antes del puente")
    await bridge(client, chatwoot, importHistoryDays=3)
    [message] = await posted(chatwoot, 1)
    assert message["content"] == "antes del puente" and message["message_type"] == "incoming"
    # Linking again imports nothing twice.
    r = await client.put(
        "/api/sessions/shop/chatwoot",
        json={
            "baseUrl": chatwoot.url,
            "accountId": 1,
            "inboxId": next(iter(chatwoot.inboxes)),
            "importHistoryDays": 3,
        },
    )
    assert r.status_code == 200, r.text
    await customer_says(client, "después")
    found = await posted(chatwoot, 2)
    assert [m["content"] for m in found] == ["antes del puente", "después"]


async def test_no_loop_with_a_chatwoot_that_drops_source_id(client, chatwoot) -> None:
    await link_session(client, "shop", SHOP)
    await link_session(client, "customer", CUSTOMER)
    chatwoot.drops_source_id = True
    await bridge(client, chatwoot)
    r = await client.post("/api/messages/shop/send", json={"to": CUSTOMER, "message": "una vez"})
    assert r.status_code == 200, r.text
    [message] = await posted(chatwoot, 1)
    assert message["source_id"] is None
    echo = await chatwoot.webhook_for(message["id"], "message_created")
    assert echo.answer["data"] == {
        "event": "message_created",
        "action": "ignored",
        "reason": "posted by the bridge",
    }
    r = await client.get("/api/messages/customer", params={"fromMe": "false"})
    assert [m["body"] for m in r.json()["data"]["messages"]] == ["una vez"]

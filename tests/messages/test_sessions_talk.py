"""Two sandbox sessions talk by phone number; receipts flow back; edits and deletes follow."""

from __future__ import annotations

import asyncio

from tests.messages.conftest import CONTACT, OTHER, SHOP
from tests.messages.helpers import OGG_OPUS, b64, events, wait_for_status
from tests.support import eventually

SHOP_JID = f"{SHOP}@s.whatsapp.net"
OTHER_JID = f"{OTHER}@s.whatsapp.net"


async def _inbox(client, session_id, chat_id):
    r = await client.get(f"/api/messages/{session_id}/{chat_id}")
    assert r.status_code == 200, r.text
    return r.json()["data"]["messages"]


async def _status_changes(app, message_id):
    return [
        (e["data"]["previousStatus"], e["data"]["status"])
        for e in await events(app, "message.status")
        if e["data"]["messageId"] == message_id
    ]


async def test_session_to_session_with_delivered_and_read_receipts(client, app, shop, other):
    sent = (
        await client.post("/api/messages/shop/send", json={"to": OTHER, "message": "Hola, Other"})
    ).json()["data"]["message"]

    async def arrived():
        return await _inbox(client, "other", SHOP_JID)

    [received] = await eventually(arrived)
    assert received["body"] == "Hola, Other"
    assert received["fromMe"] is False
    assert received["whatsappMessageId"] == sent["whatsappMessageId"]
    assert received["pushName"] == "Shop"
    await wait_for_status(client, "shop", sent["id"], "delivered")

    received_events = await events(app, "message.received")
    assert [e["data"]["sessionId"] for e in received_events] == ["other"]
    assert received_events[0]["data"]["message"]["from"] == SHOP_JID

    chats = (await client.get("/api/messages/other/chats")).json()["data"]["chats"]
    assert chats[0]["chatId"] == SHOP_JID
    assert chats[0]["unreadCount"] == 1
    assert chats[0]["name"] == "Shop"

    r = await client.put(f"/api/messages/other/{SHOP_JID}/read")
    assert r.status_code == 200, r.text
    assert r.json()["data"]["markedAsRead"] == 1
    read = await wait_for_status(client, "shop", sent["id"], "read")
    assert read["readAt"]
    chats = (await client.get("/api/messages/other/chats")).json()["data"]["chats"]
    assert chats[0]["unreadCount"] == 0
    assert (await client.get("/api/messages/unread")).json()["data"]["total"] == 0

    assert await _status_changes(app, sent["id"]) == [
        ("pending", "sent"),
        ("sent", "delivered"),
        ("delivered", "read"),
    ]


async def test_reply_both_ways_between_sessions(client, shop, other):
    await client.post("/api/messages/shop/send", json={"to": OTHER, "message": "¿Vienes?"})
    [received] = await eventually(lambda: _inbox(client, "other", SHOP_JID))
    r = await client.post(
        "/api/messages/other/send",
        json={"to": SHOP, "message": "Sí", "quotedMessageId": received["id"]},
    )
    assert r.status_code == 200, r.text

    async def answered():
        return [m for m in await _inbox(client, "shop", OTHER_JID) if not m["fromMe"]]

    [answer] = await eventually(answered)
    assert answer["body"] == "Sí"
    assert answer["quotedMessageId"] == received["whatsappMessageId"]


async def test_edit_and_delete_reach_the_other_session(client, app, shop, other):
    sent = (
        await client.post("/api/messages/shop/send", json={"to": OTHER, "message": "Precio: 10 €"})
    ).json()["data"]["message"]
    await eventually(lambda: _inbox(client, "other", SHOP_JID))

    r = await client.put(
        f"/api/messages/shop/messages/{sent['id']}", json={"message": "Precio: 12 €"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["message"]["body"] == "Precio: 12 €"
    assert r.json()["data"]["message"]["isEdited"] is True

    async def edited():
        [m] = await _inbox(client, "other", SHOP_JID)
        return m if m["isEdited"] else None

    assert (await eventually(edited))["body"] == "Precio: 12 €"

    r = await client.delete(f"/api/messages/shop/messages/{sent['whatsappMessageId']}")
    assert r.status_code == 200, r.text
    assert r.json()["data"]["message"]["isDeleted"] is True

    async def deleted():
        [m] = await _inbox(client, "other", SHOP_JID)
        return m if m["isDeleted"] else None

    await eventually(deleted)
    updates = [
        (e["data"]["sessionId"], e["data"]["action"]) for e in await events(app, "message.updated")
    ]
    assert sorted(updates) == sorted(
        [("shop", "edited"), ("other", "edited"), ("shop", "revoked"), ("other", "revoked")]
    )


async def test_contact_reads_and_plays_and_receipts_never_go_back(client, app, shop):
    text = (
        await client.post("/api/messages/shop/send", json={"to": CONTACT, "message": "uno"})
    ).json()["data"]["message"]
    voice = (
        await client.post(
            "/api/messages/shop/send",
            json={"to": CONTACT, "type": "ptt", "message": {"audio": {"base64": b64(OGG_OPUS)}}},
        )
    ).json()["data"]["message"]
    await wait_for_status(client, "shop", voice["id"], "delivered")
    r = await client.post(
        "/api/sandbox/receipts",
        json={"from": CONTACT, "to": "shop", "messageIds": [voice["id"]], "status": "read"},
    )
    assert r.status_code == 200, r.text
    seen = await wait_for_status(client, "shop", voice["id"], "read")
    assert seen["readAt"] is not None and seen["deliveredAt"] is not None

    r = await client.post(
        "/api/sandbox/receipts",
        json={"from": CONTACT, "to": "shop", "messageIds": [voice["id"]], "status": "played"},
    )
    assert r.status_code == 200, r.text
    played = await wait_for_status(client, "shop", voice["id"], "played")
    # The first time it was seen, and delivered, stay.
    assert (played["readAt"], played["deliveredAt"]) == (seen["readAt"], seen["deliveredAt"])
    # A late "read" after "played", and a late "delivered", change nothing.
    await client.post(
        "/api/sandbox/receipts", json={"from": CONTACT, "to": "shop", "all": True, "status": "read"}
    )
    await wait_for_status(client, "shop", text["id"], "read")
    await client.post(
        "/api/sandbox/receipts",
        json={"from": CONTACT, "to": "shop", "all": True, "status": "delivered"},
    )
    got = (await client.get(f"/api/messages/shop/messages/{voice['id']}")).json()["data"]["message"]
    assert got["status"] == "played"
    # "played" on a text means seen: it lands as read.
    await client.post(
        "/api/sandbox/receipts",
        json={
            "from": CONTACT,
            "to": "shop",
            "messageIds": [text["whatsappMessageId"]],
            "status": "played",
        },
    )
    got = (await client.get(f"/api/messages/shop/messages/{text['id']}")).json()["data"]["message"]
    assert got["status"] == "read"
    voice_statuses = [
        e["data"]["status"]
        for e in await events(app, "message.status")
        if e["data"]["messageId"] == voice["id"]
    ]
    assert voice_statuses == ["sent", "delivered", "read", "played"]


async def test_phone_sends_are_message_sent_not_received(client, app, shop):
    """The user writes from the phone itself: stored, published as message.sent only."""
    r = await client.post(
        "/api/sandbox/messages", json={"from": SHOP, "to": CONTACT, "message": "desde el móvil"}
    )
    assert r.status_code == 200, r.text
    stored = r.json()["data"]["message"]
    assert stored["fromMe"] is True
    assert stored["source"] == "phone"
    assert stored["chatId"] == f"{CONTACT}@s.whatsapp.net"
    assert await events(app, "message.received") == []
    [sent] = await events(app, "message.sent")
    assert sent["data"]["message"]["content"] == "desde el móvil"
    assert sent["data"]["message"]["fromMe"] is True
    await wait_for_status(client, "shop", stored["id"], "delivered")


async def test_phone_of_one_session_writes_to_another(client, app, shop, other):
    await client.post(
        "/api/sandbox/messages", json={"from": SHOP, "to": "other", "message": "hola"}
    )
    by_type = {
        (e["type"], e["data"]["sessionId"])
        for e in await events(app)
        if e["type"].startswith("message.")
    }
    assert ("message.sent", "shop") in by_type
    assert ("message.received", "other") in by_type


async def test_history_sync_is_stored_but_not_published(client, app, shop):
    r = await client.post(
        "/api/sandbox/messages",
        json={"from": CONTACT, "to": "shop", "message": "antiguo", "history": True},
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["message"]["isHistory"] is True
    assert await events(app, "message.received") == []
    assert (await client.get("/api/messages/unread")).json()["data"]["total"] == 0


async def test_receipt_that_beats_the_send_answer_is_kept(client, app, shop, other):
    """The network acknowledges before the engine hands back the id: the receipt waits for it."""
    r = await client.put("/api/sandbox/network", json={"receiptBeforeSendReturns": True})
    assert r.status_code == 200, r.text
    for to in (CONTACT, OTHER):
        sent = (
            await client.post("/api/messages/shop/send", json={"to": to, "message": "rápido"})
        ).json()["data"]["message"]
        got = await wait_for_status(client, "shop", sent["id"], "delivered")
        assert got["whatsappMessageId"] == sent["whatsappMessageId"]
        statuses = [
            e["data"]["status"]
            for e in await events(app, "message.status")
            if e["data"]["messageId"] == sent["id"]
        ]
        assert statuses == ["sent", "delivered"]


async def test_engine_refusal_marks_the_message_failed(client, app, shop):
    r = await client.put("/api/sandbox/network", json={"notOnWhatsApp": ["34699999999"]})
    assert r.json()["data"]["notOnWhatsApp"] == ["34699999999"]
    headers = {"Idempotency-Key": "nadie-1"}
    body = {"to": "34699999999", "message": "¿Hola?"}
    first = await client.post("/api/messages/shop/send", json=body, headers=headers)
    assert first.status_code == 400
    assert first.json()["code"] == "INVALID_RECIPIENT"
    assert first.json()["field"] == "to"
    [stored] = (await client.get("/api/messages/shop")).json()["data"]["messages"]
    assert stored["status"] == "failed"
    assert "not on WhatsApp" in stored["error"]
    assert stored["errorCode"] == "INVALID_RECIPIENT"
    [event] = [e["data"] for e in await events(app, "message.status")]
    assert (event["previousStatus"], event["status"]) == ("pending", "failed")
    assert "not on WhatsApp" in event["error"]

    # The retry answers the first result: the same refusal, nothing sent again.
    again = await client.post("/api/messages/shop/send", json=body, headers=headers)
    assert again.status_code == 400
    assert again.json()["code"] == "INVALID_RECIPIENT"
    assert again.json()["details"]["messageId"] == stored["id"]
    assert (await client.get("/api/messages/shop")).json()["data"]["total"] == 1

    bulk = await client.post(
        "/api/messages/shop/send", json={"to": [CONTACT, "34699999999"], "message": "aviso"}
    )
    assert bulk.status_code == 200
    data = bulk.json()["data"]
    assert (data["sent"], data["failed"]) == (1, 1)
    assert [m["status"] for m in data["messages"]] == ["sent", "failed"]


async def test_only_own_messages_can_be_edited_or_deleted(client, shop):
    written = await client.post(
        "/api/sandbox/messages", json={"from": CONTACT, "to": "shop", "message": "mío"}
    )
    inbound_id = written.json()["data"]["message"]["id"]
    r = await client.put(f"/api/messages/shop/messages/{inbound_id}", json={"message": "cambiado"})
    assert r.status_code == 400
    assert r.json()["field"] == "messageId"
    r = await client.delete(f"/api/messages/shop/messages/{inbound_id}")
    assert r.status_code == 400
    location = await client.post(
        "/api/messages/shop/send",
        json={"to": CONTACT, "type": "location", "message": {"lat": 1, "lng": 2}},
    )
    r = await client.put(
        f"/api/messages/shop/messages/{location.json()['data']['messageId']}", json={"message": "x"}
    )
    assert r.status_code == 400
    r = await client.put("/api/messages/shop/messages/999999", json={"message": "x"})
    assert r.status_code == 404
    text = await client.post("/api/messages/shop/send", json={"to": CONTACT, "message": "hola"})
    r = await client.put(
        f"/api/messages/shop/messages/{text.json()['data']['messageId']}",
        json={"message": "x" * 4097},
    )
    assert r.status_code == 400
    assert r.json()["field"] == "message"


async def test_a_burst_both_ways_is_recorded_whole_and_in_order(client, app, shop, other):
    """Many sends and incoming messages at once: the engine events of one batch are recorded a
    run at a time, and every message still ends where it should, each status change once."""
    sends = [
        client.post("/api/messages/shop/send", json={"to": OTHER, "message": f"ida {n}"})
        for n in range(25)
    ]
    incoming = [
        client.post(
            "/api/sandbox/messages", json={"from": CONTACT, "to": "shop", "message": f"vuelta {n}"}
        )
        for n in range(25)
    ]
    answers = await asyncio.gather(*sends, *incoming)
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    sent = [a.json()["data"]["message"] for a in answers[:25]]
    for message in sent:
        await wait_for_status(client, "shop", message["id"], "delivered")

    changes: dict[int, list[tuple[str, str]]] = {}
    for e in await events(app, "message.status"):
        changes.setdefault(e["data"]["messageId"], []).append(
            (e["data"]["previousStatus"], e["data"]["status"])
        )
    assert {m["id"]: changes.get(m["id"]) for m in sent} == {
        m["id"]: [("pending", "sent"), ("sent", "delivered")] for m in sent
    }
    # The other session got every message once, and the shop every contact's message once.
    other_inbox = await _inbox(client, "other", SHOP_JID)
    assert sorted(m["body"] for m in other_inbox) == sorted(f"ida {n}" for n in range(25))
    received = [e["data"]["message"]["content"] for e in await events(app, "message.received")]
    assert sorted(received) == sorted(
        [f"vuelta {n}" for n in range(25)] + [f"ida {n}" for n in range(25)]
    )
    chats = {
        c["chatId"]: c
        for c in (await client.get("/api/messages/shop/chats")).json()["data"]["chats"]
    }
    assert chats[f"{CONTACT}@s.whatsapp.net"]["unreadCount"] == 25
    assert chats[OTHER_JID]["unreadCount"] == 0
    assert chats[OTHER_JID]["lastMessage"]["body"] in {f"ida {n}" for n in range(25)}


async def test_two_sessions_writing_to_each_other_at_once_get_their_own_receipts(
    client, app, shop, other
):
    """Receipts of several sessions recorded together: a message and its copy in the other
    session share WhatsApp's id, and each receipt moves the sender's row alone."""
    sends = [
        client.post(f"/api/messages/{sender}/send", json={"to": to, "message": f"{sender} {n}"})
        for n in range(15)
        for sender, to in (("shop", OTHER), ("other", SHOP))
    ]
    answers = await asyncio.gather(*sends)
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    sent = [
        (a.json()["data"]["message"], sender)
        for a, sender in zip(answers, ["shop", "other"] * 15, strict=True)
    ]
    for message, sender in sent:
        await wait_for_status(client, sender, message["id"], "delivered")

    changes: dict[int, list[tuple[str, str]]] = {}
    for e in await events(app, "message.status"):
        changes.setdefault(e["data"]["messageId"], []).append(
            (e["data"]["previousStatus"], e["data"]["status"])
        )
    # Only sent messages have statuses: the copies each session received have none.
    assert changes == {m["id"]: [("pending", "sent"), ("sent", "delivered")] for m, _ in sent}
    for session_id, peer_jid, sender in (("shop", OTHER_JID, "other"), ("other", SHOP_JID, "shop")):
        inbox = await _inbox(client, session_id, peer_jid)
        received = [m for m in inbox if not m["fromMe"]]
        assert sorted(m["body"] for m in received) == sorted(f"{sender} {n}" for n in range(15))
        assert {m["status"] for m in received} == {"received"}


async def _connected(client, session_id):
    async def back() -> bool:
        r = await client.get(f"/api/sessions/{session_id}/status")
        return r.json()["data"]["status"] == "connected"

    await eventually(back)


async def test_an_offline_session_gets_what_was_sent_to_it_when_it_reconnects(
    client, app, shop, other
):
    r = await client.post("/api/sessions/other/disconnect")
    assert r.json()["data"]["status"] == "disconnected", r.text
    sent = (
        await client.post("/api/messages/shop/send", json={"to": OTHER, "message": "¿Estás?"})
    ).json()["data"]["message"]
    await wait_for_status(client, "shop", sent["id"], "sent")
    # Like WhatsApp's servers: held for the offline device, so "sent", not yet "delivered".
    await asyncio.sleep(0.3)
    r = await client.get(f"/api/messages/shop/messages/{sent['id']}")
    assert r.json()["data"]["message"]["status"] == "sent"
    assert await _inbox(client, "other", SHOP_JID) == []

    await client.post("/api/sessions/other/connect")
    await _connected(client, "other")
    [received] = await eventually(lambda: _inbox(client, "other", SHOP_JID))
    assert received["body"] == "¿Estás?"
    assert received["whatsappMessageId"] == sent["whatsappMessageId"]
    await wait_for_status(client, "shop", sent["id"], "delivered")

    # Now the sender is away when its message is read: the receipt waits for it.
    await client.post("/api/sessions/shop/disconnect")
    r = await client.put(f"/api/messages/other/{SHOP_JID}/read")
    assert r.json()["data"]["markedAsRead"] == 1
    await client.post("/api/sessions/shop/connect")
    await _connected(client, "shop")
    await wait_for_status(client, "shop", sent["id"], "read")
    assert await _status_changes(app, sent["id"]) == [
        ("pending", "sent"),
        ("sent", "delivered"),
        ("delivered", "read"),
    ]


async def test_edits_and_deletes_wait_for_an_offline_session(client, shop, other):
    sent = (
        await client.post("/api/messages/shop/send", json={"to": OTHER, "message": "10 €"})
    ).json()["data"]["message"]
    await eventually(lambda: _inbox(client, "other", SHOP_JID))
    await client.post("/api/sessions/other/disconnect")
    r = await client.put(f"/api/messages/shop/messages/{sent['id']}", json={"message": "12 €"})
    assert r.status_code == 200, r.text
    await client.post("/api/sessions/other/connect")
    await _connected(client, "other")

    async def edited():
        [m] = await _inbox(client, "other", SHOP_JID)
        return m if m["isEdited"] and m["body"] == "12 €" else None

    await eventually(edited)

from __future__ import annotations

from tests.messages.conftest import CONTACT
from tests.messages.helpers import events, wait_for_status


async def test_send_text_answers_seed_01_shape_and_is_delivered(client, app, shop):
    r = await client.post(
        "/api/messages/shop/send",
        json={"to": f"{CONTACT}@s.whatsapp.net", "message": "Hola, prueba", "type": "text"},
        headers={"Accept-Language": "es"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True
    assert body["message"] == "Mensaje enviado correctamente"
    message = body["data"]["message"]
    assert {
        "id",
        "whatsappMessageId",
        "chatId",
        "fromMe",
        "body",
        "type",
        "status",
        "timestamp",
    } <= message.keys()
    assert message["chatId"] == f"{CONTACT}@s.whatsapp.net"
    assert message["fromMe"] is True
    assert message["body"] == "Hola, prueba"
    assert message["type"] == "text"
    assert message["status"] == "sent"
    assert message["whatsappMessageId"].startswith("3EB0")
    assert message["timestamp"].endswith("Z")
    # Seed 02 clients read data.messageId / data.status.
    assert body["data"]["messageId"] == message["id"]
    assert body["data"]["status"] == "sent"

    # A simulated contact acknowledges at once.
    delivered = await wait_for_status(client, "shop", message["id"], "delivered")
    assert delivered["deliveredAt"]
    statuses = [e["data"] for e in await events(app, "message.status")]
    assert [(s["previousStatus"], s["status"]) for s in statuses] == [
        ("pending", "sent"),
        ("sent", "delivered"),
    ]
    assert statuses[0]["messageId"] == message["id"]
    assert statuses[0]["whatsappMessageId"] == message["whatsappMessageId"]
    assert statuses[0]["sessionId"] == "shop"
    assert statuses[0]["chatId"] == message["chatId"]
    assert statuses[0]["error"] is None
    # The API's own sends never produce message.received.
    assert await events(app, "message.received") == []


async def test_seed_02_simple_form_and_bare_numbers(client, shop):
    r = await client.post(
        "/api/messages/shop/send", json={"to": "+34 611 11 11 11", "message": "Pedido listo"}
    )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["message"]["chatId"] == f"{CONTACT}@s.whatsapp.net"
    assert data["message"]["type"] == "text"

    r = await client.post(
        "/api/messages/shop/send", json={"to": f"{CONTACT}@c.us", "message": "c.us too"}
    )
    assert r.json()["data"]["message"]["chatId"] == f"{CONTACT}@s.whatsapp.net"


async def test_group_target(client, shop):
    r = await client.post(
        "/api/messages/shop/send",
        json={"to": "120363025246125888@g.us", "message": "Hola grupo"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["message"]["chatId"] == "120363025246125888@g.us"

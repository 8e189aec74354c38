"""``message.received`` end to end: a contact writes on the sandbox, the CRM's receiver gets it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections import Counter

import pytest

from tests.support import eventually, link_session
from tests.support.signatures import verify_webhook_signature
from tests.webhooks.conftest import FAST, deliveries

SECRET = "crm-secret"
CONTACT = "34611111111"
SEED_01_MESSAGE_FIELDS = {
    "whatsappMessageId",
    "content",
    "chatId",
    "from",
    "to",
    "timestamp",
    "type",
    "has_attachment",
    "media",
}


async def write(client, text: str, *, sender: str = CONTACT, to: str = "crm", **body):
    response = await client.post(
        "/api/sandbox/messages",
        json={"from": sender, "to": to, "type": "text", "message": text, **body},
    )
    assert response.status_code == 200, response.text
    return response.json()["data"]


def received(receiver):
    return [r for r in receiver.accepted if r.json()["event"] == "message.received"]


async def test_an_inbound_message_reaches_the_crm_signed_in_seed_01_shape(client, receiver):
    session = await link_session(
        client,
        "crm",
        "34600000801",
        webhookUrl=receiver.url,
        webhookSecret=SECRET,
        webhookEvents=["message"],
    )
    sent = await write(client, "Hola, ¿tienen la talla 42? 😀", pushName="Juan Pérez")

    async def arrived():
        return received(receiver)

    (request,) = await eventually(arrived)
    body = request.json()
    assert list(body) == ["id", "event", "data"]
    assert body["event"] == "message.received"
    data = body["data"]
    assert data["sessionId"] == "crm"
    assert data["session_db_id"] == session["id"]
    message = data["message"]
    assert set(message) >= SEED_01_MESSAGE_FIELDS
    assert message["whatsappMessageId"] == sent["whatsappMessageId"]
    assert message["content"] == "Hola, ¿tienen la talla 42? 😀"
    assert message["chatId"] == f"{CONTACT}@s.whatsapp.net"
    assert message["from"] == f"{CONTACT}@s.whatsapp.net"
    assert message["to"] == "crm"
    assert isinstance(message["timestamp"], int)
    assert message["type"] == "text"
    assert message["has_attachment"] is False
    assert message["media"] is None

    h = request.headers
    assert h["x-webhook-event"] == "message.received"
    assert h["x-webhook-session"] == "crm"
    assert verify_webhook_signature(request.body, h["x-webhook-signature"], SECRET)
    again = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    assert verify_webhook_signature(again, h["x-signature"], SECRET)

    # The event id is the one the delivery log and the event stream know it by.
    (delivery,) = await deliveries(client, event="message.received")
    assert delivery["eventId"] == body["id"] == h["webhook-id"]
    assert delivery["chatId"] == message["chatId"]


async def test_an_image_carries_its_media(client, receiver):
    await link_session(
        client, "crm", "34600000802", webhookUrl=receiver.url, webhookEvents=["message"]
    )
    png = base64.b64encode(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        )
    ).decode()
    response = await client.post(
        "/api/sandbox/messages",
        json={
            "from": CONTACT,
            "to": "crm",
            "type": "image",
            "message": {"image": {"base64": png, "mimetype": "image/png"}, "caption": "Mira"},
        },
    )
    assert response.status_code == 200, response.text

    async def arrived():
        return received(receiver)

    (request,) = await eventually(arrived)
    message = request.json()["data"]["message"]
    assert message["type"] == "image"
    assert message["has_attachment"] is True
    assert message["media"]["mimetype"] == "image/png"
    assert message["media"]["url"]


async def test_only_live_inbound_messages_are_message_received(client, receiver):
    await link_session(
        client, "crm", "34600000803", webhookUrl=receiver.url, webhookEvents=["message"]
    )
    await write(client, "from history", history=True)
    sent = await client.post(
        "/api/messages/crm/send", json={"to": CONTACT, "type": "text", "message": "from the CRM"}
    )
    assert sent.status_code in (200, 201, 202), sent.text
    await write(client, "live")

    async def arrived():
        return received(receiver)

    (request,) = await eventually(arrived)
    assert request.json()["data"]["message"]["content"] == "live"
    contents = [r.json()["data"].get("message", {}).get("content") for r in receiver.accepted]
    assert "from history" not in contents


class TestOrderUnderFailure:
    @pytest.fixture
    def settings_overrides(self):
        return {**FAST, "webhook_retry_schedule": [0.3, 0.1, 0.1]}

    async def test_a_chat_arrives_in_order_even_when_the_crm_fails_at_first(
        self, client, receivers
    ):
        tries: Counter[str] = Counter()

        def flaky(request):
            tries[request.event_id] += 1
            # Every third message fails once.
            content = request.json()["data"]["message"]["content"]
            return (
                503 if int(content.split()[-1]) % 3 == 0 and tries[request.event_id] == 1 else 200
            )

        receiver = await receivers(flaky)
        await link_session(
            client, "crm", "34600000804", webhookUrl=receiver.url, webhookEvents=["message"]
        )
        for n in range(12):
            await write(client, f"mensaje {n}", sender="34622222222")
            await write(client, f"otro {n}", sender="34633333333")

        async def all_arrived():
            return len(received(receiver)) == 24

        await eventually(all_arrived, timeout=20)
        by_chat: dict[str, list[str]] = {}
        for request in received(receiver):
            message = request.json()["data"]["message"]
            by_chat.setdefault(message["chatId"], []).append(message["content"])
        assert by_chat["34622222222@s.whatsapp.net"] == [f"mensaje {n}" for n in range(12)]
        assert by_chat["34633333333@s.whatsapp.net"] == [f"otro {n}" for n in range(12)]


class TestFrappe:
    @pytest.fixture
    def settings_overrides(self, receiver):
        return {**FAST, "frappe_webhook_url": receiver.url, "frappe_webhook_secret": "frappe"}

    async def test_sessions_created_by_frappe_send_received_messages_to_it(self, client, receiver):
        created = await client.post(
            "/api/sessions",
            json={"sessionId": "crm", "sessionName": "Cliente ABC", "fromFrappe": True},
        )
        assert created.status_code == 201
        linked = await client.post(
            "/api/sandbox/link",
            json={"qr": created.json()["data"]["qrText"], "phoneNumber": "34600000805"},
        )
        assert linked.status_code == 200
        await write(client, "Hola Frappe")

        async def arrived():
            return received(receiver)

        (request,) = await eventually(arrived)
        assert {r.json()["event"] for r in receiver.requests} == {"message.received"}
        expected = hmac.new(b"frappe", request.body, hashlib.sha256).hexdigest()
        assert request.headers["x-webhook-signature"] == f"sha256={expected}"
        assert request.json()["data"]["sessionId"] == "crm"

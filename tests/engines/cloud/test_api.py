"""The cloud engine behind the product's API: sends, Meta's webhooks, receipts, media, mark read."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from inboxhub.webhooks.models import Event
from tests.engines.cloud.conftest import (
    contact_writes,
    create_cloud_session,
    fixture,
    post_webhook,
)
from tests.support import eventually

CHAT = "16505551234@s.whatsapp.net"
TEXT_WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="


async def _events(app, event_type: str) -> list[dict]:
    async with app.state.database.sessionmaker() as db:
        rows = (
            await db.execute(select(Event).where(Event.type == event_type).order_by(Event.seq))
        ).scalars()
        return [e.payload for e in rows]


async def _send(client, **body) -> dict:
    response = await client.post("/api/messages/meta_1/send", json=body)
    assert response.status_code == 200, response.text
    message: dict = response.json()["data"]["message"]
    return message


async def _message(client, message_id) -> dict:
    response = await client.get(f"/api/messages/meta_1/messages/{message_id}")
    assert response.status_code == 200, response.text
    message: dict = response.json()["data"]["message"]
    return message


async def test_send_text_and_image_through_the_api(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, "34657032985")
    text = await _send(client, to="34657032985", message="Hola desde el CRM", type="text")
    assert text["status"] == "sent"
    assert text["whatsappMessageId"].startswith("wamid.")
    first = graph.sent[0]
    assert first["to"] == "34657032985"
    assert first["text"]["body"] == "Hola desde el CRM"

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
    )
    image = await _send(
        client,
        to="34657032985@s.whatsapp.net",
        type="image",
        message={
            "image": {"base64": base64.b64encode(png).decode(), "mimetype": "image/png"},
            "caption": "Catálogo",
        },
    )
    assert image["status"] == "sent"
    sent = graph.sent[1]
    assert sent["image"]["caption"] == "Catálogo"
    assert graph.uploads[sent["image"]["id"]]["data"] == png


async def test_metas_own_window_refusal_answers_409_with_a_hint(client, anon, graph):
    """The gateway thinks the window open (a clock apart, a reply on another tool): Meta's 131047
    still answers the same 409."""
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, "34657032985")
    graph.fail_next(131047)
    response = await client.post(
        "/api/messages/meta_1/send", json={"to": "34657032985", "message": "¿Sigues ahí?"}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "OUTSIDE_SERVICE_WINDOW"
    assert "template" in body["error"]


async def test_a_throughput_error_is_retried_and_the_send_succeeds(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, "34657032985")
    graph.fail_next(130429)
    message = await _send(client, to="34657032985", message="hola")
    assert message["status"] == "sent"
    assert graph.send_attempts == 2


async def test_inbound_message_is_recorded_once_and_announced(app, client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    for _ in range(2):  # Meta redelivers
        assert (await post_webhook(anon, fixture("text"))).status_code == 200
    listed = (await client.get("/api/messages/meta_1")).json()["data"]
    assert listed["total"] == 1
    (message,) = listed["messages"]
    assert message["whatsappMessageId"] == TEXT_WAMID
    assert message["chatId"] == CHAT
    assert message["fromMe"] is False
    assert message["body"] == "Does it come in another color?"
    assert message["pushName"] == "Sheena Nelson"
    received = await _events(app, "message.received")
    assert len(received) == 1
    assert received[0]["message"]["content"] == "Does it come in another color?"

    # Reading the chat sends Meta a read status for it.
    r = await client.put(f"/api/messages/meta_1/{CHAT}/read")
    assert r.status_code == 200, r.text
    assert graph.sent[-1] == {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": TEXT_WAMID,
    }


async def test_inbound_media_downloads_through_the_graph_api(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    jpeg = b"\xff\xd8\xff\xe0jpeg bytes from a phone"
    graph.add_media(jpeg, "image/jpeg", media_id="1003383421387256")
    payload = fixture("image")
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["image"].pop("sha256")
    assert (await post_webhook(anon, payload)).status_code == 200
    (message,) = (await client.get("/api/messages/meta_1")).json()["data"]["messages"]
    assert message["type"] == "image"
    assert message["body"] == "This is how it looks"
    assert message["media"]["mimetype"] == "image/jpeg"
    download = await client.get(message["mediaUrl"])
    assert download.status_code == 200, download.text
    assert download.content == jpeg


async def test_inbound_media_is_fetched_from_meta_on_arrival(client, anon, graph):
    """Meta's media URLs expire: the file is kept when the webhook arrives, and served after
    Meta has forgotten it."""
    await create_cloud_session(client, graph, "meta_1")
    jpeg = b"\xff\xd8\xff\xe0jpeg bytes kept on arrival"
    graph.add_media(jpeg, "image/jpeg", media_id="1003383421387256")
    payload = fixture("image")
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["image"].pop("sha256")
    assert (await post_webhook(anon, payload)).status_code == 200
    (message,) = (await client.get("/api/messages/meta_1")).json()["data"]["messages"]
    media_id = urlsplit(message["mediaUrl"]).path.split("/")[3]

    async def kept() -> bool:
        info = (await client.get(f"/api/media/{media_id}")).json()["data"]["media"]
        return bool(info["downloaded"])

    await eventually(kept)
    graph.uploads.clear()  # Meta no longer serves it
    download = await client.get(f"/api/media/{media_id}/download")
    assert download.status_code == 200, download.text
    assert download.content == jpeg


@pytest.mark.parametrize("settings_overrides", [{"media_download_concurrency": 2}])
async def test_files_arriving_together_are_fetched_a_few_at_a_time(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    graph.slow_attachments = 0.5  # long enough for the six to overlap on a busy machine
    for n in range(6):
        graph.add_media(
            b"\xff\xd8\xff\xe0 photo %d" % n, "image/jpeg", media_id=f"10033834213872{n:02}"
        )
        payload = fixture("image")
        message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
        message["id"] = f"wamid.arrival{n}"
        message["image"]["id"] = f"10033834213872{n:02}"
        message["image"].pop("sha256")
        assert (await post_webhook(anon, payload)).status_code == 200

    async def all_kept() -> bool:
        answer = (await client.get("/api/messages/meta_1")).json()["data"]["messages"]
        ids = [urlsplit(m["mediaUrl"]).path.split("/")[3] for m in answer]
        infos = [(await client.get(f"/api/media/{i}")).json()["data"]["media"] for i in ids]
        return len(infos) == 6 and all(info["downloaded"] for info in infos)

    await eventually(all_kept, timeout=30)
    assert graph.most_attachments_in_flight == 2


async def test_statuses_out_of_order_end_in_the_latest_state(app, client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, "16505551234")
    sent = await _send(client, to="16505551234", message="Your order shipped")
    wamid = sent["whatsappMessageId"]

    def status(name: str) -> bytes:
        payload = fixture(f"status_{name}")
        payload["entry"][0]["changes"][0]["value"]["statuses"][0]["id"] = wamid
        return json.dumps(payload).encode()

    for name in ("read", "delivered", "sent", "read", "failed"):
        assert (await post_webhook(anon, status(name))).status_code == 200
    message = await _message(client, sent["id"])
    assert message["status"] == "read"
    changes = [e["status"] for e in await _events(app, "message.status") if e.get("status")]
    assert changes.count("read") == 1


async def test_a_failed_status_fails_the_message_with_metas_reason(app, client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, "16505551234")
    sent = await _send(client, to="16505551234", message="Hello again")
    payload = fixture("status_failed")
    payload["entry"][0]["changes"][0]["value"]["statuses"][0]["id"] = sent["whatsappMessageId"]
    assert (await post_webhook(anon, payload)).status_code == 200

    async def failed():
        message = await _message(client, sent["id"])
        return message if message["status"] == "failed" else None

    message = await eventually(failed)
    assert message["error"].startswith("131047 Re-engagement message")
    assert message["errorCode"] == "OUTSIDE_SERVICE_WINDOW"
    (event,) = [e for e in await _events(app, "message.status") if e["status"] == "failed"]
    assert event["errorCode"] == "OUTSIDE_SERVICE_WINDOW"
    assert event["errorDetails"] == {
        "graphCode": 131047,
        "title": "Re-engagement message",
        "details": "Message failed to send because more than 24 hours have passed since the "
        "customer last replied to this number.",
    }
    assert event["error"].startswith("131047 Re-engagement message")


async def test_every_inbound_type_reaches_the_api(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    for name in ("location", "contacts", "reaction", "interactive_list_reply"):
        assert (await post_webhook(anon, fixture(name))).status_code == 200
    listed = (await client.get("/api/messages/meta_1")).json()["data"]["messages"]
    by_type = {m["type"]: m for m in listed}
    assert by_type["location"]["location"]["name"] == "Solomon R. Guggenheim Museum"
    assert by_type["contact"]["contacts"]["displayName"] == "Barbara J. Johnson"
    assert "waid=16505551234" in by_type["contact"]["contacts"]["vcards"][0]
    assert by_type["reaction"]["reaction"]["emoji"] == "👍"
    assert by_type["text"]["body"] == "Priority Mail Express"

"""Every message type, sent by a session to a contact and written by a contact to a session."""

from __future__ import annotations

import pytest

from tests.messages.conftest import CONTACT, SHOP
from tests.messages.helpers import (
    MP3,
    MP4,
    OGG_OPUS,
    PDF,
    b64,
    events,
    jpeg_bytes,
    png_bytes,
    webp_bytes,
)

VCARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Juan Pérez\nTEL;TYPE=CELL:+34612345678\nEND:VCARD"
JID = f"{CONTACT}@s.whatsapp.net"


async def _send(client, body):
    r = await client.post("/api/messages/shop/send", json={"to": JID, **body})
    assert r.status_code == 200, r.text
    return r.json()["data"]["message"]


async def test_image_from_base64_and_url(client, shop, web):
    image = png_bytes()
    sent = await _send(
        client,
        {
            "type": "image",
            "message": {
                "image": {"base64": b64(image), "mimetype": "image/jpeg"},
                "caption": "Imagen",
            },
        },
    )
    assert sent["type"] == "image"
    assert sent["body"] == "Imagen"
    # The bytes decide the type, not the declared mimetype.
    assert sent["media"]["mimetype"] == "image/png"
    assert sent["media"]["filesize"] == len(image)

    web.routes["/fotos/producto.jpg"] = (200, {"Content-Type": "image/jpeg"}, jpeg_bytes())
    sent = await _send(
        client,
        {
            "type": "image",
            "message": {"image": {"url": f"{web.base}/fotos/producto.jpg"}, "caption": "URL"},
        },
    )
    assert sent["media"]["mimetype"] == "image/jpeg"
    assert sent["media"]["filename"] == "producto.jpg"

    download = await client.get(f"/api/media/{sent['media']['mediaId']}/download")
    assert download.content == jpeg_bytes()

    # A Node.js Buffer serialized as JSON, as Baileys clients send it.
    sent = await _send(
        client,
        {
            "type": "image",
            "message": {"image": {"buffer": {"type": "Buffer", "data": list(image)}}},
        },
    )
    assert sent["media"]["filesize"] == len(image)


@pytest.mark.parametrize(
    ("kind", "data", "extra", "mimetype"),
    [
        ("video", MP4, {"caption": "Vídeo"}, "video/mp4"),
        ("audio", MP3, {"ptt": False}, "audio/mpeg"),
        ("audio", OGG_OPUS, {"ptt": True}, "audio/ogg"),
        ("document", PDF, {"caption": "Factura"}, "application/pdf"),
        ("sticker", webp_bytes(), {}, "image/webp"),
    ],
)
async def test_media_types(client, shop, web, kind, data, extra, mimetype):
    web.routes[f"/file-{kind}"] = (200, {}, data)
    spec = {"url": f"{web.base}/file-{kind}"}
    if kind == "document":
        spec.update(fileName="factura-42.pdf", mimetype="application/pdf")
    sent = await _send(client, {"type": kind, "message": {kind: spec, **extra}})
    assert sent["type"] == kind
    assert sent["status"] == "sent"
    assert sent["media"]["mimetype"] == mimetype
    assert sent["media"]["ptt"] is bool(extra.get("ptt"))
    if kind == "document":
        assert sent["media"]["filename"] == "factura-42.pdf"
        assert sent["body"] == "Factura"


async def test_ptt_type_is_a_voice_note(client, shop):
    sent = await _send(client, {"type": "ptt", "message": {"audio": {"base64": b64(OGG_OPUS)}}})
    assert sent["type"] == "audio"
    assert sent["media"]["ptt"] is True


async def test_location_full_and_simplified(client, shop):
    full = await _send(
        client,
        {
            "type": "location",
            "message": {
                "location": {
                    "degreesLatitude": 40.4168,
                    "degreesLongitude": -3.7038,
                    "name": "Madrid",
                    "address": "Plaza Mayor, Madrid",
                }
            },
        },
    )
    assert full["location"] == {
        "latitude": 40.4168,
        "longitude": -3.7038,
        "name": "Madrid",
        "address": "Plaza Mayor, Madrid",
    }
    simple = await _send(
        client, {"type": "location", "message": {"lat": 40.4168, "lng": -3.7038, "name": "Madrid"}}
    )
    assert simple["location"]["latitude"] == 40.4168
    assert simple["location"]["longitude"] == -3.7038
    assert simple["type"] == "location"


async def test_contact_vcard(client, shop):
    sent = await _send(
        client,
        {
            "type": "contact",
            "message": {"contacts": {"displayName": "Juan Pérez", "contacts": [{"vcard": VCARD}]}},
        },
    )
    assert sent["type"] == "contact"
    assert sent["contacts"] == {"displayName": "Juan Pérez", "vcards": [VCARD]}


async def test_reply_mentions_and_reaction(client, shop):
    first = await _send(client, {"message": "¿Confirmas el pedido?"})
    reply = await _send(
        client,
        {"message": "Te respondo", "quotedMessageId": first["id"], "mentions": [CONTACT]},
    )
    assert reply["quotedMessageId"] == first["whatsappMessageId"]
    assert reply["mentions"] == [JID]

    reaction = await _send(
        client,
        {
            "type": "reaction",
            "message": {"reaction": "👍", "messageId": first["whatsappMessageId"]},
        },
    )
    assert reaction["type"] == "reaction"
    assert reaction["reaction"] == {"emoji": "👍", "messageId": first["whatsappMessageId"]}
    got = (await client.get(f"/api/messages/shop/messages/{first['id']}")).json()["data"]["message"]
    assert got["hasReactions"] is True
    assert [r["emoji"] for r in got["reactions"]] == ["👍"]


# ---- contact -> session --------------------------------------------------------------------


SEED_MESSAGE_KEYS = [
    "whatsappMessageId",
    "content",
    "chatId",
    "from",
    "to",
    "timestamp",
    "type",
    "has_attachment",
    "media",
]


async def test_inbound_text_is_stored_and_published_in_seed_01_shape(client, app, shop):
    written = await contact_writes_text(client)
    stored = written["message"]
    assert stored["fromMe"] is False
    assert stored["body"] == "Hola, necesito información"
    assert stored["status"] == "received"
    assert stored["pushName"] == "Juan"

    [event] = await events(app, "message.received")
    data = event["data"]
    assert list(data)[:3] == ["sessionId", "session_db_id", "message"]
    assert data["sessionId"] == "shop"
    assert data["session_db_id"] == shop["id"]
    message = data["message"]
    assert list(message)[: len(SEED_MESSAGE_KEYS)] == SEED_MESSAGE_KEYS
    assert message["whatsappMessageId"] == written["whatsappMessageId"]
    assert message["content"] == "Hola, necesito información"
    assert message["chatId"] == JID
    assert message["from"] == JID
    assert message["to"] == "shop"
    assert isinstance(message["timestamp"], int)
    assert message["type"] == "text"
    assert message["has_attachment"] is False
    assert message["media"] is None
    assert message["pushName"] == "Juan"
    assert message["isGroup"] is False

    contact = (await client.get("/api/sessions/shop/contacts")).json()["data"]["contacts"]
    assert [(c["id"], c["notify"]) for c in contact] == [(JID, "Juan")]


async def contact_writes_text(client):
    r = await client.post(
        "/api/sandbox/messages",
        json={
            "from": CONTACT,
            "to": SHOP,
            "message": "Hola, necesito información",
            "pushName": "Juan",
        },
    )
    assert r.status_code == 200, r.text
    return r.json()["data"]


@pytest.mark.parametrize(
    ("kind", "data", "mimetype"),
    [
        ("image", png_bytes(), "image/png"),
        ("video", MP4, "video/mp4"),
        ("audio", OGG_OPUS, "audio/ogg"),
        ("document", PDF, "application/pdf"),
        ("sticker", webp_bytes(), "image/webp"),
    ],
)
async def test_inbound_media_with_signed_url(client, anon, app, shop, kind, data, mimetype):
    spec = {"base64": b64(data)}
    if kind == "document":
        spec["fileName"] = "contrato.pdf"
    r = await client.post(
        "/api/sandbox/messages",
        json={
            "from": CONTACT,
            "to": "shop",
            "type": kind,
            "message": {kind: spec, "caption": "Mira"},
        },
    )
    assert r.status_code == 200, r.text
    [event] = await events(app, "message.received")
    message = event["data"]["message"]
    assert message["type"] == kind
    assert message["has_attachment"] is True
    media = message["media"]
    assert set(media) == {"filename", "filesize", "mimetype", "url"}
    assert media["mimetype"] == mimetype
    assert media["filesize"] == len(data)
    if kind == "document":
        assert media["filename"] == "contrato.pdf"
    assert media["url"].startswith("http://127.0.0.1:8084/api/media/")
    # The CRM fetches it without an API key, through the signed link.
    path = media["url"].removeprefix("http://127.0.0.1:8084")
    got = await anon.get(path)
    assert got.status_code == 200
    assert got.content == data
    assert got.headers["content-type"].startswith(mimetype)


async def test_inbound_location_contact_reply_and_group(client, app, shop):
    sent = (
        await client.post(
            "/api/messages/shop/send", json={"to": CONTACT, "message": "¿Dónde estás?"}
        )
    ).json()["data"]["message"]
    await client.post(
        "/api/sandbox/messages",
        json={
            "from": CONTACT,
            "to": "shop",
            "type": "location",
            "message": {"lat": 40.4, "lng": -3.7, "name": "Aquí"},
            "quotedMessageId": sent["id"],
        },
    )
    await client.post(
        "/api/sandbox/messages",
        json={"from": CONTACT, "to": "shop", "type": "contact", "message": {"vcard": VCARD}},
    )
    await client.post(
        "/api/sandbox/messages",
        json={
            "from": CONTACT,
            "to": "shop",
            "message": "Hola a todos",
            "group": "120363025246125888@g.us",
            "pushName": "Juan",
        },
    )
    location, contact, group = [e["data"]["message"] for e in await events(app, "message.received")]
    assert location["type"] == "location"
    assert location["content"] == "Aquí"
    assert location["location"] == {
        "latitude": 40.4,
        "longitude": -3.7,
        "name": "Aquí",
        "address": None,
    }
    assert location["quotedMessageId"] == sent["whatsappMessageId"]
    assert contact["type"] == "contact"
    assert contact["content"] == "Juan Pérez"
    assert contact["vcard"] == VCARD
    assert group["chatId"] == "120363025246125888@g.us"
    assert group["from"] == JID
    assert group["isGroup"] is True
    assert group["participant"] == JID

"""Every way a send can be wrong: a 4xx with the seeds' code, the field named, nothing stored."""

from __future__ import annotations

import pytest

from tests.messages.conftest import CONTACT
from tests.messages.helpers import PDF, b64, png_bytes
from tests.support import create_session


async def _refused(client, body, *, status, code, field, session="shop"):
    r = await client.post(f"/api/messages/{session}/send", json=body)
    assert r.status_code == status, r.text
    error = r.json()
    assert error["success"] is False
    assert error["code"] == code
    assert error["field"] == field
    return error


async def _nothing_stored(client):
    assert (await client.get("/api/messages/shop")).json()["data"]["total"] == 0
    assert (await client.get("/api/media/sessions/shop")).json()["data"]["total"] == 0
    assert (await client.get("/api/messages/shop/chats")).json()["data"]["total"] == 0


INVALID = [
    ({"to": CONTACT, "message": "x" * 4097}, "message"),
    ({"to": CONTACT, "type": "text", "message": {"text": "x" * 4097}}, "message.text"),
    ({"to": CONTACT, "message": ""}, "message"),
    ({"to": CONTACT}, "message"),
    ({"to": [f"3461111{i:04d}" for i in range(51)], "message": "hola"}, "to"),
    ({"to": [], "message": "hola"}, "to"),
    ({"to": "abc", "message": "hola"}, "to"),
    ({"to": "123", "message": "hola"}, "to"),
    ({"to": [CONTACT, "no-es-un-numero"], "message": "hola"}, "to[1]"),
    ({"to": "status@broadcast", "message": "hola"}, "to"),
    # Longer than any WhatsApp id, and than a chat id can be stored.
    ({"to": "1" * 120 + "@lid", "message": "hola"}, "to"),
    ({"to": CONTACT, "type": "image", "message": {"caption": "sin imagen"}}, "message.image"),
    ({"to": CONTACT, "type": "image", "message": {"image": {}}}, "message.image"),
    (
        {
            "to": CONTACT,
            "type": "image",
            "message": {"image": {"url": "http://x.test/a", "base64": "AA=="}},
        },
        "message.image",
    ),
    (
        {"to": CONTACT, "type": "image", "message": {"image": {"base64": "%%%no-base64%%%"}}},
        "message.image.base64",
    ),
    (
        {"to": CONTACT, "type": "location", "message": {"location": {"degreesLatitude": 40}}},
        "message.location.degreesLongitude",
    ),
    ({"to": CONTACT, "type": "location", "message": {"lat": 100, "lng": 3}}, "message.lat"),
    ({"to": CONTACT, "type": "location", "message": {"lat": "norte", "lng": 3}}, "message.lat"),
    (
        {"to": CONTACT, "type": "contact", "message": {"contacts": {"displayName": "X"}}},
        "message.contacts.contacts",
    ),
    (
        {
            "to": CONTACT,
            "type": "contact",
            "message": {"contacts": {"contacts": [{"vcard": "no soy vcard"}]}},
        },
        "message.contacts.contacts[0].vcard",
    ),
    ({"to": CONTACT, "type": "contact", "message": {}}, "message.contacts"),
    ({"to": CONTACT, "type": "reaction", "message": {"reaction": "👍"}}, "message.messageId"),
    (
        {"to": CONTACT, "type": "video", "message": {"video": {"path": "../jwt_secret"}}},
        "message.video.path",
    ),
    (
        {"to": CONTACT, "type": "document", "message": {"document": {"path": "/etc/passwd"}}},
        "message.document.path",
    ),
    ({"to": CONTACT, "message": "hola", "mentions": ["nadie"]}, "mentions[0]"),
    ({"to": CONTACT, "type": "sms", "message": "hola"}, "type"),
]


async def test_validation_errors(client, shop):
    for body, field in INVALID:
        try:
            await _refused(client, body, status=400, code="VALIDATION_ERROR", field=field)
        except AssertionError as exc:
            raise AssertionError(f"{body!r:.200}: {exc}") from exc
    await _nothing_stored(client)


async def test_wrong_kind_of_file(client, shop, web):
    web.routes["/factura.pdf"] = (200, {"Content-Type": "image/jpeg"}, PDF)
    error = await _refused(
        client,
        {"to": CONTACT, "type": "image", "message": {"image": {"url": f"{web.base}/factura.pdf"}}},
        status=400,
        code="VALIDATION_ERROR",
        field="message.image",
    )
    assert "application/pdf" in error["error"]
    await _refused(
        client,
        {"to": CONTACT, "type": "sticker", "message": {"sticker": {"base64": b64(png_bytes())}}},
        status=400,
        code="VALIDATION_ERROR",
        field="message.sticker",
    )
    await _nothing_stored(client)


async def test_unreachable_and_failing_urls(client, shop, web):
    web.routes["/gone"] = (404, {}, b"no")
    await _refused(
        client,
        {"to": CONTACT, "type": "image", "message": {"image": {"url": f"{web.base}/gone"}}},
        status=400,
        code="VALIDATION_ERROR",
        field="message.image.url",
    )
    closed = web.base.rsplit(":", 1)[0] + ":9"  # the discard port: nothing listens there
    await _refused(
        client,
        {"to": CONTACT, "type": "image", "message": {"image": {"url": f"{closed}/x.png"}}},
        status=400,
        code="VALIDATION_ERROR",
        field="message.image.url",
    )
    await _refused(
        client,
        {"to": CONTACT, "type": "image", "message": {"image": {"url": "ftp://example.com/x.png"}}},
        status=400,
        code="VALIDATION_ERROR",
        field="message.image.url",
    )
    await _nothing_stored(client)


async def test_redirect_to_cloud_metadata_is_refused(client, shop, web):
    web.routes["/foto.png"] = (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"")
    await _refused(
        client,
        {"to": CONTACT, "type": "image", "message": {"image": {"url": f"{web.base}/foto.png"}}},
        status=400,
        code="URL_NOT_ALLOWED",
        field="message.image.url",
    )
    assert web.hits == ["/foto.png"]

    # Redirects are followed by hand, each hop checked again.
    web.routes["/a"] = (301, {"Location": "/b"}, b"")
    web.routes["/b"] = (200, {}, png_bytes())
    r = await client.post(
        "/api/messages/shop/send",
        json={"to": CONTACT, "type": "image", "message": {"image": {"url": f"{web.base}/a"}}},
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["message"]["media"]["filename"] == "b"


@pytest.mark.parametrize("settings_overrides", [{"allow_private_targets": False}])
async def test_private_addresses_need_the_setting(client, shop, web):
    web.routes["/foto.png"] = (200, {}, png_bytes())
    await _refused(
        client,
        {"to": CONTACT, "type": "image", "message": {"image": {"url": f"{web.base}/foto.png"}}},
        status=400,
        code="URL_NOT_ALLOWED",
        field="message.image.url",
    )
    assert web.hits == []
    await _nothing_stored(client)


@pytest.mark.parametrize("settings_overrides", [{"media_max_bytes": 1000}])
async def test_files_over_the_limit(client, shop, web):
    web.routes["/big.png"] = (200, {}, png_bytes() + b"\0" * 2000)
    await _refused(
        client,
        {"to": CONTACT, "type": "image", "message": {"image": {"url": f"{web.base}/big.png"}}},
        status=413,
        code="PAYLOAD_TOO_LARGE",
        field="message.image.url",
    )
    await _refused(
        client,
        {
            "to": CONTACT,
            "type": "document",
            "message": {"document": {"base64": b64(b"%PDF" + b"\0" * 2000)}},
        },
        status=413,
        code="PAYLOAD_TOO_LARGE",
        field="message.document.base64",
    )
    await _nothing_stored(client)


async def test_unknown_media_and_messages(client, shop):
    await _refused(
        client,
        {"to": CONTACT, "message": "x", "mediaId": 999},
        status=404,
        code="NOT_FOUND",
        field="mediaId",
    )
    await _refused(
        client,
        {"to": CONTACT, "message": "x", "mediaId": "media_abc"},
        status=404,
        code="NOT_FOUND",
        field="mediaId",
    )
    await _refused(
        client,
        {"to": CONTACT, "message": "x", "quotedMessageId": "3EB0NOPE"},
        status=404,
        code="NOT_FOUND",
        field="quotedMessageId",
    )
    await _refused(
        client,
        {"to": CONTACT, "type": "reaction", "message": {"reaction": "👍", "messageId": 12345}},
        status=404,
        code="NOT_FOUND",
        field="message.messageId",
    )
    await _nothing_stored(client)


async def test_message_ids_in_paths_that_are_no_numbers(client, shop):
    # "³" and "٣" are digits to str.isdigit() but no id.
    for ref in ("³", "٣٣", "99999999999999999999999"):
        r = await client.put(f"/api/messages/shop/messages/{ref}", json={"message": "x"})
        assert r.status_code == 404, r.text
        assert r.json()["code"] == "NOT_FOUND"
        r = await client.delete(f"/api/messages/shop/messages/{ref}")
        assert r.status_code == 404, r.text


async def test_session_not_connected_or_not_found(client, shop):
    await create_session(client, "waiting")  # shows a QR, never scanned
    await _refused(
        client,
        {"to": CONTACT, "message": "hola"},
        status=409,
        code="SESSION_NOT_CONNECTED",
        field="sessionId",
        session="waiting",
    )
    assert (await client.get("/api/messages/waiting")).json()["data"]["total"] == 0
    await _refused(
        client,
        {"to": CONTACT, "message": "hola"},
        status=404,
        code="SESSION_NOT_FOUND",
        field="sessionId",
        session="nope",
    )
    r = await client.post(
        "/api/messages/shop/send", json={"to": CONTACT, "message": "x"}, headers={"X-API-Key": ""}
    )
    assert r.status_code == 401
    assert r.json()["code"] == "MISSING_API_KEY"


BODIES = [
    (b"{not json", "application/json", "body", "Malformed JSON body"),
    (b"", "application/json", "body", "Field required"),
    (b"[1, 2]", "application/json", "body", "Input should be a valid dictionary"),
    (b"null", "application/json", "body", "Input should be a valid dictionary"),
    (b'{"to": "34611111111", "message": "hola"}', "text/plain", "body", "Input should be"),
    (b'{"to": "34611111111", "message": "hola"}', None, "body", "Input should be"),
    (b'{"message": "hola"}', "application/json", "to", "Field required"),
    (b'{"to": "34611111111", "message": "hola"', "application/json", "body", "Malformed"),
]


async def test_bodies_that_are_not_a_send(client, shop):
    for content, content_type, field, words in BODIES:
        headers = {"Content-Type": content_type} if content_type else {}
        r = await client.post("/api/messages/shop/send", content=content, headers=headers)
        assert r.status_code == 400, (content, r.text)
        error = r.json()
        assert (error["code"], error["field"]) == ("VALIDATION_ERROR", field), (content, error)
        assert error["details"][0]["message"].startswith(words), (content, error)
    await _nothing_stored(client)


async def test_json_by_any_json_media_type(client, shop):
    for content_type in ("application/json; charset=utf-8", "application/vnd.api+json"):
        r = await client.post(
            "/api/messages/shop/send",
            content=b'{"to": "34611111111", "message": "hola"}',
            headers={"Content-Type": content_type},
        )
        assert r.status_code == 200, r.text


async def test_parameters_over_their_length(client, shop):
    r = await client.post(f"/api/messages/{'s' * 101}/send", json={"to": CONTACT, "message": "x"})
    assert r.status_code == 400, r.text
    assert (r.json()["code"], r.json()["field"]) == ("VALIDATION_ERROR", "sessionId")
    r = await client.post(
        "/api/messages/shop/send",
        json={"to": CONTACT, "message": "x"},
        headers={"Idempotency-Key": "k" * 201},
    )
    assert r.status_code == 400, r.text
    assert (r.json()["code"], r.json()["field"]) == ("VALIDATION_ERROR", "Idempotency-Key")
    assert "at most 200 characters" in r.json()["message"]
    await _nothing_stored(client)


def test_the_send_body_is_documented(app):
    spec = app.openapi()
    operation = spec["paths"]["/api/messages/{sessionId}/send"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/SendMessageRequest"}
    schema = spec["components"]["schemas"]["SendMessageRequest"]
    assert {"to", "message", "type", "quotedMessageId"} <= set(schema["properties"])
    assert {(p["name"], p["in"]) for p in operation["parameters"]} == {
        ("sessionId", "path"),
        ("Idempotency-Key", "header"),
    }


async def test_local_path_inside_the_media_folder(client, app, shop):
    media_dir = app.state.runtime.settings.media_dir
    (media_dir / "catalogo").mkdir(parents=True, exist_ok=True)
    (media_dir / "catalogo" / "tarifas.pdf").write_bytes(PDF)
    r = await client.post(
        "/api/messages/shop/send",
        json={
            "to": CONTACT,
            "type": "document",
            "message": {"document": {"path": "catalogo/tarifas.pdf"}},
        },
    )
    assert r.status_code == 200, r.text
    media = r.json()["data"]["message"]["media"]
    assert media["filename"] == "tarifas.pdf"
    assert media["mimetype"] == "application/pdf"
    # Files the gateway keeps per session are not reachable by path.
    stored = next(p for p in media_dir.rglob("*.pdf") if p.parent.name.isdigit())
    await _refused(
        client,
        {
            "to": CONTACT,
            "type": "document",
            "message": {"document": {"path": str(stored.relative_to(media_dir))}},
        },
        status=400,
        code="VALIDATION_ERROR",
        field="message.document.path",
    )
    link = media_dir / "catalogo" / "secreto"
    link.symlink_to(
        media_dir.parent / "jwt_secret"
        if (media_dir.parent / "jwt_secret").exists()
        else "/etc/hostname"
    )
    await _refused(
        client,
        {"to": CONTACT, "type": "document", "message": {"document": {"path": "catalogo/secreto"}}},
        status=400,
        code="VALIDATION_ERROR",
        field="message.document.path",
    )

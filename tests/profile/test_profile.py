"""``PUT /api/sessions/{id}/profile`` on the sandbox: the session's own name, about and picture,
as its contacts then see them."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.messages.helpers import PDF, WebServer, jpeg_bytes, png_bytes
from tests.support import create_session, link_session

SHOP = "34600000001"
FRIEND = "34600000002"


@pytest.fixture
async def shop(client: httpx.AsyncClient) -> dict[str, Any]:
    """The session "shop" (34600000001), saved by the session "friend" (34600000002)."""
    data = await link_session(client, "shop", SHOP, push_name="Shop")
    await link_session(client, "friend", FRIEND, push_name="Friend")
    saved = await client.post(
        "/api/sandbox/contacts",
        json={"phoneNumber": SHOP, "sessionId": "friend", "name": "La tienda"},
    )
    assert saved.status_code == 200, saved.text
    return data


@pytest.fixture
async def images() -> AsyncIterator[WebServer]:
    server = await WebServer().start()
    server.routes["/logo.png"] = (200, {"Content-Type": "image/png"}, png_bytes())
    server.routes["/contract.pdf"] = (200, {"Content-Type": "application/pdf"}, PDF)
    try:
        yield server
    finally:
        await server.close()


async def _put(client: httpx.AsyncClient, body: Any, session: str = "shop") -> httpx.Response:
    url = f"/api/sessions/{session}/profile"
    if isinstance(body, bytes):  # JSON a client library would refuse to write
        return await client.put(url, content=body, headers={"Content-Type": "application/json"})
    return await client.put(url, json=body)


async def _seen_by_friend(client: httpx.AsyncClient) -> dict[str, Any]:
    r = await client.get(f"/api/contacts/friend/info/{SHOP}")
    assert r.status_code == 200, r.text
    contact: dict[str, Any] = r.json()["data"]["contact"]
    return contact


async def test_name_about_and_picture_change_together(client, shop, images):
    r = await _put(
        client,
        {
            "name": "  Tienda Sol ",
            "about": "Abierto de 9 a 18 h",
            "picture": {"url": f"{images.base}/logo.png"},
        },
    )
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["success"] is True
    profile = answer["data"]["profile"]
    assert answer["data"]["sessionId"] == "shop"
    assert (profile["name"], profile["about"], profile["isBusiness"]) == (
        "Tienda Sol",
        "Abierto de 9 a 18 h",
        False,
    )
    assert profile["profilePictureUrl"].startswith("https://")
    # The session shows it, and so does a phone that saved the number.
    session = (await client.get("/api/sessions/shop")).json()["data"]["session"]
    assert session["profile"] == profile
    seen = await _seen_by_friend(client)
    assert seen["about"] == "Abierto de 9 a 18 h"
    assert seen["pushName"] == "Tienda Sol"
    assert seen["imgUrl"] == profile["profilePictureUrl"]


async def test_each_part_alone_keeps_the_others(client, shop, app):
    await _put(client, {"name": "Tienda Sol", "about": "Abierto"})
    r = await _put(client, {"about": "Cerrado por vacaciones"})
    assert r.json()["data"]["profile"]["name"] == "Tienda Sol"
    assert r.json()["data"]["profile"]["about"] == "Cerrado por vacaciones"
    # The new name is the session's push name, kept with its row.
    from inboxhub.sessions.models import WhatsAppSession

    async with app.state.database.sessionmaker() as db:
        row = await db.get(WhatsAppSession, shop["id"])
        assert row is not None and row.push_name == "Tienda Sol"


async def test_pictures_from_an_upload_and_inline_and_removed(client, shop):
    uploaded = await client.post(
        "/api/media/sessions/shop/upload", files={"file": ("logo.jpg", jpeg_bytes(), "image/jpeg")}
    )
    assert uploaded.status_code == 201, uploaded.text
    media_id = uploaded.json()["data"]["media"]["mediaId"]
    first = await _put(client, {"picture": {"mediaId": media_id}})
    assert first.status_code == 200, first.text
    url = first.json()["data"]["profile"]["profilePictureUrl"]
    assert url

    inline = "data:image/png;base64," + base64.b64encode(png_bytes((0, 90, 0))).decode()
    second = await _put(client, {"picture": inline})
    assert second.status_code == 200, second.text
    # Another picture has another address, as on WhatsApp.
    assert second.json()["data"]["profile"]["profilePictureUrl"] not in ("", url)
    third = await _put(client, {"picture": {"base64": base64.b64encode(jpeg_bytes()).decode()}})
    assert third.json()["data"]["profile"]["profilePictureUrl"] == url

    removed = await _put(client, {"removePicture": True})
    assert removed.status_code == 200, removed.text
    assert removed.json()["data"]["profile"]["profilePictureUrl"] == ""
    assert (await _seen_by_friend(client))["imgUrl"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body"),
        ({"removePicture": False}, "body"),
        ([], "body"),
        ("about", "body"),
        ({"name": "x" * 26}, "name"),
        ({"name": "   "}, "name"),
        ({"name": 7}, "name"),
        ({"about": ""}, "about"),
        ({"about": "a" * 140}, "about"),
        (b'{"about": "\\ud800"}', "about"),
        (b'{"name": "Tienda", ', "body"),
        ({"removePicture": "maybe"}, "removePicture"),
        ({"picture": 12}, "picture"),
        ({"picture": {}}, "picture"),
        ({"picture": {"url": "ftp://example.com/a.png"}}, "picture.url"),
        ({"picture": "http://169.254.169.254/latest/meta-data"}, "picture.url"),
        ({"picture": {"base64": "%%%"}}, "picture"),
        ({"picture": {"base64": "abcde"}}, "picture.base64"),
        ({"picture": {"base64": base64.b64encode(PDF).decode()}}, "picture"),
        ({"picture": {"mediaId": 999999}}, "picture.mediaId"),
        ({"picture": {"url": "https://a.example/x.png", "mediaId": 1}}, "picture"),
        ({"picture": "data:image/png;base64,xx", "removePicture": True}, "removePicture"),
    ],
)
async def test_bad_bodies_name_the_field(client, shop, body, field):
    r = await _put(client, body)
    assert r.status_code in (400, 404), r.text
    answer = r.json()
    assert answer["success"] is False
    assert answer["field"] == field, answer
    if r.status_code == 400:
        # An address the gateway never fetches has a code of its own.
        assert answer["code"] in ("VALIDATION_ERROR", "URL_NOT_ALLOWED")
    # Nothing changed.
    profile = (await client.get("/api/sessions/shop")).json()["data"]["session"]["profile"]
    assert (profile["name"], profile["about"], profile["profilePictureUrl"]) == ("Shop", "", "")


async def test_pictures_the_server_will_not_give(client, shop, images):
    for path, field in (("/missing.png", "picture.url"), ("/contract.pdf", "picture")):
        r = await _put(client, {"picture": f"{images.base}{path}"})
        assert r.status_code == 400, r.text
        assert (r.json()["code"], r.json()["field"]) == ("VALIDATION_ERROR", field)


async def test_unknown_unlinked_and_foreign_sessions(client, other_org, shop):
    missing = await _put(client, {"about": "Hola"}, session="nope")
    assert missing.status_code == 404
    assert (missing.json()["code"], missing.json()["field"]) == ("SESSION_NOT_FOUND", "sessionId")
    foreign = await other_org.put("/api/sessions/shop/profile", json={"about": "Hola"})
    assert foreign.status_code == 404
    assert foreign.json()["code"] == "SESSION_NOT_FOUND"

    await create_session(client, "waiting")  # shows a QR, not linked yet
    waiting = await _put(client, {"about": "Hola"}, session="waiting")
    assert waiting.status_code == 409, waiting.text
    assert (waiting.json()["code"], waiting.json()["field"]) == (
        "SESSION_NOT_CONNECTED",
        "sessionId",
    )


async def test_the_answer_speaks_the_callers_language(client, shop):
    r = await client.put(
        "/api/sessions/shop/profile", json={"about": "Hola"}, headers={"Accept-Language": "en"}
    )
    assert r.json()["message"] == "Profile updated"
    r = await client.put("/api/sessions/shop/profile", json={}, headers={"Accept-Language": "es"})
    assert "indica al menos uno de name, about, picture" in r.json()["error"]

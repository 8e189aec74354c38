"""Received media is downloaded when its message arrives, not on the first download."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.messages.conftest import CONTACT, SHOP
from tests.messages.helpers import b64, events, png_bytes
from tests.support import eventually

IMAGE = png_bytes((9, 8, 7))


async def _receive(client, data=IMAGE):
    r = await client.post(
        "/api/sandbox/messages",
        json={
            "from": CONTACT,
            "to": SHOP,
            "type": "image",
            "message": {"image": {"base64": b64(data)}},
            # The engine hands over a reference, as WhatsApp's CDN does.
            "mediaInline": False,
        },
    )
    assert r.status_code == 200, r.text
    return r.json()["data"]


async def _media_id(app) -> int:
    [event] = await events(app, "message.received")
    return int(urlsplit(event["data"]["message"]["media"]["url"]).path.split("/")[3])


async def _downloaded(client, media_id: int) -> bool:
    return (await client.get(f"/api/media/{media_id}")).json()["data"]["media"]["downloaded"]


async def test_received_media_is_kept_before_anyone_asks(client, app, shop):
    await _receive(client)
    media_id = await _media_id(app)

    async def kept() -> bool:
        return await _downloaded(client, media_id)

    await eventually(kept)
    info = (await client.get(f"/api/media/{media_id}")).json()["data"]["media"]
    assert info["size"] == len(IMAGE)
    # Kept: the file is served even once the session is gone from WhatsApp.
    await client.post("/api/sandbox/sessions/shop/logout")
    got = await client.get(f"/api/media/{media_id}/download")
    assert got.status_code == 200
    assert got.content == IMAGE


@pytest.mark.parametrize("settings_overrides", [{"media_download_max_bytes": 10}])
async def test_files_over_the_arrival_cap_wait_for_their_first_download(client, app, shop):
    await _receive(client)
    media_id = await _media_id(app)
    await app.state.runtime.media_arrivals.drain()
    assert await _downloaded(client, media_id) is False
    got = await client.get(f"/api/media/{media_id}/download")
    assert got.status_code == 200
    assert got.content == IMAGE
    assert await _downloaded(client, media_id) is True


async def test_history_media_waits_for_its_first_download(client, app, shop):
    r = await client.post(
        "/api/sandbox/messages",
        json={
            "from": CONTACT,
            "to": SHOP,
            "type": "image",
            "message": {"image": {"base64": b64(IMAGE)}},
            "mediaInline": False,
            "history": True,
        },
    )
    assert r.status_code == 200, r.text
    await app.state.runtime.writes.drain()
    await app.state.runtime.media_arrivals.drain()
    listed = (await client.get("/api/media/sessions/shop")).json()["data"]["media"]
    assert [m["downloaded"] for m in listed] == [False]

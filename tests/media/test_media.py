"""Seed 01's media endpoints, uploads streamed under a limit, signed links for CRMs."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.messages.conftest import CONTACT, SHOP
from tests.messages.helpers import PDF, b64, events, png_bytes
from tests.support import eventually


async def _upload(client, name, data, content_type="application/octet-stream"):
    r = await client.post(
        "/api/media/sessions/shop/upload", files={"file": (name, data, content_type)}
    )
    assert r.status_code == 201, r.text
    return r.json()["data"]["media"]


async def test_upload_info_list_download_delete(client, app, shop):
    image = png_bytes()
    media = await _upload(client, "../../foto producto.png", image, "image/jpeg")
    assert media["type"] == "image"
    assert media["mimetype"] == "image/png"  # sniffed from the bytes
    assert media["size"] == len(image)
    assert media["filename"] == "foto producto.png"  # a display name, never a path
    assert media["source"] == "upload"
    await _upload(client, "tarifas.pdf", PDF)

    listing = (await client.get("/api/media/sessions/shop")).json()["data"]
    assert listing["pagination"]["total"] == 2
    assert [m["filename"] for m in listing["media"]] == ["tarifas.pdf", "foto producto.png"]
    only_images = (await client.get("/api/media/sessions/shop", params={"type": "image"})).json()[
        "data"
    ]
    assert only_images["total"] == 1

    info = (await client.get(f"/api/media/{media['id']}")).json()["data"]["media"]
    assert info["sessionId"] == "shop"
    assert info["sha256"]

    download = await client.get(f"/api/media/{media['id']}/download")
    assert download.status_code == 200
    assert download.content == image
    assert download.headers["content-type"] == "image/png"
    assert "attachment" in download.headers["content-disposition"]
    assert "foto%20producto.png" in download.headers["content-disposition"]
    assert download.headers["x-content-type-options"] == "nosniff"

    stored = list((app.state.runtime.settings.media_dir).rglob("*.png"))
    assert len(stored) == 1
    r = await client.delete(f"/api/media/{media['id']}")
    assert r.status_code == 200
    assert not stored[0].exists()
    assert (await client.get(f"/api/media/{media['id']}")).status_code == 404
    assert (await client.get(f"/api/media/{media['id']}/download")).status_code == 404


async def test_send_an_upload_by_media_id(client, shop):
    media = await _upload(client, "factura.pdf", PDF)
    r = await client.post(
        "/api/messages/shop/send",
        json={
            "to": CONTACT,
            "message": "Aquí tienes tu factura",
            "mediaId": f"media_{media['id']}",
        },
    )
    assert r.status_code == 200, r.text
    sent = r.json()["data"]["message"]
    assert sent["type"] == "document"
    assert sent["body"] == "Aquí tienes tu factura"
    assert sent["media"]["mediaId"] == media["id"]  # sent as it is, not copied
    assert sent["media"]["filename"] == "factura.pdf"

    image = await _upload(client, "x.png", png_bytes())
    r = await client.post(
        "/api/messages/shop/send", json={"to": CONTACT, "mediaId": image["id"], "type": "image"}
    )
    assert r.json()["data"]["message"]["type"] == "image"
    r = await client.post(
        "/api/messages/shop/send", json={"to": CONTACT, "mediaId": media["id"], "type": "image"}
    )
    assert r.status_code == 400
    assert r.json()["field"] == "mediaId"


@pytest.mark.parametrize("settings_overrides", [{"media_max_bytes": 1000}])
async def test_upload_over_the_limit_is_refused_while_streaming(client, app, shop):
    sent_chunks = 0

    async def body():
        nonlocal sent_chunks
        yield b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n'
        for _ in range(200):
            sent_chunks += 1
            yield b"\0" * 1000
        yield b"\r\n--xyz--\r\n"

    r = await client.post(
        "/api/media/sessions/shop/upload",
        content=body(),
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert r.status_code == 413
    assert r.json()["code"] == "PAYLOAD_TOO_LARGE"
    assert r.json()["field"] == "file"
    assert sent_chunks < 10  # refused at the limit, not after reading everything
    assert list((app.state.runtime.settings.media_dir / ".incoming").iterdir()) == []

    declared = await client.post(
        "/api/media/sessions/shop/upload",
        files={"file": ("big.bin", b"\0" * 3_000_000)},
    )
    assert declared.status_code == 413
    assert (await client.get("/api/media/sessions/shop")).json()["data"]["total"] == 0


async def test_upload_needs_a_file(client, shop):
    r = await client.post(
        "/api/media/sessions/shop/upload", data={"other": "x"}, files={"nope": ("a", b"a")}
    )
    assert r.status_code == 400
    assert r.json()["field"] == "file"
    r = await client.post("/api/media/sessions/shop/upload", json={"file": "x"})
    assert r.status_code == 400
    assert r.json()["field"] == "file"
    r = await client.post("/api/media/sessions/shop/upload", files={"file": ("empty.txt", b"")})
    assert r.status_code == 400


async def test_signed_links(client, anon, app, shop):
    await client.post(
        "/api/sandbox/messages",
        json={
            "from": CONTACT,
            "to": SHOP,
            "type": "image",
            "message": {"image": {"base64": b64(png_bytes())}},
        },
    )
    [event] = await events(app, "message.received")
    url = event["data"]["message"]["media"]["url"]
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert set(query) == {"expires", "signature"}

    assert (await anon.get(f"{parts.path}?{parts.query}")).content == png_bytes()
    tampered = f"{parts.path}?expires={query['expires'][0]}&signature={'0' * 64}"
    assert (await anon.get(tampered)).status_code == 403
    longer = (
        f"{parts.path}?expires={int(query['expires'][0]) + 1}&signature={query['signature'][0]}"
    )
    assert (await anon.get(longer)).status_code == 403
    other_id = f"/api/media/{int(parts.path.split('/')[3]) + 1}/download?{parts.query}"
    assert (await anon.get(other_id)).status_code == 403
    r = await anon.get(parts.path)
    assert r.status_code == 401
    assert r.json()["code"] == "MISSING_API_KEY"


@pytest.mark.parametrize("settings_overrides", [{"media_url_ttl_seconds": -5}])
async def test_expired_links_are_refused(client, anon, app, shop):
    await client.post(
        "/api/sandbox/messages",
        json={
            "from": CONTACT,
            "to": SHOP,
            "type": "image",
            "message": {"image": {"base64": b64(png_bytes())}},
        },
    )
    [event] = await events(app, "message.received")
    parts = urlsplit(event["data"]["message"]["media"]["url"])
    r = await anon.get(f"{parts.path}?{parts.query}")
    assert r.status_code == 403
    assert r.json()["code"] == "FORBIDDEN"


@pytest.mark.parametrize("settings_overrides", [{"public_url": "https://gw.example.com/"}])
async def test_public_url_is_the_base_of_links(client, app, shop):
    await client.post(
        "/api/sandbox/messages",
        json={
            "from": CONTACT,
            "to": SHOP,
            "type": "document",
            "message": {"document": {"base64": b64(PDF)}},
        },
    )
    [event] = await events(app, "message.received")
    assert event["data"]["message"]["media"]["url"].startswith("https://gw.example.com/api/media/")


@pytest.mark.parametrize("settings_overrides", [{"media_download_on_arrival": False}])
async def test_media_kept_by_the_engine_is_fetched_on_first_download(client, anon, app, shop):
    await client.post(
        "/api/sandbox/messages",
        json={
            "from": CONTACT,
            "to": SHOP,
            "type": "image",
            "message": {"image": {"base64": b64(png_bytes((1, 2, 3)))}},
            "mediaInline": False,
        },
    )
    [event] = await events(app, "message.received")
    media = event["data"]["message"]["media"]
    assert media["filesize"] == len(png_bytes((1, 2, 3)))
    media_id = int(urlsplit(media["url"]).path.split("/")[3])
    assert (await client.get(f"/api/media/{media_id}")).json()["data"]["media"][
        "downloaded"
    ] is False
    parts = urlsplit(media["url"])
    got = await anon.get(f"{parts.path}?{parts.query}")
    assert got.status_code == 200
    assert got.content == png_bytes((1, 2, 3))

    async def kept():
        return (await client.get(f"/api/media/{media_id}")).json()["data"]["media"]["downloaded"]

    await eventually(kept)


async def test_deleting_a_file_keeps_the_message(client, shop):
    media = await _upload(client, "x.png", png_bytes())
    sent = (
        await client.post("/api/messages/shop/send", json={"to": CONTACT, "mediaId": media["id"]})
    ).json()["data"]["message"]
    await client.delete(f"/api/media/{media['id']}")
    got = (await client.get(f"/api/messages/shop/messages/{sent['id']}")).json()["data"]["message"]
    assert got["type"] == "image"
    assert got["media"]["filename"] == "x.png"
    assert got["mediaUrl"] is None

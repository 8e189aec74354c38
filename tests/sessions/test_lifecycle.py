from __future__ import annotations

import base64
import io

import pytest
import zxingcpp
from PIL import Image

from tests.support import create_session, eventually, link_session


async def test_create_session_shows_a_qr_that_links_it(client):
    data = await create_session(client, "shop_1", phoneNumber="34600000001")
    assert data["status"] == "qr_code"
    assert data["qrCode"].startswith("data:image/png;base64,")
    assert data["expiresAt"]

    # The PNG decodes to the text the phone would read, and that text links the session.
    png = base64.b64decode(data["qrCode"].split(",", 1)[1])
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [r.text for r in decoded] == [data["qrText"]]

    linked = await client.post(
        "/api/sandbox/link",
        json={"qr": decoded[0].text, "phoneNumber": "34600000001", "pushName": "Shop"},
    )
    assert linked.status_code == 200, linked.text
    status = (await client.get("/api/sessions/shop_1/status")).json()["data"]
    assert status["status"] == "connected"
    assert status["isConnected"] is True
    assert status["phoneNumber"] == "34600000001"
    assert status["hasQR"] is False

    qr = await client.get("/api/sessions/shop_1/qr")
    assert qr.status_code == 404
    assert qr.json()["code"] == "QR_NOT_AVAILABLE"


async def test_get_by_numeric_id_and_session_id(client):
    data = await link_session(client, "by_id", "34600000002", push_name="Abel")
    by_num = (await client.get(f"/api/sessions/{data['id']}")).json()["data"]["session"]
    by_sid = (await client.get("/api/sessions/by_id")).json()["data"]["session"]
    assert by_num == by_sid
    assert by_num["profile"]["name"] == "Abel"
    assert by_num["sessionName"] == "by_id"


@pytest.mark.parametrize(
    "settings_overrides", [{"sandbox_qr_ttl_seconds": 0.3, "sandbox_qr_max_rotations": 3}]
)
async def test_qr_rotates_and_expires(client, settings_overrides):
    first = await create_session(client, "rotating")
    seen = {first["qrText"]}

    async def rotated() -> bool:
        r = await client.get("/api/sessions/rotating/qr")
        if r.status_code == 200:
            seen.add(r.json()["data"]["qrText"])
        return len(seen) >= 2

    await eventually(rotated)

    async def expired() -> dict | None:
        status = (await client.get("/api/sessions/rotating/status")).json()["data"]
        return status if status["status"] == "disconnected" else None

    status = await eventually(expired)
    assert status["lastDisconnectReason"] == "qr_timeout"
    # An expired QR no longer links.
    r = await client.post(
        "/api/sandbox/link", json={"qr": first["qrText"], "phoneNumber": "34600000006"}
    )
    assert r.status_code == 404


async def test_disconnect_connect_resumes_without_qr(client):
    await link_session(client, "resume", "34600000003")
    r = await client.post("/api/sessions/resume/disconnect")
    assert r.status_code == 200
    assert r.json()["data"]["status"] == "disconnected"
    assert (await client.get("/api/sessions/resume/status")).json()["data"][
        "status"
    ] == "disconnected"

    r = await client.post("/api/sessions/resume/connect")
    assert r.json()["data"]["status"] in ("connecting", "connected")

    async def back() -> bool:
        return (await client.get("/api/sessions/resume/status")).json()["data"][
            "status"
        ] == "connected"

    await eventually(back)


async def test_drop_reconnects_by_itself(client):
    await link_session(client, "dropper", "34600000004")
    r = await client.post("/api/sandbox/sessions/dropper/drop")
    assert r.json()["data"]["status"] == "disconnected"

    async def back() -> bool:
        return (await client.get("/api/sessions/dropper/status")).json()["data"][
            "status"
        ] == "connected"

    await eventually(back)
    session = (await client.get("/api/sessions/dropper")).json()["data"]["session"]
    assert session["lastDisconnectReason"] == "connection_lost"


async def test_logout_from_phone_needs_a_new_qr(client):
    await link_session(client, "unlinked", "34600000005")
    r = await client.post("/api/sandbox/sessions/unlinked/logout")
    assert r.status_code == 200
    status = (await client.get("/api/sessions/unlinked/status")).json()["data"]
    assert status["status"] == "disconnected"
    assert status["lastDisconnectReason"] == "logged_out_from_phone"

    r = await client.post("/api/sessions/unlinked/connect")
    assert r.status_code == 200

    async def qr_again() -> bool:
        return (await client.get("/api/sessions/unlinked/status")).json()["data"][
            "status"
        ] == "qr_code"

    await eventually(qr_again)


async def test_a_network_outage_drops_every_session_and_all_come_back(client):
    for i in range(5):
        await link_session(client, f"outage_{i}", f"3460000010{i}")
    r = await client.post("/api/sandbox/network/drop")
    assert sorted(r.json()["data"]["dropped"]) == [f"outage_{i}" for i in range(5)]

    async def all_back() -> bool:
        listed = (await client.get("/api/sessions", params={"limit": 100})).json()["data"][
            "sessions"
        ]
        return all(s["status"] == "connected" for s in listed)

    await eventually(all_back)

from __future__ import annotations

import pytest

from tests.support import create_session, eventually, link_session


async def test_list_with_pagination_status_filter_and_total_twice(client):
    await link_session(client, "s_linked", "34600000010")
    for i in range(3):
        await create_session(client, f"s_wait_{i}")
    r = await client.get("/api/sessions", params={"page": 1, "limit": 2})
    data = r.json()["data"]
    assert data["total"] == 4
    assert data["pagination"] == {"total": 4, "page": 1, "limit": 2, "pages": 2}
    assert len(data["sessions"]) == 2
    page2 = (await client.get("/api/sessions", params={"page": 2, "limit": 2})).json()["data"]
    assert {s["sessionId"] for s in data["sessions"]} | {
        s["sessionId"] for s in page2["sessions"]
    } == {
        "s_linked",
        "s_wait_0",
        "s_wait_1",
        "s_wait_2",
    }
    connected = (await client.get("/api/sessions", params={"status": "connected"})).json()["data"]
    assert [s["sessionId"] for s in connected["sessions"]] == ["s_linked"]
    assert connected["sessions"][0]["isConnected"] is True
    waiting = (await client.get("/api/sessions", params={"status": "qr_code"})).json()["data"]
    assert waiting["total"] == 3 and all(s["hasQR"] for s in waiting["sessions"])


async def test_create_accepts_name_description_and_generates_an_id(client):
    r = await client.post(
        "/api/sessions", json={"name": "Sucursal Madrid", "description": "Tienda"}
    )
    assert r.status_code == 201
    data = r.json()["data"]
    assert data["sessionId"].startswith("sucursal_madrid_")
    session = (await client.get(f"/api/sessions/{data['sessionId']}")).json()["data"]["session"]
    assert session["sessionName"] == "Sucursal Madrid"
    assert session["description"] == "Tienda"


async def test_duplicate_session_id_conflicts(client):
    await create_session(client, "dup")
    r = await client.post("/api/sessions", json={"sessionId": "dup"})
    assert r.status_code == 409
    assert r.json()["code"] == "SESSION_ALREADY_EXISTS"
    assert r.json()["field"] == "sessionId"


async def test_frappe_flags_header_body_and_configure(client):
    by_header = await client.post(
        "/api/sessions", json={"sessionId": "f1"}, headers={"X-Frappe-Origin": "true"}
    )
    by_body = await client.post("/api/sessions", json={"sessionId": "f2", "fromFrappe": True})
    plain = await client.post("/api/sessions", json={"sessionId": "f3"})
    assert by_header.json()["data"]["sendToFrappe"] is True
    assert by_body.json()["data"]["sendToFrappe"] is True
    assert plain.json()["data"]["sendToFrappe"] is False

    r = await client.post("/api/sessions/f3/frappe/configure", json={"sendToFrappe": True})
    assert r.json()["data"] == {"sessionId": "f3", "sendToFrappe": True}
    status = (await client.get("/api/sessions/f3/frappe/status")).json()["data"]
    assert status["sendToFrappe"] is True
    assert status["status"] == "qr_code"
    assert status["sessionName"] == "f3"


async def test_update_session_webhook_settings(client):
    await create_session(client, "upd")
    r = await client.put(
        "/api/sessions/upd",
        json={
            "webhookUrl": "http://127.0.0.1:9/hook",
            "webhookSecret": "s3cret",
            "webhookEvents": ["message"],
        },
    )
    assert r.status_code == 200, r.text
    session = r.json()["data"]["session"]
    assert session["webhookUrl"] == "http://127.0.0.1:9/hook"
    assert session["webhookEvents"] == ["message"]
    assert session["hasWebhookSecret"] is True
    assert "s3cret" not in r.text


async def test_pairing_code_links_without_a_camera(client):
    await create_session(client, "pair")
    r = await client.post(
        "/api/sessions/pair/pairing-code", json={"phoneNumber": "+34 600 000 011"}
    )
    assert r.status_code == 200, r.text
    code = r.json()["data"]["pairingCode"]
    assert len(code) == 8
    r = await client.post("/api/sandbox/link", json={"code": code, "pushName": "Pairing"})
    assert r.status_code == 200, r.text
    status = (await client.get("/api/sessions/pair/status")).json()["data"]
    assert status["status"] == "connected"
    assert status["phoneNumber"] == "34600000011"
    # A code works once.
    r = await client.post("/api/sandbox/link", json={"code": code})
    assert r.status_code == 404


async def test_restart_delete_and_contacts(client):
    await link_session(client, "rs", "34600000012")
    r = await client.post("/api/sessions/rs/restart")
    assert r.status_code == 200

    async def connected() -> bool:
        return (await client.get("/api/sessions/rs/status")).json()["data"]["status"] == "connected"

    await eventually(connected)
    contacts = (await client.get("/api/sessions/rs/contacts")).json()["data"]
    assert contacts == {"contacts": [], "total": 0, "source": "whatsapp"}

    r = await client.delete("/api/sessions/rs")
    assert r.status_code == 200
    assert (await client.get("/api/sessions/rs")).status_code == 404
    # Its number is free again for a new session.
    await link_session(client, "rs2", "34600000012")


async def test_a_number_links_to_one_session_at_a_time(client):
    await link_session(client, "owner", "34600000013")
    data = await create_session(client, "intruder")
    r = await client.post(
        "/api/sandbox/link", json={"qr": data["qrText"], "phoneNumber": "34600000013"}
    )
    assert r.status_code == 409
    assert r.json()["field"] == "phoneNumber"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"sessionId": "bad id/../x"}, "sessionId"),
        ({"sessionId": "ok", "webhookUrl": "ftp://example.com"}, "webhookUrl"),
        ({"sessionId": "ok", "webhookUrl": "http://169.254.169.254/latest"}, "webhookUrl"),
        ({"sessionId": "ok", "webhookEvents": ["message", "nope"]}, "webhookEvents"),
        ({"sessionId": "ok", "webhookSecret": ""}, "webhookSecret"),
        ({"sessionId": "ok", "phoneNumber": "12"}, "phoneNumber"),
        ({"sessionId": "x" * 101}, "sessionId"),
        ({"sessionId": "ok", "sessionName": "n" * 201}, "sessionName"),
        ({"sessionId": 42}, "sessionId"),
        ({"sessionId": "ok", "engine": "telegram"}, "engine"),
    ],
)
async def test_bad_session_bodies_name_the_field(client, body, field):
    r = await client.post("/api/sessions", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["code"] in ("VALIDATION_ERROR", "URL_NOT_ALLOWED")
    assert r.json()["field"] == field
    assert (await client.get("/api/sessions")).json()["data"]["total"] == 0


async def test_malformed_json_and_unknown_sessions(client):
    r = await client.post(
        "/api/sessions", content=b'{"sessionId": ', headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["code"] == "VALIDATION_ERROR"
    assert r.json()["field"] == "body"
    for method, path in (
        ("GET", "/api/sessions/nope"),
        ("GET", "/api/sessions/999999/status"),
        ("POST", "/api/sessions/nope/connect"),
        ("DELETE", "/api/sessions/nope"),
    ):
        r = await client.request(method, path)
        assert r.status_code == 404, path
        assert r.json()["code"] == "SESSION_NOT_FOUND"
    r = await client.get("/api/sessions", params={"limit": 1000})
    assert r.status_code == 400
    assert r.json()["field"] == "limit"
    r = await client.get("/api/sessions", params={"status": "bogus"})
    assert r.json()["field"] == "status"


async def test_health_and_openapi(client, anon):
    r = await anon.get("/health")
    assert r.status_code == 200
    assert r.json()["data"]["database"] == "ok"
    spec = (await anon.get("/openapi.json")).json()
    assert "/api/sessions/{id}/qr" in spec["paths"]
    assert (await anon.get("/api/docs")).status_code == 200

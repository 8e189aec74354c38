"""What a client can send ends in a 4xx naming the field, never a 500 (and never half done)."""

from __future__ import annotations

import pytest

from tests.support import create_session, link_session

JSON = {"Content-Type": "application/json"}
LONE = b'"\\ud800"'


@pytest.fixture
def settings_overrides():
    return {"crm_api_token": "operator-crm-token-0123456789"}


def raw(template: bytes) -> bytes:
    return template.replace(b"LONE", LONE)


async def test_lone_surrogates_in_free_form_fields(client):
    await link_session(client, "shop", "34600000001")
    r = await client.post(
        "/api/templates/organizations/1",
        json={"name": "hola", "body": "Hola {{nombre}}"},
    )
    assert r.status_code == 201, r.text
    template = r.json()["data"]["template"]["id"]
    cases = [
        ("POST", f"/api/templates/{template}/preview", b'{"variables": {"nombre": LONE}}'),
        (
            "POST",
            f"/api/templates/{template}/use",
            b'{"sessionId": "shop", "to": "34611111111", "variables": {"nombre": LONE}}',
        ),
        (
            "POST",
            f"/api/templates/{template}/use",
            b'{"sessionId": "shop", "to": [{"to": "34611111111", "variables": {"x": LONE}}]}',
        ),
        ("POST", f"/api/templates/{template}/preview", b'{"variables": {LONE: "x"}}'),
        ("PUT", "/api/handover/settings", b'{"messages": {"noAgent": LONE}}'),
        (
            "PUT",
            "/api/handover/sessions/shop/bot",
            b'{"options": [{"key": "1", "label": "Ventas", "keywords": [LONE]}]}',
        ),
        ("PUT", "/api/handover/sessions/shop/bot", b'{"menuKeywords": [LONE], "options": []}'),
        ("POST", "/api/messages/shop/send", b'{"to": "34611111111", "message": LONE}'),
        ("POST", "/api/sessions", b'{"sessionId": "x", "sessionName": LONE}'),
    ]
    for method, path, body in cases:
        r = await client.request(method, path, content=raw(body), headers=JSON)
        assert r.status_code == 400, (path, body, r.text)
        assert r.json()["code"] == "VALIDATION_ERROR", (path, r.text)
    # Nothing went to WhatsApp.
    chats = (await client.get("/api/messages/shop/chats")).json()["data"]
    assert chats.get("total", len(chats.get("chats", []))) == 0


async def test_moments_out_of_range(client):
    for since in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        r = await client.get("/api/webhooks/deliveries", params={"since": since})
        assert r.status_code == 400, r.text
        assert r.json()["field"] == "since"
        r = await client.post("/api/webhooks/replay", json={"since": since})
        assert r.status_code == 400, r.text
        assert r.json()["field"] == "since"
    r = await client.post(
        "/api/webhooks/replay",
        json={"since": "2026-01-01T00:00:00Z", "until": "0001-01-01T00:00:00+14:00"},
    )
    assert r.status_code == 400
    assert r.json()["field"] == "until"


async def test_a_crm_token_in_use_is_refused_the_same_way(client, other_org):
    token = "tenant-one-crm-token-0123456789"
    assert (await client.put("/api/handover/settings", json={"crmApiToken": token})).is_success
    answers = []
    for taken in (token, "operator-crm-token-0123456789"):
        r = await other_org.put("/api/handover/settings", json={"crmApiToken": taken})
        assert r.status_code == 409, r.text
        assert r.json()["field"] == "crmApiToken"
        answers.append(r.json()["error"])
    assert len(set(answers)) == 1
    # Setting one's own token again is fine.
    assert (await client.put("/api/handover/settings", json={"crmApiToken": token})).is_success


async def test_deleting_a_session_removes_its_files(app, client):
    await link_session(client, "shop", "34600000001")
    await create_session(client, "keep")
    media_dir = app.state.runtime.settings.media_dir
    r = await client.post(
        "/api/media/sessions/shop/upload",
        files={"file": ("a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
    )
    assert r.status_code in (200, 201), r.text
    r = await client.post("/api/status/sessions/shop", json={"type": "text", "text": "hola"})
    assert r.status_code == 201
    session_pk = (await client.get("/api/sessions/shop")).json()["data"]["session"]["id"]
    files = [p for p in media_dir.rglob("*") if p.is_file()]
    assert any(p.parent.name == str(session_pk) for p in files), files
    assert (await client.delete("/api/sessions/shop")).status_code == 200
    left = [p for p in media_dir.rglob("*") if p.is_file()]
    assert not any(str(session_pk) in p.relative_to(media_dir).parts for p in left), left

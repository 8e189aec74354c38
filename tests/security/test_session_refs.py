"""All-digit sessionIds: the name is looked up first, on every session route."""

from __future__ import annotations

from typing import Any

from tests.support import create_session, link_session


def _session_ids(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {v for k, v in value.items() if k == "sessionId" and isinstance(v, str)}
        return found.union(*(_session_ids(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_session_ids(v) for v in value))
    return set()


async def test_a_session_named_with_digits_is_the_one_reached(app, client):
    # Session "decoy" gets numeric id 1; session "1" gets another numeric id.
    await create_session(client, "decoy")
    named = await create_session(client, "1")
    assert named["id"] != 1

    r = await client.get("/api/sessions/1")
    assert r.json()["data"]["session"]["sessionId"] == "1"
    for path in ("/api/sessions/1/status", "/api/sessions/1/qr", "/api/sessions/1/frappe/status"):
        r = await client.get(path)
        assert r.status_code == 200, (path, r.text)
        assert r.json()["data"]["sessionId"] == "1", path
    r = await client.put("/api/sessions/1", json={"sessionName": "Customer 1"})
    assert r.json()["data"]["session"]["sessionId"] == "1"
    # The numeric id still reaches a session whose name is not all digits.
    r = await client.get(f"/api/sessions/{named['id']}")
    assert r.json()["data"]["session"]["sessionId"] == "1"

    for action in ("disconnect", "connect", "restart", "logout"):
        r = await client.post(f"/api/sessions/1/{action}")
        assert r.status_code in (200, 201), (action, r.text)
        assert _session_ids(r.json()) == {"1"}, (action, r.text)
    r = await client.post("/api/sessions/1/frappe/configure", json={"sendToFrappe": False})
    assert r.json()["data"]["sessionId"] == "1"
    r = await client.post("/api/sessions/1/pairing-code", json={"phoneNumber": "34600000099"})
    assert r.status_code in (200, 201), r.text
    assert _session_ids(r.json()) == {"1"}
    r = await client.delete("/api/sessions/1")
    assert r.status_code == 200
    assert r.json()["data"]["sessionId"] == "1"
    assert (await client.get("/api/sessions/decoy")).status_code == 200
    # Without a session named "1", 1 is the numeric id again.
    assert (await client.get("/api/sessions/1")).json()["data"]["session"]["sessionId"] == "decoy"


async def test_feature_routes_resolve_the_name_first(client):
    await create_session(client, "decoy")  # numeric id 1
    await link_session(client, "1", "34600000032")
    for path in (
        "/api/messages/1/chats",
        "/api/contacts/1",
        "/api/groups/sessions/1",
        "/api/status/sessions/1",
        "/api/handover/sessions/1/bot",
    ):
        r = await client.get(path)
        assert r.status_code == 200, (path, r.text)
    r = await client.post("/api/messages/1/send", json={"to": "34611111111", "message": "hola"})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["message"]["sessionId"] == "1"

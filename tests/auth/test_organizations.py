from __future__ import annotations

from tests.support import add_member, create_session
from tests.support.auth import bearer, login


async def admin_headers(anon) -> dict[str, str]:
    return bearer((await login(anon)).json()["data"]["accessToken"])


async def test_organization_crud_and_members(anon):
    h = await admin_headers(anon)
    r = await anon.post("/api/organizations", json={"name": "Acme Retail"}, headers=h)
    assert r.status_code == 201, r.text
    org = r.json()["data"]["organization"]
    assert org["slug"] == "acme-retail"

    listed = (await anon.get("/api/organizations", headers=h)).json()["data"]
    assert {o["id"] for o in listed["organizations"]} >= {org["id"]}

    r = await anon.put(f"/api/organizations/{org['id']}", json={"name": "Acme"}, headers=h)
    assert r.json()["data"]["organization"]["name"] == "Acme"

    await add_member(anon, org["id"], "agent@acme.com", "agent-password", headers=h)
    members = (await anon.get(f"/api/organizations/{org['id']}/members", headers=h)).json()["data"][
        "members"
    ]
    assert [m["email"] for m in members] == ["agent@acme.com"]

    # The member signs in and sees only their organization, and cannot manage it.
    member = bearer(
        (await login(anon, "agent@acme.com", "agent-password")).json()["data"]["accessToken"]
    )
    mine = (await anon.get("/api/organizations", headers=member)).json()["data"]["organizations"]
    assert [o["id"] for o in mine] == [org["id"]]
    r = await anon.post(
        f"/api/organizations/{org['id']}/api-keys", json={"name": "x"}, headers=member
    )
    assert r.status_code == 403
    assert r.json()["code"] == "FORBIDDEN"
    r = await anon.get("/api/organizations/1", headers=member)
    assert r.status_code == 404  # another organization is invisible, not forbidden

    r = await anon.delete(f"/api/organizations/{org['id']}", headers=h)
    assert r.status_code == 200
    assert (await anon.get(f"/api/organizations/{org['id']}", headers=h)).status_code == 404


async def test_api_keys_are_shown_once_stored_hashed_and_revocable(anon, app):
    h = await admin_headers(anon)
    r = await anon.post("/api/organizations/1/api-keys", json={"name": "crm"}, headers=h)
    assert r.status_code == 201
    created = r.json()["data"]["apiKey"]
    raw = created["key"]
    assert raw.startswith("ihk_") and created["prefix"] == raw[:12]

    keys = (await anon.get("/api/organizations/1/api-keys", headers=h)).json()["data"]["apiKeys"]
    assert all("key" not in k for k in keys)
    assert any(k["id"] == created["id"] for k in keys)

    # Only a hash is in the database.
    from sqlalchemy import text

    async with app.state.database.engine.connect() as conn:
        stored = (await conn.execute(text("SELECT key_hash FROM api_keys"))).scalars().all()
    assert raw not in stored and all(len(h_) == 64 for h_ in stored)

    assert (await anon.get("/api/sessions", headers={"X-API-Key": raw})).status_code == 200
    r = await anon.delete(f"/api/organizations/1/api-keys/{created['id']}", headers=h)
    assert r.json()["data"]["apiKey"]["isActive"] is False
    r = await anon.get("/api/sessions", headers={"X-API-Key": raw})
    assert r.status_code == 401
    assert r.json()["code"] == "INVALID_API_KEY"


async def test_a_key_never_sees_another_organizations_sessions(anon, client):
    h = await admin_headers(anon)
    other = (await anon.post("/api/organizations", json={"name": "Other"}, headers=h)).json()[
        "data"
    ]["organization"]
    other_key = (
        await anon.post(f"/api/organizations/{other['id']}/api-keys", json={"name": "k"}, headers=h)
    ).json()["data"]["apiKey"]["key"]
    mine = await create_session(client, "tenant_a")
    theirs = {"X-API-Key": other_key}

    assert (await anon.get("/api/sessions", headers=theirs)).json()["data"]["total"] == 0
    for path in (
        f"/api/sessions/{mine['id']}",
        "/api/sessions/tenant_a",
        "/api/sessions/tenant_a/status",
        "/api/sessions/tenant_a/qr",
    ):
        r = await anon.get(path, headers=theirs)
        assert r.status_code == 404, path
        assert r.json()["code"] == "SESSION_NOT_FOUND"
    r = await anon.delete("/api/sessions/tenant_a", headers=theirs)
    assert r.status_code == 404
    # The QR of another organization's session cannot link it either.
    r = await anon.post(
        "/api/sandbox/link",
        json={"qr": mine["qrText"], "phoneNumber": "34600000009"},
        headers=theirs,
    )
    assert r.status_code == 404
    assert (await client.get("/api/sessions/tenant_a/status")).json()["data"]["status"] == "qr_code"


async def test_a_deleted_organizations_key_stops_working_at_once(anon):
    h = await admin_headers(anon)
    org = (await anon.post("/api/organizations", json={"name": "Gone"}, headers=h)).json()["data"][
        "organization"
    ]
    key = (
        await anon.post(f"/api/organizations/{org['id']}/api-keys", json={"name": "k"}, headers=h)
    ).json()["data"]["apiKey"]["key"]
    assert (await anon.get("/api/sessions", headers={"X-API-Key": key})).status_code == 200
    assert (await anon.delete(f"/api/organizations/{org['id']}", headers=h)).status_code == 200
    r = await anon.get("/api/sessions", headers={"X-API-Key": key})
    assert r.status_code == 401
    assert r.json()["code"] == "INVALID_API_KEY"

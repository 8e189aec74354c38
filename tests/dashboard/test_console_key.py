"""The console's own endpoints: console keys for users signed in with a password, and the info."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import create_async_engine

from inboxhub.auth.models import ApiKey
from inboxhub.db import utcnow
from tests.support import add_member
from tests.support.auth import ADMIN_EMAIL, ADMIN_PASSWORD, API_KEY


async def login(anon, email=ADMIN_EMAIL, password=ADMIN_PASSWORD) -> str:
    r = await anon.post("/api/auth/login", json={"identifier": email, "password": password})
    assert r.status_code == 200, r.text
    token: str = r.json()["data"]["accessToken"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_console_key_works_on_whatsapp_routes_until_revoked(anon):
    token = await login(anon)
    r = await anon.post("/api/auth/console-key", headers=bearer(token), json={})
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    key = data["apiKey"]["key"]
    assert key.startswith("ihk_")
    assert data["apiKey"]["expiresAt"].endswith("Z")
    assert data["organization"]["role"] == "owner"

    sessions = await anon.get("/api/sessions", headers={"X-API-Key": key})
    assert sessions.status_code == 200, sessions.text

    r = await anon.delete(f"/api/auth/console-key/{data['apiKey']['id']}", headers=bearer(token))
    assert r.status_code == 200
    assert r.json()["data"]["revoked"] is True
    refused = await anon.get("/api/sessions", headers={"X-API-Key": key})
    assert refused.status_code == 401
    assert refused.json()["code"] == "INVALID_API_KEY"


async def test_console_key_needs_a_user_token(anon):
    r = await anon.post("/api/auth/console-key", headers={"X-API-Key": API_KEY})
    assert r.status_code == 401
    assert r.json()["code"] == "MISSING_TOKEN"
    r = await anon.post("/api/auth/console-key", headers=bearer("not-a-jwt"))
    assert r.status_code == 401
    assert r.json()["code"] == "INVALID_TOKEN"


async def test_console_key_for_an_organization_of_the_user_only(anon, client):
    token = await login(anon)
    other = await anon.post("/api/organizations", headers=bearer(token), json={"name": "Other"})
    assert other.status_code == 201
    other_id = other.json()["data"]["organization"]["id"]
    await add_member(anon, other_id, "agent@example.com", "agent-password-1", headers=bearer(token))

    agent = await login(anon, "agent@example.com", "agent-password-1")
    # A plain member gets a key for the organization they belong to…
    r = await anon.post("/api/auth/console-key", headers=bearer(agent), json={})
    assert r.status_code == 201, r.text
    assert r.json()["data"]["organization"]["id"] == other_id
    key = r.json()["data"]["apiKey"]["key"]
    info = await anon.get("/api/dashboard/info", headers={"X-API-Key": key})
    assert info.json()["data"]["organizationId"] == other_id
    # …and the first organization's sessions stay invisible to it.
    await client.post("/api/sessions", json={"sessionId": "first_org_only"})
    r = await anon.get("/api/sessions/first_org_only", headers={"X-API-Key": key})
    assert r.status_code == 404
    assert r.json()["code"] == "SESSION_NOT_FOUND"

    # …but not for one they are not a member of.
    first_org = (await client.get("/api/dashboard/info")).json()["data"]["organizationId"]
    r = await anon.post(
        "/api/auth/console-key", headers=bearer(agent), json={"organizationId": first_org}
    )
    assert r.status_code == 404
    assert r.json()["field"] == "organizationId"


async def test_bad_organization_id_is_a_validation_error(anon):
    token = await login(anon)
    for bad in ("abc", 0, -3):
        r = await anon.post(
            "/api/auth/console-key", headers=bearer(token), json={"organizationId": bad}
        )
        assert r.status_code == 400, r.text
        assert r.json()["code"] == "VALIDATION_ERROR"
        assert r.json()["field"] == "organizationId"


async def test_only_own_console_keys_can_be_revoked(anon, client):
    token = await login(anon)
    # The bootstrap key is not a console key: this endpoint cannot touch it.
    bootstrap_key = (await client.get("/api/dashboard/info")).json()["data"]
    assert bootstrap_key
    for key_id in (1, 999_999):
        r = await anon.delete(f"/api/auth/console-key/{key_id}", headers=bearer(token))
        assert r.status_code == 404
        assert r.json()["field"] == "keyId"
    assert (await client.get("/api/sessions")).status_code == 200


async def test_keys_outliving_their_sign_in_are_revoked_at_the_next_one(anon, database_url):
    token = await login(anon)
    first = (await anon.post("/api/auth/console-key", headers=bearer(token))).json()["data"]
    old_key = first["apiKey"]["key"]
    assert (await anon.get("/api/sessions", headers={"X-API-Key": old_key})).status_code == 200

    # The tab was closed without signing out, two days ago.
    engine = create_async_engine(database_url)
    async with engine.begin() as conn:
        await conn.execute(
            update(ApiKey)
            .where(ApiKey.id == first["apiKey"]["id"])
            .values(created_at=utcnow() - timedelta(days=2))
        )
    await engine.dispose()

    second = await anon.post("/api/auth/console-key", headers=bearer(token))
    assert second.status_code == 201
    assert (await anon.get("/api/sessions", headers={"X-API-Key": old_key})).status_code == 401
    new_key = second.json()["data"]["apiKey"]["key"]
    assert (await anon.get("/api/sessions", headers={"X-API-Key": new_key})).status_code == 200

from __future__ import annotations

import pytest

from tests.conftest import ADMIN_EMAIL
from tests.support import create_session


@pytest.mark.parametrize("settings_overrides", [{"rate_limit_auth": "5/15minute"}])
async def test_logins_are_limited_per_address(anon, settings_overrides):
    for _ in range(5):
        r = await anon.post(
            "/api/auth/login", json={"identifier": ADMIN_EMAIL, "password": "wrong"}
        )
        assert r.status_code == 401
    r = await anon.post("/api/auth/login", json={"identifier": ADMIN_EMAIL, "password": "wrong"})
    assert r.status_code == 429
    assert r.json()["code"] == "RATE_LIMIT_EXCEEDED"
    assert int(r.headers["Retry-After"]) > 0


@pytest.mark.parametrize("settings_overrides", [{"rate_limit_session": "3/minute"}])
async def test_requests_are_limited_per_session(client, settings_overrides):
    await create_session(client, "busy")
    await create_session(client, "quiet")
    for _ in range(3):
        assert (await client.get("/api/sessions/busy/status")).status_code == 200
    r = await client.get("/api/sessions/busy/status")
    assert r.status_code == 429
    assert r.json()["code"] == "RATE_LIMIT_EXCEEDED"
    assert "Retry-After" in r.headers
    # Another session has its own budget.
    assert (await client.get("/api/sessions/quiet/status")).status_code == 200


@pytest.mark.parametrize("settings_overrides", [{"rate_limit_user": "2/15minute"}])
async def test_jwt_routes_are_limited_per_user(anon, settings_overrides):
    from tests.conftest import ADMIN_PASSWORD

    token = (
        await anon.post(
            "/api/auth/login", json={"identifier": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        )
    ).json()["data"]["accessToken"]
    headers = {"Authorization": f"Bearer {token}"}
    assert (await anon.get("/api/auth/me", headers=headers)).status_code == 200
    assert (await anon.get("/api/organizations", headers=headers)).status_code == 200
    r = await anon.get("/api/auth/me", headers=headers)
    assert r.status_code == 429
    assert r.json()["code"] == "RATE_LIMIT_EXCEEDED"

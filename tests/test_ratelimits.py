from __future__ import annotations

import pytest

from tests.support import create_session
from tests.support.auth import ADMIN_EMAIL


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
    from tests.support.auth import ADMIN_PASSWORD

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


def _from(app, address):
    import httpx

    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://gateway.test")


@pytest.mark.parametrize("settings_overrides", [{"rate_limit_auth": "3/15minute"}])
async def test_the_login_limit_counts_failures_only(app, anon, settings_overrides):
    from tests.support.auth import ADMIN_PASSWORD

    right = {"identifier": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    for _ in range(6):  # signing in often is not an attack
        assert (await anon.post("/api/auth/login", json=right)).status_code == 200
    # One account guessed from many addresses: stopped after 3 failures, wherever they come from.
    answers = []
    for n in range(4):
        async with _from(app, f"198.51.100.{n}") as http:
            wrong = {"identifier": ADMIN_EMAIL.upper(), "password": f"guess-{n}"}
            answers.append((await http.post("/api/auth/login", json=wrong)).status_code)
    assert answers == [401, 401, 401, 429]
    async with _from(app, "198.51.100.9") as http:
        refused = await http.post("/api/auth/login", json=right)
    assert refused.status_code == 429
    assert "account" in refused.json()["error"]
    # Many accounts guessed from one address: stopped by the address's count.
    async with _from(app, "203.0.113.5") as http:
        for n in range(3):
            wrong = {"identifier": f"user{n}@example.com", "password": "guess"}
            assert (await http.post("/api/auth/login", json=wrong)).status_code == 401
        last = await http.post(
            "/api/auth/login", json={"identifier": "x@example.com", "password": "guess"}
        )
        assert last.status_code == 429
        assert int(last.headers["Retry-After"]) > 0

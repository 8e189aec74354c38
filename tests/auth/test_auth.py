from __future__ import annotations

from tests.support.auth import ADMIN_EMAIL, API_KEY, bearer, login


async def test_login_returns_token_pair_and_me(anon):
    r = await login(anon)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["expiresIn"] == "24h"
    assert data["accessToken"] and data["refreshToken"]
    me = await anon.get("/api/auth/me", headers=bearer(data["accessToken"]))
    assert me.status_code == 200
    user = me.json()["data"]["user"]
    assert user["email"] == ADMIN_EMAIL
    assert user["organizations"][0]["slug"] == "default"


async def test_wrong_password_and_unknown_user_look_the_same(anon):
    bad = await login(anon, password="nope")
    unknown = await login(anon, email="ghost@example.com")
    assert bad.status_code == unknown.status_code == 401
    assert bad.json()["code"] == unknown.json()["code"] == "INVALID_CREDENTIALS"
    assert bad.json()["error"] == unknown.json()["error"]


async def test_refresh_rotates_and_old_refresh_token_dies(anon):
    tokens = (await login(anon)).json()["data"]
    r = await anon.post("/api/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
    assert r.status_code == 200
    assert r.json()["data"]["accessToken"]
    again = await anon.post("/api/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
    assert again.status_code == 401
    assert again.json()["code"] == "INVALID_TOKEN"
    # An access token is not a refresh token.
    wrong = await anon.post("/api/auth/refresh", json={"refreshToken": tokens["accessToken"]})
    assert wrong.json()["code"] == "INVALID_TOKEN"


async def test_logout_revokes_the_access_token(anon):
    tokens = (await login(anon)).json()["data"]
    r = await anon.post(
        "/api/auth/logout",
        headers=bearer(tokens["accessToken"]),
        json={"refreshToken": tokens["refreshToken"]},
    )
    assert r.status_code == 200
    me = await anon.get("/api/auth/me", headers=bearer(tokens["accessToken"]))
    assert me.status_code == 401
    assert me.json()["code"] == "INVALID_TOKEN"
    refreshed = await anon.post("/api/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
    assert refreshed.status_code == 401


async def test_missing_and_malformed_tokens(anon):
    r = await anon.get("/api/auth/me")
    assert r.status_code == 401
    assert r.json()["code"] == "MISSING_TOKEN"
    r = await anon.get("/api/auth/me", headers=bearer("not.a.jwt"))
    assert r.json()["code"] == "INVALID_TOKEN"


async def test_whatsapp_routes_take_only_api_keys(anon):
    tokens = (await login(anon)).json()["data"]
    r = await anon.get("/api/sessions", headers=bearer(tokens["accessToken"]))
    assert r.status_code == 401
    assert r.json()["code"] == "MISSING_API_KEY"
    r = await anon.get("/api/sessions", headers={"X-API-Key": "ihk_wrong"})
    assert r.json()["code"] == "INVALID_API_KEY"
    r = await anon.get("/api/sessions", headers={"X-API-Key": API_KEY})
    assert r.status_code == 200


async def test_error_envelope_shape(anon):
    body = (await anon.get("/api/sessions")).json()
    assert body["success"] is False
    assert set(body) >= {"error", "code", "timestamp", "message"}
    assert body["timestamp"].endswith("Z")

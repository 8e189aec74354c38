"""The credentials every test's gateway is bootstrapped with, and signing in with them."""

from __future__ import annotations

import httpx

API_KEY = "ihk_test_" + "k" * 40
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "correct-horse-battery"


async def login(
    anon: httpx.AsyncClient, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD
) -> httpx.Response:
    return await anon.post("/api/auth/login", json={"identifier": email, "password": password})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def admin_token(anon: httpx.AsyncClient) -> str:
    response = await login(anon)
    assert response.status_code == 200, response.text
    token: str = response.json()["data"]["accessToken"]
    return token

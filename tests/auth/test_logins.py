"""Logins: logout ends the login, refresh tokens included; API key lengths and prefixes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from inboxhub.cli import app as cli
from inboxhub.config import Settings
from tests.support.auth import bearer, login


async def test_logout_ends_every_refresh_token_of_the_login(anon):
    tokens = (await login(anon)).json()["data"]
    rotated = (
        await anon.post("/api/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
    ).json()["data"]
    other = (await login(anon)).json()["data"]  # another login of the same user
    r = await anon.post("/api/auth/logout", headers=bearer(tokens["accessToken"]))
    assert r.status_code == 200
    for refresh in (rotated["refreshToken"],):
        refused = await anon.post("/api/auth/refresh", json={"refreshToken": refresh})
        assert refused.status_code == 401
        assert refused.json()["code"] == "INVALID_TOKEN"
    refused = await anon.get("/api/auth/me", headers=bearer(rotated["accessToken"]))
    assert refused.status_code == 401
    # The other login goes on.
    assert (
        await anon.post("/api/auth/refresh", json={"refreshToken": other["refreshToken"]})
    ).is_success


def test_a_short_configured_api_key_is_refused_at_start(tmp_path):
    with pytest.raises(ValidationError) as caught:
        Settings(api_key="too-short-key", data_dir=tmp_path)
    assert "too-short-key" not in str(caught.value)
    result = CliRunner().invoke(
        cli, ["serve"], env={"INBOXHUB_API_KEY": "short", "INBOXHUB_DATA_DIR": str(tmp_path)}
    )
    assert result.exit_code == 1
    assert "INBOXHUB_API_KEY" in result.output and "32 characters" in result.output
    assert "short" not in result.output.replace("String should have at least", "")


async def test_a_key_prefix_is_never_the_whole_secret(anon, client):
    admin = bearer((await login(anon)).json()["data"]["accessToken"])
    r = await anon.post("/api/organizations/1/api-keys", json={"name": "crm"}, headers=admin)
    created = r.json()["data"]["apiKey"]
    assert created["key"].startswith(created["prefix"])
    assert len(created["prefix"]) <= len(created["key"]) // 3
    listed = (await anon.get("/api/organizations/1/api-keys", headers=admin)).json()["data"]
    for key in listed["apiKeys"]:
        assert 0 < len(key["prefix"]) <= 12

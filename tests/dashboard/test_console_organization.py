"""The organization in a real browser: API keys (shown once, revoked) and members."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.helpers import api_client, go, sign_in, sign_in_with_key
from tests.support.auth import API_KEY

async_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
expect = async_api.expect
expect.set_options(timeout=15_000)


async def test_an_api_key_is_created_shown_once_and_revoked(page, gateway, screenshot):
    await sign_in(page)
    await go(page, "API keys")
    await expect(page.locator("tr", has_text="this console")).to_be_visible()
    await page.get_by_role("button", name="New API key").click()
    await page.get_by_role("dialog").get_by_label("Name").fill("CRM producción")
    await page.get_by_role("dialog").get_by_role("button", name="Create key").click()
    shown = page.get_by_role("dialog").get_by_label("New API key")
    await expect(shown).to_have_value(re.compile(r"^ihk_"))
    key = await shown.input_value()
    assert key.startswith("ihk_")
    await expect(page.get_by_text("it is shown only this once")).to_be_visible()
    await page.get_by_role("button", name="I have saved it").click()

    row = page.locator("tr", has_text="CRM producción")
    await expect(row).to_contain_text(key[:8])
    await expect(row).not_to_contain_text(key[12:])  # the secret is never shown again
    async with api_client(gateway, key) as api:
        assert (await api.get("/api/sessions")).status_code == 200
        await expect(row).to_contain_text("Active")
        await screenshot(page, "api-keys")

        await row.get_by_role("button", name="Revoke").click()
        await page.get_by_role("dialog").get_by_role("button", name="Revoke").click()
        await expect(row).to_contain_text("Revoked")
        assert (await api.get("/api/sessions")).status_code == 401
    # The console's own key cannot be revoked from here (that would sign it out).
    await expect(
        page.locator("tr", has_text="this console").get_by_role("button", name="Revoke")
    ).to_have_count(0)


async def test_members_are_added_given_a_role_and_removed(page, gateway, screenshot):
    await sign_in(page)
    await go(page, "Members")
    await expect(page.get_by_role("heading", name="Members of Default")).to_be_visible()
    await page.get_by_role("button", name="Add member").click()
    dialog = page.get_by_role("dialog")
    # Nobody joins without accepting: the member is invited, the code shown once.
    await dialog.get_by_label("Email").fill("marta@example.com")
    await dialog.get_by_role("button", name="Add member").click()
    await expect(page.get_by_text("marta@example.com is invited as member")).to_be_visible()
    token = await page.locator(".invitation-token").inner_text()
    async with api_client(gateway, API_KEY) as api:
        accepted = await api.post(
            "/api/auth/invitations/accept",
            json={"token": token, "password": "marta-password-1", "name": "Marta Gil"},
        )
        assert accepted.status_code == 200, accepted.text
    await go(page, "API keys")
    await go(page, "Members")
    row = page.locator("tr", has_text="marta@example.com")
    await expect(row).to_contain_text("Marta Gil")
    await row.get_by_label("Role of marta@example.com").select_option("admin")
    await expect(page.get_by_text("marta@example.com is now admin")).to_be_visible()
    await screenshot(page, "members")

    # The new member signs in with the role given.
    async with api_client(gateway, API_KEY) as api:
        login = await api.post(
            "/api/auth/login",
            json={"identifier": "marta@example.com", "password": "marta-password-1"},
        )
        orgs = login.json()["data"]["user"]["organizations"]
        assert [(o["name"], o["role"]) for o in orgs] == [("Default", "admin")]

    await row.get_by_role("button", name="Remove").click()
    await page.get_by_role("dialog").get_by_role("button", name="Remove").click()
    await expect(row).to_have_count(0)


async def test_an_api_key_sign_in_names_the_organization_and_cannot_manage_keys(page, gateway):
    await sign_in_with_key(page, API_KEY)
    await expect(page.locator("#org-name")).to_have_text("Default")
    await go(page, "API keys")
    await expect(
        page.get_by_text("Sign in with email and password to manage API keys")
    ).to_be_visible()
    await expect(page.get_by_role("button", name="New API key")).to_be_disabled()
    await go(page, "Members")
    await expect(
        page.get_by_text("Sign in with email and password to manage members")
    ).to_be_visible()

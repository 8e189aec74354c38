"""A session's settings in a real browser: rename it, change its webhook, remove it."""

from __future__ import annotations

import pytest

from tests.dashboard.helpers import api_client, sign_in, stored_key
from tests.support import link_session
from tests.webhooks.receiver import Receiver

async_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
expect = async_api.expect
expect.set_options(timeout=15_000)


@pytest.fixture
async def crm():
    receiver = await Receiver().start()
    try:
        yield receiver
    finally:
        await receiver.stop()


async def test_session_settings_edit_and_remove_the_webhook(page, gateway, crm, screenshot):
    await sign_in(page)
    async with api_client(gateway, await stored_key(page)) as api:
        await link_session(api, "tienda", "34600000001", webhookUrl="http://127.0.0.1:9/old")
        await page.goto("/dashboard#/sessions/tienda")
        form = page.get_by_role("form", name="Settings")
        await expect(form.get_by_label("Webhook URL")).to_have_value("http://127.0.0.1:9/old")
        await expect(form.get_by_label("Everything")).to_be_checked()

        # A bad address is refused, naming the field, and nothing changes.
        await form.get_by_label("Webhook URL").fill("ftp://crm.example.com/hook")
        await form.get_by_role("button", name="Save settings").click()
        await expect(form.get_by_role("alert")).to_contain_text("webhookUrl")

        await form.get_by_label("Name").fill("Tienda Centro")
        await form.get_by_label("Webhook URL").fill(crm.url)
        await form.get_by_label("Webhook secret").fill("nuevo-secreto")
        await form.get_by_label("Everything").uncheck()
        await form.get_by_label("Messages").check()
        await form.get_by_role("button", name="Save settings").click()
        await expect(page.get_by_text("Settings saved")).to_be_visible()
        await expect(page.locator("h1")).to_contain_text("Tienda Centro")
        session = (await api.get("/api/sessions/tienda")).json()["data"]["session"]
        assert session["sessionName"] == "Tienda Centro"
        assert session["webhookUrl"] == crm.url
        assert session["webhookEvents"] == ["message"]
        assert session["hasWebhookSecret"] is True
        await expect(form.get_by_text("A secret is set")).to_be_visible()
        await screenshot(page, "session-settings", full_page=True)

        # The new webhook works: the test ping is signed with the new secret.
        await page.get_by_role("button", name="Send a test webhook").click()
        await expect(page.get_by_text("Test delivered: HTTP 200")).to_be_visible()
        assert crm.accepted[-1].headers["x-webhook-signature"].startswith("sha256=")

        await form.get_by_role("button", name="Remove webhook").click()
        await page.get_by_role("dialog").get_by_role("button", name="Remove webhook").click()
        await expect(page.get_by_text("Webhook removed")).to_be_visible()
        await expect(form.get_by_label("Webhook URL")).to_have_value("")
        await expect(form.get_by_role("button", name="Remove webhook")).to_be_hidden()
        session = (await api.get("/api/sessions/tienda")).json()["data"]["session"]
        assert session["webhookUrl"] is None
        assert session["hasWebhookSecret"] is False

"""Webhooks in a real browser: a CRM that is down, its dead letters, redelivery and replay."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.dashboard.helpers import api_client, sign_in, stored_key
from tests.support import eventually
from tests.webhooks.receiver import Receiver

async_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
expect = async_api.expect
expect.set_options(timeout=15_000)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # Four quick attempts, then the delivery is dead-lettered.
    return {
        "webhook_retry_schedule": [0.05, 0.05, 0.05],
        "webhook_retry_jitter": 0.0,
        "webhook_timeout_seconds": 1.0,
        "webhook_poll_interval_seconds": 0.2,
    }


@pytest.fixture
async def crm() -> Any:
    """The CRM's endpoint: down (HTTP 500) until the test brings it up."""
    state = {"up": False}
    receiver = await Receiver(lambda _: 200 if state["up"] else 500).start()
    receiver.state = state  # type: ignore[attr-defined]
    try:
        yield receiver
    finally:
        await receiver.stop()


async def dead_letters_once_settled(api: httpx.AsyncClient) -> list[dict[str, Any]]:
    """Every delivery dead-lettered, once none is in flight and the message's has failed too."""

    async def settled() -> list[dict[str, Any]] | None:
        pending = (await api.get("/api/webhooks/deliveries", params={"status": "pending"})).json()
        failed = (await api.get("/api/webhooks/dead-letters")).json()["data"]["deliveries"]
        done = pending["data"]["total"] == 0
        return failed if done and any(d["event"] == "message.received" for d in failed) else None

    result: list[dict[str, Any]] = await eventually(settled, timeout=15, interval=0.2)
    return result


async def test_a_failed_delivery_is_seen_and_redelivered(page, gateway, crm, screenshot):
    await sign_in(page)
    # The session is created from the console, with the CRM's URL as its webhook…
    await page.get_by_role("button", name="New session").first.click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_label("Name").fill("Tienda Madrid")
    await dialog.get_by_label("Session ID").fill("tienda")
    await dialog.get_by_label("Webhook URL").fill(crm.url)
    await dialog.get_by_label("Webhook secret").fill("s3cret")
    await dialog.get_by_role("button", name="Create and show QR").click()
    # …linked from the virtual phone, and a customer writes to it.
    await expect(page.get_by_role("img", name="QR code to link session tienda")).to_be_visible()
    await page.get_by_label("This phone's number").fill("34600000001")
    await page.get_by_role("button", name="Scan the QR code").click()
    await expect(page.locator("h1 .badge")).to_have_text("Connected")
    await page.get_by_label("From", exact=True).fill("34611111111")
    await page.get_by_label("Message", exact=True).fill("Hola, ¿está listo mi pedido?")
    await page.get_by_role("button", name="Send to the session").click()

    api = api_client(gateway, await stored_key(page))
    async with api:
        failed = await dead_letters_once_settled(api)
        message = next(d for d in failed if d["event"] == "message.received")

        await (
            page.get_by_role("navigation", name="Main").get_by_role("link", name="Webhooks").click()
        )
        subscriber = page.locator("tr", has_text="Session tienda")
        await expect(subscriber).to_contain_text(crm.url)
        await expect(subscriber).to_contain_text("Failing since")

        await page.get_by_label("Status", exact=True).select_option(label="Dead letter")
        await page.get_by_role("button", name="Apply").click()
        row = page.locator(f'tr[data-delivery-id="{message["id"]}"]')
        await expect(row.locator(".badge")).to_have_text("Dead letter")
        await expect(row).to_contain_text("HTTP 500")
        await row.get_by_role("button", name="Details").click()
        details = page.locator(".delivery-details")
        await expect(details.locator(".attempts > li")).to_have_count(4)
        await expect(details).to_contain_text(message["eventId"])
        await screenshot(page, "webhooks", full_page=True)

        # The CRM is back: one click sends the message again, with the same event id.
        crm.state["up"] = True
        await row.get_by_role("button", name="Redeliver").click()
        again = page.locator("tbody tr[data-delivery-id]").first
        await expect(again.locator(".badge")).to_have_text("Delivered")
        await expect(again).to_contain_text("HTTP 200")
        assert crm.accepted_ids() == [message["eventId"]]
        body = crm.accepted[0].json()
        assert body["data"]["message"]["content"] == "Hola, ¿está listo mi pedido?"

        # The rest of the dead letters go again with one replay.
        await page.get_by_role("button", name="Replay").click()
        await expect(page.get_by_text(f"{len(failed) - 1} deliveries queued again")).to_be_visible()
        await crm.wait_for(len(failed))
        assert set(crm.accepted_ids()) == {d["eventId"] for d in failed}
        await expect(page.locator(".badge", has_text="Delivered")).to_have_count(len(failed))
        await expect(subscriber).to_contain_text("Healthy")
        await screenshot(page, "webhooks-redelivered", full_page=True)

        # The session's page tests its webhook on demand.
        await page.goto("/dashboard#/sessions/tienda")
        await page.get_by_role("button", name="Send a test webhook").click()
        await expect(page.get_by_text(re.compile(r"Test delivered: HTTP 200"))).to_be_visible()
        assert crm.accepted[-1].json()["event"] == "webhook.test"
        assert crm.accepted[-1].headers["x-webhook-signature"].startswith("sha256=")


async def test_an_organization_webhook_is_added_and_tested(page, gateway, crm):
    crm.state["up"] = True
    await sign_in(page)
    await page.goto("/dashboard#/webhooks")
    await expect(page.get_by_text("No webhooks yet")).to_be_visible()
    form = page.get_by_role("form", name="Add an organization webhook")
    await form.get_by_label("Name").fill("CRM Frappe")
    await form.get_by_label("URL").fill(crm.url)
    await form.get_by_label("Secret").fill("crm-signing-secret")
    await form.get_by_label("Messages").check()
    await form.get_by_label("Everything").uncheck()
    await form.get_by_role("button", name="Add webhook").click()
    row = page.locator("tr", has_text="CRM Frappe")
    await expect(row).to_contain_text("message")
    await row.get_by_role("button", name="Send test").click()
    await expect(page.get_by_text(re.compile(r"Test delivered: HTTP 200"))).to_be_visible()
    assert crm.accepted[0].json()["event"] == "webhook.test"

    # Edited in place: a new name and one more kind of event; the secret left blank is kept.
    await row.get_by_role("button", name="Edit").click()
    editor = page.get_by_role("form", name="Edit webhook CRM Frappe")
    await expect(editor.get_by_label("URL")).to_have_value(crm.url)
    await expect(editor.get_by_label("Messages")).to_be_checked()
    await editor.get_by_label("Name").fill("CRM Frappe ventas")
    await editor.get_by_label("Delivery ticks").check()
    await editor.get_by_role("button", name="Save webhook").click()
    await expect(page.get_by_text("Webhook saved")).to_be_visible()
    row = page.locator("tr", has_text="CRM Frappe ventas")
    await expect(row).to_contain_text("message, message_status")
    await expect(form.get_by_role("button", name="Add webhook")).to_be_visible()
    async with api_client(gateway, await stored_key(page)) as api:
        [saved] = (await api.get("/api/webhooks/subscriptions")).json()["data"]["subscriptions"]
    assert saved["name"] == "CRM Frappe ventas" and saved["url"] == crm.url
    assert saved["events"] == ["message", "message_status"] and saved["hasSecret"] is True

    # A bad URL is refused with the field named, and nothing is added.
    await form.get_by_label("URL").fill("ftp://crm.example.com/hook")
    await form.get_by_role("button", name="Add webhook").click()
    await expect(form.get_by_role("alert")).to_contain_text("url")
    await expect(page.locator("tr", has_text="ftp://")).to_have_count(0)

    # Deleted: it stops hearing events.
    await row.get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_contain_text("Delete webhook CRM Frappe ventas?")
    await dialog.get_by_role("button", name="Delete").click()
    await expect(page.get_by_text("Webhook deleted")).to_be_visible()
    await expect(page.get_by_text("No webhooks yet")).to_be_visible()

"""The webhook inspector in a real browser: a customer writes from the virtual phone in one tab,
and the signed message.received appears live in the inspector open in another."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.dashboard.helpers import (
    api_client,
    go,
    polled,
    sign_in,
    sign_in_with_key,
    stored_key,
)
from tests.support import eventually, link_session

async_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
expect = async_api.expect
expect.set_options(timeout=15_000)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"webhook_poll_interval_seconds": 0.2, "webhook_retry_jitter": 0.0}


async def settled(api: httpx.AsyncClient) -> None:
    """No webhook delivery in flight."""

    async def none_pending() -> bool:
        r = await api.get("/api/webhooks/deliveries", params={"status": "pending"})
        return bool(r.json()["data"]["pagination"]["total"] == 0)

    await eventually(none_pending, timeout=15)


async def test_a_signed_message_arrives_live_and_is_inspected(page, gateway, screenshot):
    await sign_in(page)
    key = await stored_key(page)
    async with api_client(gateway, key) as api:
        hook = (await api.get("/api/webhooks/inspector")).json()["data"]
        # A session with the capture URL as its webhook and a secret, and one without a secret.
        await link_session(api, "tienda", "34600000001", webhookUrl=hook["url"], webhookSecret="s3")
        await link_session(api, "kiosko", "34600000002", webhookUrl=hook["url"])
        # Linking them was delivered too: once that is done, start from an empty inspector.
        await settled(api)
        await api.delete("/api/webhooks/inspector/captures")

        await go(page, "Inspector")
        await expect(page.get_by_role("heading", name="Webhook inspector")).to_be_visible()
        await expect(page.get_by_role("textbox", name="Capture URL")).to_have_value(hook["url"])
        await expect(page.locator(".subscribed")).to_contain_text("session tienda")
        await expect(page.get_by_text("Nothing captured yet")).to_be_visible()
        await expect(page.locator("#live-indicator")).to_have_text("Live")
        # Whatever arrives from now on must come without a reload.
        await page.evaluate("window.notReloaded = true")

        # A second tab plays the customer, on the session's virtual phone.
        phone = await page.context.new_page()
        await sign_in_with_key(phone, key)
        await phone.goto("/dashboard#/sessions/tienda")
        await phone.get_by_label("From", exact=True).fill("34611111111")
        await phone.get_by_label("Message", exact=True).fill("Hola, ¿está listo mi pedido?")
        await phone.get_by_role("button", name="Send to the session").click()

        row = page.locator("tr[data-capture-id]", has_text="message.received").filter(
            has_text="tienda"
        )
        await expect(row).to_have_count(1)
        await expect(row.locator(".signature")).to_have_text("Valid signature")
        await expect(row).to_contain_text("HTTP 200")

        # The session without a secret: its webhook is captured, and marked as not checkable.
        sent = await api.post(
            "/api/sandbox/messages",
            json={"from": "34622222222", "to": "kiosko", "message": "¿Abrís el domingo?"},
        )
        assert sent.status_code == 200, sent.text
        unsigned = page.locator("tr[data-capture-id]", has_text="message.received").filter(
            has_text="kiosko"
        )
        await expect(unsigned.locator(".signature")).to_have_text("No secret")
        # Newest first.
        await expect(page.locator("tr[data-capture-id]").first).to_contain_text("kiosko")
        assert await page.evaluate("window.notReloaded") is True

        # Opening it shows the signature checks, the headers and the pretty-printed body.
        await row.get_by_role("button").click()
        details = page.locator(".capture-details")
        await expect(details.locator(".signature-box")).to_contain_text("Valid signature")
        await expect(details.locator(".signature-box")).to_contain_text("session tienda")
        await expect(details.locator(".checks li")).to_have_count(3)
        await expect(details.get_by_role("row", name="x-webhook-signature")).to_contain_text(
            "sha256="
        )
        body = details.get_by_label("Body")
        await expect(body).to_contain_text('"event": "message.received"')
        await expect(body).to_contain_text('"content": "Hola, ¿está listo mi pedido?"')
        await screenshot(page, "inspector", full_page=True)

        # Clear all: the list empties and so does the API's.
        await page.get_by_role("button", name="Clear all").click()
        await page.get_by_role("dialog").get_by_role("button", name="Clear all").click()
        await expect(page.get_by_text("Nothing captured yet")).to_be_visible()
        await expect(page.get_by_text(re.compile(r"^\d+ captures cleared$"))).to_be_visible()
        left = (await api.get("/api/webhooks/inspector/captures")).json()["data"]
        assert left["captures"] == []


async def test_the_organization_is_subscribed_with_one_click(page, gateway):
    await sign_in(page)
    async with api_client(gateway, await stored_key(page)) as api:
        await link_session(api, "tienda", "34600000001")
        await go(page, "Inspector")
        await expect(page.get_by_text("No subscriber sends here yet.")).to_be_visible()
        await page.get_by_role("button", name="Subscribe the organization").click()
        await expect(page.locator(".subscribed")).to_contain_text(
            "organization webhook “Webhook inspector”"
        )
        await expect(page.get_by_role("button", name="Subscribe the organization")).to_have_count(0)

        sent = await api.post(
            "/api/sandbox/messages", json={"from": "34611111111", "to": "tienda", "message": "Hola"}
        )
        assert sent.status_code == 200, sent.text
        row = page.locator("tr[data-capture-id]", has_text="message.received")
        await expect(row.locator(".signature")).to_have_text("Valid signature")
        await row.get_by_role("button").click()
        await expect(page.locator(".signature-box")).to_contain_text(
            "organization webhook “Webhook inspector”"
        )

        # A new URL: the old one stops capturing, and the organization's webhook still has it.
        old = await page.get_by_role("textbox", name="Capture URL").input_value()
        await page.get_by_role("button", name="New URL").click()
        await page.get_by_role("dialog").get_by_role("button", name="New URL").click()
        await expect(page.get_by_role("textbox", name="Capture URL")).not_to_have_value(old)
        await expect(page.get_by_text("No subscriber sends here yet.")).to_be_visible()


async def test_without_the_event_stream_the_inspector_polls(page, gateway):
    # A proxy that refuses server-sent events: new captures still appear, a few seconds later.
    await page.route("**/api/events/stream**", lambda route: route.fulfill(status=404))
    await page.clock.install()
    await sign_in(page)
    async with api_client(gateway, await stored_key(page)) as api:
        hook = (await api.get("/api/webhooks/inspector")).json()["data"]
        await go(page, "Inspector")
        await expect(page.locator("#live-indicator")).to_have_text("Polling")
        await expect(page.get_by_text("Nothing captured yet")).to_be_visible()
        # Someone else's signed request: no subscriber of the organization has this address.
        async with httpx.AsyncClient(timeout=15) as outsider:
            r = await outsider.post(
                hook["url"],
                content=b'{"event":"order.paid"}',
                headers={"Content-Type": "application/json", "X-Signature": "sha256=00"},
            )
        assert r.status_code == 200, r.text
        row = page.locator("tr[data-capture-id]", has_text="order.paid")
        signature = row.locator(".signature")
        await polled(
            page, lambda ms: expect(signature).to_have_text("Unknown subscriber", timeout=ms)
        )
        await row.get_by_role("button").click()
        await expect(page.get_by_label("Body")).to_contain_text('"event": "order.paid"')

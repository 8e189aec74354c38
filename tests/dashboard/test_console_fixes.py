"""What a first hour with the console stumbled on: a virtual contact that changed on every visit,
deliveries held without a reason, toasts in the way, engines missing without a word."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dashboard.helpers import api_client, go, sign_in, stored_key
from tests.support import eventually, link_session
from tests.webhooks.receiver import Receiver

async_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
expect = async_api.expect
expect.set_options(timeout=15_000)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # A failed delivery is retried only much later: what follows it in its chat waits meanwhile.
    return {
        "webhook_retry_schedule": [600.0],
        "webhook_retry_jitter": 0.0,
        "webhook_timeout_seconds": 1.0,
        "webhook_poll_interval_seconds": 0.2,
    }


async def test_the_virtual_contact_keeps_its_number_across_visits(page, gateway):
    await sign_in(page)
    async with api_client(gateway, await stored_key(page)) as api:
        await link_session(api, "tienda", "34600000001")
        await link_session(api, "soporte", "34600000002")
    await page.goto("/dashboard#/sessions/tienda")
    sender = page.get_by_label("From", exact=True)
    first = await sender.input_value()
    assert first.isdigit()
    await page.reload()
    await expect(sender).to_have_value(first)
    await page.goto("/dashboard#/sessions/soporte")
    await expect(sender).to_have_value(first)

    # A number the user chose is the one kept.
    await sender.fill("34699999999")
    await page.get_by_label("Message", exact=True).fill("Hola")
    await page.get_by_role("button", name="Send to the session").click()
    await expect(page.get_by_text("Message sent from +34699999999")).to_be_visible()
    await page.reload()
    await expect(sender).to_have_value("34699999999")


async def test_toasts_let_clicks_through_and_end_with_their_page(page, gateway):
    await sign_in(page)
    async with api_client(gateway, await stored_key(page)) as api:
        await link_session(api, "tienda", "34600000001")
    await page.goto("/dashboard#/sessions/tienda")
    await page.get_by_label("Message", exact=True).fill("Hola")
    await page.get_by_role("button", name="Send to the session").click()
    await expect(page.get_by_text("Message sent from")).to_be_visible()
    # Many at once (errors stay longest on screen): only the newest few are kept.
    await page.evaluate(
        "import('/dashboard/static/js/ui.js').then(ui => "
        "{ for (let n = 0; n < 5; n++) ui.toast(`Problem ${n}`, 'error'); })"
    )
    await expect(page.locator(".toast")).to_have_count(3)
    await expect(page.locator(".toast").last).to_contain_text("Problem 4")
    # At most three at once, and what is under them still takes the click.
    toast = page.locator(".toast").first
    box = await toast.bounding_box()
    assert box is not None
    under = await page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('#toasts') === null",
        [box["x"] + 10, box["y"] + box["height"] / 2],
    )
    assert under, "a toast swallows clicks meant for the page under it"
    await toast.get_by_role("button", name="Dismiss").click()
    await expect(page.locator(".toast")).to_have_count(2)

    await go(page, "Webhooks")
    await expect(page.get_by_role("heading", name="Webhooks")).to_be_visible()
    await expect(page.locator(".toast")).to_have_count(0)


async def test_held_deliveries_say_what_they_wait_for(page, gateway, screenshot):
    down = await Receiver(lambda _: 500).start()
    try:
        await sign_in(page)
        async with api_client(gateway, await stored_key(page)) as api:
            await link_session(
                api, "tienda", "34600000001", webhookUrl=down.url, webhookEvents=["message"]
            )
            for text in ("Primero", "Segundo"):
                sent = await api.post(
                    "/api/sandbox/messages",
                    json={"from": "34611111111", "to": "tienda", "type": "text", "message": text},
                )
                assert sent.status_code == 200, sent.text

            async def both() -> list[dict[str, Any]] | None:
                r = await api.get("/api/webhooks/deliveries", params={"event": "message.received"})
                items = r.json()["data"]["deliveries"]
                return items if len(items) == 2 and items[1]["attempts"] >= 1 else None

            second, first = await eventually(both)
        await go(page, "Webhooks")
        held = page.locator(f'tr[data-delivery-id="{second["id"]}"]')
        await expect(held).to_contain_text(f"waits for #{first['id']} (same chat, sent in order)")
        await expect(page.locator(f'tr[data-delivery-id="{first["id"]}"]')).to_contain_text(
            "next try"
        )
        await screenshot(page, "webhooks-held", full_page=True)
    finally:
        await down.stop()


async def test_the_engines_not_offered_say_how_to_offer_them(page, gateway, screenshot):
    await sign_in(page)
    await page.get_by_role("button", name="New session").first.click()
    dialog = page.get_by_role("dialog")
    notes = dialog.locator(".engine-notes")
    await expect(notes).to_contain_text("Other engines (web, cloud) are not enabled here")
    await notes.locator("summary").click()
    cloud = notes.locator('li[data-engine="cloud"]')
    await expect(cloud).to_contain_text("Meta's official WhatsApp Cloud API")
    await expect(cloud).to_contain_text("""INBOXHUB_ENABLED_ENGINES='["cloud","sandbox"]'""")
    await expect(notes.locator('li[data-engine="web"]')).to_contain_text("INBOXHUB_ENABLED_ENGINES")
    await screenshot(page, "session-create-engines")

"""The console in a real browser: sign in, create a session, link it from the virtual phone."""

from __future__ import annotations

import base64
import io
import re

import httpx
import pytest
import zxingcpp
from PIL import Image

from tests.dashboard.helpers import api_client, polled, sign_in, stored_key
from tests.support import eventually
from tests.support.auth import ADMIN_EMAIL, API_KEY

async_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
expect = async_api.expect
expect.set_options(timeout=15_000)


async def test_nothing_is_shown_without_signing_in(page, gateway):
    await page.goto("/")
    await expect(page).to_have_url(re.compile(r"/dashboard"))
    await expect(page.get_by_role("heading", name="Sign in to the console")).to_be_visible()
    await expect(page.locator("#topbar")).to_be_hidden()
    # The page's own origin gets nothing from the API without a key.
    status = await page.evaluate("fetch('/api/sessions').then(r => r.status)")
    assert status == 401


async def test_wrong_password_and_wrong_key_are_explained(page, gateway):
    await page.goto("/dashboard")
    await page.get_by_label("Email", exact=True).fill(ADMIN_EMAIL)
    await page.get_by_label("Password", exact=True).fill("not-the-password")
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.get_by_role("alert")).to_contain_text("Invalid email or password")

    await page.get_by_role("tab", name="API key").click()
    await page.get_by_label("API key", exact=True).fill("ihk_not_a_key")
    await page.get_by_role("button", name="Sign in with API key").click()
    await expect(page.get_by_role("alert")).to_contain_text("Invalid API key")
    assert await page.evaluate("sessionStorage.getItem('inboxhub.console')") is None


async def test_create_link_and_sign_out(page, gateway, screenshot):
    await page.goto("/dashboard")
    await screenshot(page, "sign-in")
    await sign_in(page)
    await expect(page.get_by_text("No sessions yet")).to_be_visible()

    await page.get_by_role("button", name="New session").first.click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_label("Name").fill("Tienda Madrid")
    await dialog.get_by_label("Session ID").fill("tienda_madrid")
    await dialog.get_by_label("Webhook URL").fill("http://127.0.0.1:9/hook")
    await screenshot(page, "session-create")
    await dialog.get_by_role("button", name="Create and show QR").click()

    # The QR is shown large, and it is the real one: decoding the pixels gives the QR text.
    qr = page.get_by_role("img", name="QR code to link session tienda_madrid")
    await expect(qr).to_be_visible()
    box = await qr.bounding_box()
    assert box["width"] >= 250
    await screenshot(page, "session-qr", full_page=True)
    key = await stored_key(page)
    async with api_client(gateway, key) as api:
        qr_text = (await api.get("/api/sessions/tienda_madrid/qr")).json()["data"]["qrText"]
    src = await qr.get_attribute("src")
    png = base64.b64decode(src.split(",", 1)[1])
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == [qr_text]

    # The virtual phone scans it: the session turns connected without reloading the page.
    await page.get_by_label("This phone's number").fill("34600000001")
    await page.get_by_role("button", name="Scan the QR code").click()
    await expect(page.locator("h1 .badge")).to_have_text("Connected")
    await expect(page.locator(".linked")).to_contain_text("Linked to +34600000001")
    await screenshot(page, "session-linked", full_page=True)

    await page.get_by_role("navigation", name="Main").get_by_role("link", name="Sessions").click()
    card = page.locator(".session-card", has_text="Tienda Madrid")
    await expect(card.locator(".badge")).to_have_text("Connected")
    await expect(card).to_contain_text("+34600000001")
    await screenshot(page, "sessions")

    # Signing out revokes the console's key.
    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_role("heading", name="Sign in to the console")).to_be_visible()
    assert await page.evaluate("sessionStorage.getItem('inboxhub.console')") is None
    async with api_client(gateway, key) as api:
        assert (await api.get("/api/sessions")).status_code == 401


async def test_status_changes_reach_an_open_page(page, gateway):
    await status_changes_reach_an_open_page(page, gateway, indicator="Live")


async def test_without_the_event_stream_the_page_polls(page, gateway):
    # A proxy that refuses server-sent events: the console refreshes the page on view instead.
    await page.route("**/api/events/stream**", lambda route: route.fulfill(status=404))
    await page.clock.install()
    await status_changes_reach_an_open_page(page, gateway, indicator="Polling")


async def status_changes_reach_an_open_page(page, gateway, *, indicator: str) -> None:
    async def shows(locator, text: str) -> None:
        if indicator != "Polling":
            await expect(locator).to_have_text(text)
            return
        await polled(page, lambda ms: expect(locator).to_have_text(text, timeout=ms))

    await page.goto("/dashboard")
    await page.get_by_role("tab", name="API key").click()
    await page.get_by_label("API key", exact=True).fill(API_KEY)
    await page.get_by_role("button", name="Sign in with API key").click()
    async with api_client(gateway, API_KEY) as api:
        created = (
            await api.post("/api/sessions", json={"sessionId": "kiosk", "sessionName": "Kiosk"})
        ).json()["data"]
        await page.goto("/dashboard#/sessions/kiosk")
        await expect(page.locator("h1 .badge")).to_have_text("Waiting for QR scan")
        await expect(page.locator("#live-indicator")).to_have_text(indicator)
        # Linked from outside the console (a real phone would do this).
        await api.post(
            "/api/sandbox/link", json={"qr": created["qrText"], "phoneNumber": "34600000002"}
        )
        await shows(page.locator("h1 .badge"), "Connected")
        # The phone drops off: the page says why, and shows it back once it reconnects.
        await api.post("/api/sandbox/sessions/kiosk/logout")
        await shows(page.locator("h1 .badge"), "Disconnected")
        await expect(
            page.get_by_text("Unlinked from the phone's Linked devices screen").first
        ).to_be_visible()


async def test_pairing_code_links_from_the_virtual_phone(page, gateway, screenshot):
    await sign_in(page)
    key = await stored_key(page)
    async with api_client(gateway, key) as api:
        await api.post("/api/sessions", json={"sessionId": "by_code"})
    await page.goto("/dashboard#/sessions/by_code")
    await page.get_by_label("Phone number").fill("34600000003")
    await page.get_by_role("button", name="Get pairing code").click()
    code = page.locator(".pairing-code")
    await expect(code).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"))
    await screenshot(page, "session-pairing-code", full_page=True)
    await page.get_by_role("button", name="Link with this code").click()
    await expect(page.locator("h1 .badge")).to_have_text("Connected")
    await expect(page.locator(".linked")).to_contain_text("Linked to +34600000003")


async def test_narrow_screen(page, gateway, screenshot):
    await page.set_viewport_size({"width": 390, "height": 780})
    await sign_in(page)
    async with api_client(gateway, await stored_key(page)) as api:
        await api.post("/api/sessions", json={"sessionId": "movil", "sessionName": "Móvil"})
    await page.goto("/dashboard#/sessions/movil")
    qr = page.get_by_role("img", name="QR code to link session movil")
    await expect(qr).to_be_visible()
    # Nothing overflows sideways: the page is as wide as the screen.
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    await screenshot(page, "session-narrow", full_page=True)


@pytest.mark.parametrize("settings_overrides", [{"sandbox_qr_ttl_seconds": 3.0}])
async def test_qr_is_replaced_as_it_rotates(page, gateway):
    await sign_in(page)
    key = await stored_key(page)
    async with api_client(gateway, key) as api:
        await api.post("/api/sessions", json={"sessionId": "rotating"})
        await page.goto("/dashboard#/sessions/rotating")
        qr = page.get_by_role("img", name="QR code to link session rotating")
        first = await qr.get_attribute("src")
        await expect(qr).not_to_have_attribute("src", first)
        # What the page shows is the gateway's current code (it may rotate again meanwhile).

        async def shows_current_code() -> bool:
            shown = await qr.get_attribute("src")
            png = base64.b64decode(shown.split(",", 1)[1])
            text = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))[0].text
            current = (await api.get("/api/sessions/rotating/qr")).json()["data"]["qrText"]
            return text == current

        await eventually(shows_current_code, timeout=15, interval=0.5)


async def test_reload_keeps_the_tab_signed_in_and_a_revoked_key_ends_it(page, gateway):
    await sign_in(page)
    await page.reload()
    await expect(page.get_by_role("heading", name="Sessions", exact=True)).to_be_visible()

    creds = await page.evaluate("JSON.parse(sessionStorage.getItem('inboxhub.console'))")
    async with httpx.AsyncClient(base_url=gateway, timeout=15) as api:
        r = await api.delete(
            f"/api/auth/console-key/{creds['keyId']}",
            headers={"Authorization": f"Bearer {creds['accessToken']}"},
        )
        assert r.status_code == 200
    await page.get_by_role("navigation", name="Main").get_by_role("link", name="Sessions").click()
    await expect(page.get_by_text("the API key is no longer valid")).to_be_visible()
    assert await page.evaluate("sessionStorage.getItem('inboxhub.console')") is None


async def test_the_event_stream_url_carries_a_ticket_never_the_key(page, gateway):
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    await status_changes_reach_an_open_page(page, gateway, indicator="Live")
    streams = [u for u in urls if "/api/events/stream" in u]
    assert streams, urls
    for url in streams:
        assert "ticket=evt_" in url
        assert API_KEY not in url and "apiKey" not in url


async def test_a_session_is_deleted_from_its_page(page, gateway):
    await sign_in(page)
    async with api_client(gateway, await stored_key(page)) as api:
        await api.post("/api/sessions", json={"sessionId": "kiosk", "sessionName": "Kiosk"})
        await page.goto("/dashboard#/sessions/kiosk")
        await expect(page.locator("h1 .badge")).to_have_text("Waiting for QR scan")
        await page.get_by_role("button", name="Delete", exact=True).click()
        dialog = page.get_by_role("dialog")
        await expect(dialog).to_contain_text("Delete Kiosk?")
        await dialog.get_by_role("button", name="Delete").click()
        await expect(page.get_by_role("heading", name="Sessions", exact=True)).to_be_visible()
        await expect(page.get_by_text("Session deleted")).to_be_visible()
        await expect(page.get_by_text("No sessions yet")).to_be_visible()
        assert (await api.get("/api/sessions/kiosk")).status_code == 404

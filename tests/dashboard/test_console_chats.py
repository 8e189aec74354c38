"""Chats in a real browser: messages arrive live, every type shows, replies tick as they go."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import httpx
import pytest

from tests.dashboard.helpers import api_client, sign_in, stored_key
from tests.messages.helpers import OGG_OPUS, PDF, b64, webp_bytes
from tests.support import link_session

async_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
expect = async_api.expect
expect.set_options(timeout=15_000)

SHOP = "34600000001"
LUCIA = "34611111111"
VCARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Juan Pérez\nTEL;TYPE=CELL:+34612345678\nEND:VCARD"


def shop_photo() -> bytes:
    """A small picture of a shop front: sky, wall, door and awning."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (135, 190, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 60, 300, 200), fill=(236, 226, 208))
    draw.rectangle((20, 50, 300, 80), fill=(11, 122, 94))
    draw.rectangle((130, 110, 190, 200), fill=(120, 80, 50))
    draw.rectangle((40, 110, 110, 160), fill=(200, 225, 240))
    draw.rectangle((210, 110, 280, 160), fill=(200, 225, 240))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


async def writes(api: httpx.AsyncClient, **body) -> dict:
    body = {"from": LUCIA, "to": "tienda", "pushName": "Lucía Fernández", **body}
    r = await api.post("/api/sandbox/messages", json=body)
    assert r.status_code == 200, r.text
    data: dict = r.json()["data"]
    return data


@pytest.fixture
async def linked(page, gateway):
    await sign_in(page)
    async with api_client(gateway, await stored_key(page)) as api:
        await link_session(api, "tienda", SHOP, push_name="Tienda Madrid")
        yield api


async def test_a_message_appears_live_and_the_reply_ticks(page, linked, screenshot):
    api = linked
    await page.goto("/dashboard#/chats/tienda")
    await expect(page.get_by_text("No chats yet")).to_be_visible()

    # Lucía writes: her chat appears at once, unread, without reloading the page.
    await writes(api, message="Hola, ¿tenéis cita el jueves?")
    chat = page.locator(".chat-list a", has_text="Lucía Fernández")
    await expect(chat).to_contain_text("Hola, ¿tenéis cita el jueves?")
    await expect(chat.get_by_label("1 unread")).to_be_visible()
    await screenshot(page, "chats")

    # Opening it shows the message and marks it read (the unread count goes).
    await chat.click()
    conversation = page.get_by_role("list", name="Messages")
    await expect(conversation.locator(".bubble.in")).to_have_text(
        re.compile("Hola, ¿tenéis cita el jueves?")
    )
    await expect(chat.get_by_label("1 unread")).to_be_hidden()
    stored = (await api.get(f"/api/messages/tienda/{LUCIA}@s.whatsapp.net")).json()["data"]
    assert stored["messages"][0]["status"] == "read"

    # A second message lands in the open conversation as it arrives.
    await writes(api, message="Por la tarde, si puede ser")
    await expect(conversation.locator(".bubble.in").last).to_contain_text("Por la tarde")

    # The reply goes out from the composer; its ticks follow the receipts.
    await page.get_by_label("Message", exact=True).fill("¡Claro! ¿A las 17:00?")
    await page.keyboard.press("Enter")
    reply = conversation.locator(".bubble.out", has_text="¿A las 17:00?")
    await expect(reply.locator(".ticks")).to_have_attribute("aria-label", "Delivered")
    await expect(chat).to_contain_text("You: ¡Claro! ¿A las 17:00?")
    await api.post(
        "/api/sandbox/receipts", json={"from": LUCIA, "to": "tienda", "all": True, "status": "read"}
    )
    await expect(reply.locator(".ticks")).to_have_attribute("aria-label", "Read")
    sent = (await api.get(f"/api/messages/tienda/{LUCIA}@s.whatsapp.net")).json()["data"]
    assert sent["messages"][0]["body"] == "¡Claro! ¿A las 17:00?"
    assert sent["messages"][0]["fromMe"] is True
    await screenshot(page, "conversation")


async def test_every_message_type_is_shown(page, linked, screenshot):
    api = linked
    await page.set_viewport_size({"width": 1280, "height": 1400})
    await writes(
        api, type="image", message={"image": {"base64": b64(shop_photo())}, "caption": "Mira"}
    )
    await writes(api, type="sticker", message={"sticker": {"base64": b64(webp_bytes())}})
    await writes(
        api, type="audio", message={"audio": {"base64": b64(OGG_OPUS), "mimetype": "audio/ogg"}}
    )
    await writes(
        api,
        type="document",
        message={"document": {"base64": b64(PDF), "fileName": "presupuesto.pdf"}},
    )
    await writes(
        api, type="location", message={"latitude": 40.4169, "longitude": -3.7035, "name": "Sol"}
    )
    await writes(api, type="contact", message={"vcard": VCARD})

    await page.goto(f"/dashboard#/chats/tienda/{LUCIA}%40s.whatsapp.net")
    messages = page.get_by_role("list", name="Messages")
    photo = messages.get_by_role("img", name="Image from Lucía Fernández")
    # Media loads as it scrolls into view.
    await photo.scroll_into_view_if_needed()
    await expect(photo).to_have_attribute("src", re.compile("^blob:"))
    assert await photo.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    await expect(messages.locator(".bubble", has=page.locator("img.photo"))).to_contain_text("Mira")
    sticker = messages.get_by_role("img", name="Sticker from Lucía Fernández")
    await sticker.scroll_into_view_if_needed()
    await expect(sticker).to_have_attribute("src", re.compile("^blob:"))
    audio = messages.get_by_label("Audio from Lucía Fernández")
    await audio.scroll_into_view_if_needed()
    await expect(audio).to_have_attribute("src", re.compile("^blob:"))
    await expect(messages.get_by_role("link", name="40.41690, -3.70350")).to_have_attribute(
        "href", re.compile("openstreetmap.org/.*mlat=40.4169")
    )
    await expect(messages.locator(".location")).to_contain_text("Sol")
    await expect(messages.locator(".contacts")).to_contain_text("Juan Pérez")
    await expect(messages.locator(".contacts")).to_contain_text("+34612345678")

    # The document downloads with its name and its bytes.
    async with page.expect_download() as waiting:
        await messages.get_by_role("button", name="Download presupuesto.pdf").click()
    download = await waiting.value
    assert download.suggested_filename == "presupuesto.pdf"
    assert await asyncio.to_thread(Path(await download.path()).read_bytes) == PDF
    await screenshot(page, "conversation-types")


async def test_files_go_out_from_the_composer(page, linked, tmp_path):
    api = linked
    await writes(api, message="¿Me mandas el presupuesto?")
    await page.goto(f"/dashboard#/chats/tienda/{LUCIA}%40s.whatsapp.net")
    document = tmp_path / "presupuesto.pdf"
    document.write_bytes(PDF)
    await page.get_by_label("Attach a file").set_input_files(str(document))
    await expect(page.locator(".attachment")).to_contain_text("presupuesto.pdf")
    await page.get_by_label("Message", exact=True).fill("Aquí lo tienes")
    await page.get_by_role("button", name="Send", exact=True).click()
    messages = page.get_by_role("list", name="Messages")
    sent = messages.locator(".bubble.out")
    await expect(sent.get_by_role("button", name="Download presupuesto.pdf")).to_be_visible()
    await expect(sent).to_contain_text("Aquí lo tienes")
    stored = (await api.get(f"/api/messages/tienda/{LUCIA}@s.whatsapp.net")).json()["data"]
    newest = stored["messages"][0]
    assert (newest["type"], newest["fromMe"]) == ("document", True)
    assert newest["media"]["filename"] == "presupuesto.pdf"


async def test_the_virtual_phone_writes_as_a_contact(page, linked):
    await page.goto("/dashboard#/sessions/tienda")
    await page.get_by_label("From", exact=True).fill(LUCIA)
    await page.get_by_label("Message", exact=True).fill("Hola desde el teléfono virtual")
    await page.get_by_role("button", name="Send to the session").click()
    await expect(page.get_by_text(f"Message sent from +{LUCIA}")).to_be_visible()
    await page.get_by_label("Kind").select_option("location")
    await page.get_by_role("button", name="Send to the session").click()
    await expect(page.get_by_text(f"Message sent from +{LUCIA}")).to_have_count(2)

    history = (await linked.get(f"/api/messages/tienda/{LUCIA}@s.whatsapp.net")).json()["data"]
    kinds = [(m["type"], m["fromMe"]) for m in history["messages"]]
    assert kinds == [("location", False), ("text", False)]
    assert history["messages"][0]["location"]["latitude"] == pytest.approx(40.4169)


async def test_narrow_screen_shows_one_pane_at_a_time(page, linked, screenshot):
    await writes(linked, message="Hola")
    await page.set_viewport_size({"width": 390, "height": 780})
    await page.goto("/dashboard#/chats/tienda")
    chat = page.locator(".chat-list a", has_text="Lucía Fernández")
    await chat.click()
    await expect(page.get_by_role("list", name="Messages").locator(".bubble")).to_have_count(1)
    await expect(chat).to_be_hidden()
    composer = await page.get_by_role("button", name="Send", exact=True).bounding_box()
    assert composer["y"] + composer["height"] <= 780
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    await screenshot(page, "conversation-narrow")
    await page.get_by_role("button", name="Back to chats").click()
    await expect(chat).to_be_visible()

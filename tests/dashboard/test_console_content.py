"""Templates, contacts and groups in a real browser: create, edit, delete."""

from __future__ import annotations

import pytest

from tests.dashboard.helpers import api_client, go, sign_in, stored_key
from tests.support import link_session

async_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
expect = async_api.expect
expect.set_options(timeout=15_000)


async def test_templates_are_written_previewed_edited_and_deleted(page, gateway, screenshot):
    await sign_in(page)
    await go(page, "Templates")
    await expect(page.get_by_text("No templates yet")).to_be_visible()
    await page.get_by_role("button", name="New template").first.click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_label("Name").fill("Cita")
    await dialog.get_by_label("Category").fill("citas")
    await dialog.get_by_label("Text").fill("Hola {{nombre}}, tu cita es el {{fecha}}.")
    await dialog.get_by_role("button", name="Create template").click()
    row = page.locator("tr", has_text="Cita")
    await expect(row).to_contain_text("nombre")
    await expect(row).to_contain_text("fecha")

    await row.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("dialog")
    await preview.get_by_label("nombre").fill("Lucía")
    await preview.get_by_label("fecha").fill("jueves 12")
    await preview.get_by_role("button", name="Preview").click()
    await expect(preview.locator(".preview-text")).to_have_text(
        "Hola Lucía, tu cita es el jueves 12."
    )
    await screenshot(page, "template-preview")
    await preview.get_by_role("button", name="Close").click()

    await row.get_by_role("button", name="Edit").click()
    await page.get_by_role("dialog").get_by_label("Text").fill("Hola {{nombre}}: te esperamos.")
    await page.get_by_role("dialog").get_by_role("button", name="Save").click()
    await expect(row).to_contain_text("te esperamos")
    await expect(row).not_to_contain_text("fecha")
    await screenshot(page, "templates")

    await row.get_by_role("button", name="Delete").click()
    await page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    await expect(page.get_by_text("No templates yet")).to_be_visible()


async def test_contacts_are_searched_tagged_and_noted(page, gateway, screenshot):
    await sign_in(page)
    async with api_client(gateway, await stored_key(page)) as api:
        await link_session(api, "tienda", "34600000001")
        for phone, name in (("34611111111", "Lucía Fernández"), ("34622222222", "Pedro Ruiz")):
            sent = await api.post(
                "/api/sandbox/messages",
                json={
                    "from": phone,
                    "to": "tienda",
                    "type": "text",
                    "message": "Hola",
                    "pushName": name,
                },
            )
            assert sent.status_code == 200, sent.text
        await go(page, "Contacts")
        await expect(page.locator("tbody tr[data-contact-id]")).to_have_count(2)
        await page.get_by_label("Search", exact=True).fill("Lucía")
        await page.get_by_role("button", name="Search").click()
        await expect(page.locator("tbody tr[data-contact-id]")).to_have_count(1)
        row = page.locator("tr", has_text="Lucía")
        await row.get_by_role("button", name="Edit").click()
        dialog = page.get_by_role("dialog")
        await dialog.get_by_label("Tags").fill("vip, madrid")
        await dialog.get_by_label("Notes").fill("Prefiere que le escriban por la tarde.")
        await dialog.get_by_role("button", name="Save").click()
        await expect(row.locator(".chip")).to_have_text(["vip", "madrid"])
        await expect(row).to_contain_text("Prefiere que le escriban")
        await page.get_by_label("Search", exact=True).fill("")
        await page.get_by_role("button", name="Search").click()
        await expect(page.locator("tbody tr[data-contact-id]")).to_have_count(2)
        await screenshot(page, "contacts")

        listed = (await api.get("/api/contacts/tienda", params={"search": "Lucía"})).json()
        contact = listed["data"]["contacts"][0]
        assert contact["tags"] == ["vip", "madrid"]
        assert contact["notes"] == "Prefiere que le escriban por la tarde."
        # Clearing the notes clears them.
        await row.get_by_role("button", name="Edit").click()
        await page.get_by_role("dialog").get_by_label("Notes").fill("")
        await page.get_by_role("dialog").get_by_role("button", name="Save").click()
        await expect(row).not_to_contain_text("Prefiere")


async def test_groups_are_created_edited_changed_and_left(page, gateway, screenshot):
    await sign_in(page)
    async with api_client(gateway, await stored_key(page)) as api:
        await link_session(api, "tienda", "34600000001")
        await go(page, "Groups")
        await expect(page.get_by_text("This session is in no group.")).to_be_visible()
        await page.get_by_role("button", name="New group").click()
        dialog = page.get_by_role("dialog")
        await dialog.get_by_label("Subject").fill("Equipo ventas")
        await dialog.get_by_label("Participants").fill("34611111111, 34622222222")
        await dialog.get_by_label("Description").fill("Pedidos del día")
        await dialog.get_by_role("button", name="Create group").click()
        detail = page.locator(".group-detail")
        await expect(detail.get_by_role("heading", name="Equipo ventas")).to_be_visible()
        await expect(detail.locator("tbody tr")).to_have_count(3)

        await detail.get_by_label("Add participants", exact=True).fill("34633333333")
        await detail.get_by_role("button", name="Add").click()
        await expect(detail.locator("tbody tr")).to_have_count(4)
        person = detail.locator('tr[data-participant="34622222222"]')
        await person.get_by_role("button", name="Remove").click()
        await expect(detail.locator("tbody tr")).to_have_count(3)

        await detail.get_by_role("button", name="Edit").click()
        await page.get_by_role("dialog").get_by_label("Subject").fill("Ventas Madrid")
        await page.get_by_role("dialog").get_by_role("button", name="Save").click()
        await expect(detail.get_by_role("heading", name="Ventas Madrid")).to_be_visible()
        await expect(page.locator("tr", has_text="Ventas Madrid").first).to_contain_text("3")
        await screenshot(page, "groups", full_page=True)

        groups = (await api.get("/api/groups/sessions/tienda")).json()["data"]["groups"]
        assert [(g["subject"], g["size"]) for g in groups] == [("Ventas Madrid", 3)]

        await detail.get_by_role("button", name="Leave group").click()
        await page.get_by_role("dialog").get_by_role("button", name="Leave").click()
        await expect(page.get_by_text("This session is in no group.")).to_be_visible()

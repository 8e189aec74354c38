"""Handover and the cluster in a real browser: tickets assigned and given back, bots switched,
the nodes for the operator only."""

from __future__ import annotations

import pytest

from tests.dashboard.helpers import api_client, go, sign_in, sign_in_with_key, stored_key
from tests.support import link_session
from tests.webhooks.conftest import second_organization

async_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
expect = async_api.expect
expect.set_options(timeout=15_000)


async def test_tickets_are_assigned_and_given_back_and_bots_switched(page, gateway, screenshot):
    await sign_in(page)
    async with api_client(gateway, await stored_key(page)) as api:
        await link_session(api, "tienda", "34600000001")
        await link_session(api, "soporte", "34600000002")
        await go(page, "Handover")
        await expect(page.get_by_text("No open tickets")).to_be_visible()

        # A bot for one session, from its starter menu; then off and on again.
        bot_row = page.locator('tr[data-session-id="tienda"]')
        await bot_row.get_by_role("button", name="Set up a bot").click()
        switch = page.get_by_label("Bot of tienda")
        await expect(switch).to_be_checked()
        await switch.uncheck()
        await expect(page.get_by_text("Bot of tienda off", exact=True)).to_be_visible()
        bot = (await api.get("/api/handover/sessions/tienda/bot")).json()["data"]
        assert (bot["configured"], bot["enabled"]) == (True, False)
        await page.get_by_label("Bot of tienda").check()
        await expect(page.get_by_text("Bot of tienda on", exact=True)).to_be_visible()
        assert (await api.get("/api/handover/sessions/tienda/bot")).json()["data"]["enabled"]

        # A customer asks for a person: the ticket waits for an agent.
        await page.get_by_role("button", name="Open a ticket").click()
        dialog = page.get_by_role("dialog")
        await dialog.get_by_label("Customer's number").fill("34611111111")
        await dialog.get_by_role("button", name="Open ticket").click()
        row = page.locator("tr", has_text="+34611111111")
        await expect(row).to_contain_text("Waiting for an agent")

        await row.get_by_role("button", name="Assign").click()
        dialog = page.get_by_role("dialog")
        await dialog.get_by_label("Agent ID").fill("ag-7")
        await dialog.get_by_label("Agent name").fill("Marta Gil")
        await dialog.get_by_role("button", name="Assign").click()
        await expect(row).to_contain_text("With an agent")
        await expect(row).to_contain_text("Marta Gil")
        await screenshot(page, "handover", full_page=True)

        ticket_id = await row.get_attribute("data-ticket-id")
        ticket = (await api.get(f"/api/handover/tickets/{ticket_id}")).json()["data"]
        assert (ticket["status"], ticket["assignedAgent"]["id"]) == ("active", "ag-7")

        await row.get_by_role("button", name="Back to bot").click()
        await page.get_by_role("dialog").get_by_role("button", name="Back to bot").click()
        await expect(page.get_by_text("No open tickets")).to_be_visible()
        ticket = (await api.get(f"/api/handover/tickets/{ticket_id}")).json()["data"]
        assert (ticket["status"], ticket["closeReason"]) == ("closed", "resolved")


async def test_the_cluster_page_is_the_operators(page, gateway, anon, screenshot):
    await sign_in(page)
    await go(page, "Cluster")
    info = await page.evaluate(
        "fetch('/api/cluster', {headers: {'X-API-Key': "
        "JSON.parse(sessionStorage.getItem('inboxhub.console')).apiKey}}).then(r => r.json())"
    )
    mode = info["data"]["mode"]
    summary = page.locator(".card").first
    if mode == "single":
        await expect(summary).to_contain_text("Single node")
        await expect(page.get_by_role("button", name="Rebalance now")).to_be_disabled()
        await expect(page.get_by_text("No nodes")).to_be_visible()
        await screenshot(page, "cluster")
    else:
        node = page.locator(f'tr[data-node-id="{info["data"]["nodeId"]}"]')
        await expect(node).to_contain_text("this node")
        await page.get_by_role("button", name="Rebalance now").click()
        await expect(page.get_by_text("Rebalancing")).to_be_visible()
        await node.get_by_role("button", name="Drain").click()
        await page.get_by_role("dialog").get_by_role("button", name="Drain").click()
        await expect(node).to_contain_text("Draining")

    # A tenant never sees the nodes: no link, and the address leads back to its sessions.
    async with api_client(gateway, "") as client:
        _, key = await second_organization(client)
    await page.get_by_role("button", name="Sign out").click()
    await sign_in_with_key(page, key)
    nav = page.get_by_role("navigation", name="Main")
    await expect(nav.get_by_role("link", name="Members")).to_be_visible()
    await expect(nav.get_by_role("link", name="Cluster")).to_be_hidden()
    await page.goto("/dashboard#/cluster")
    await expect(page.get_by_role("heading", name="Sessions", exact=True)).to_be_visible()

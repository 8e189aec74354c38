"""An operator gives a ticket to an agent and back to the bot with the API key (no CRM token)."""

from __future__ import annotations

from tests.handover.helpers import open_ticket
from tests.support import link_session
from tests.webhooks.conftest import second_organization


async def test_assign_then_close_a_ticket_with_the_api_key(client):
    await link_session(client, "bot_s", "573000000001")
    ticket = await open_ticket(client, "bot_s")
    path = f"/api/handover/tickets/{ticket['ticketId']}"

    r = await client.post(f"{path}/assign", json={"agentId": "ag-7", "agentName": "Marta Gil"})
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert (data["status"], data["owner"], data["action"]) == ("active", "human", "assigned")
    assert data["assignedAgent"]["name"] == "Marta Gil"

    # The ticket's log says who took it, and the customer is told (the bot's message).
    entries = (await client.get(path)).json()["data"]["messages"]
    assert any(e["content"] == "assigned: Marta Gil" for e in entries), entries

    again = await client.post(f"{path}/assign", json={"agentId": "ag-8"})
    assert again.json()["data"]["action"] == "reassigned"

    r = await client.post(f"{path}/close", json={"resolved": True})
    assert r.status_code == 200, r.text
    assert (r.json()["data"]["status"], r.json()["data"]["closeReason"]) == ("closed", "resolved")
    r = await client.post(f"{path}/close")
    assert r.status_code == 409 and r.json()["code"] == "TICKET_CLOSED"
    r = await client.post(f"{path}/assign", json={"agentId": "ag-7"})
    assert r.status_code == 409 and r.json()["code"] == "TICKET_CLOSED"


async def test_assignment_is_validated_and_tenant_scoped(client, anon):
    await link_session(client, "bot_s", "573000000001")
    ticket = await open_ticket(client, "bot_s")
    path = f"/api/handover/tickets/{ticket['ticketId']}"
    for body in ({}, {"agentId": ""}, {"agentId": "   "}, {"agentId": "x" * 101}):
        r = await client.post(f"{path}/assign", json=body)
        assert r.status_code == 400, body
        assert r.json()["field"] == "agentId"
    r = await client.post(f"{path}/close", json={"resolved": "maybe"})
    assert r.status_code == 400 and r.json()["field"] == "resolved"

    _, other_key = await second_organization(anon)
    r = await anon.post(f"{path}/assign", json={"agentId": "a"}, headers={"X-API-Key": other_key})
    assert r.status_code == 404 and r.json()["field"] == "ticketId"
    r = await anon.post(f"{path}/close", headers={"X-API-Key": other_key})
    assert r.status_code == 404
    r = await client.post("/api/handover/tickets/TK-1999-000001/assign", json={"agentId": "a"})
    assert r.status_code == 404

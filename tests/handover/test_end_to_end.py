"""Seed 04's sequence on the sandbox: a customer asks for support, the CRM (a real HTTP server on
127.0.0.1) gets the agent request and assigns an agent, the agent and the customer talk through
the gateway, the agent hands the chat back and the bot shows its menu again."""

from __future__ import annotations

from tests.handover.conftest import (
    BOT_API_TOKEN,
    BOT_SIGNATURE_SECRET,
    CRM_API_TOKEN,
)
from tests.handover.helpers import (
    CUSTOMER,
    MARIA,
    MENU_TEXT,
    WEBHOOK_SECRET,
    events,
    signed_by,
    start,
)
from tests.support import eventually


async def test_seed_sequence(client, crm_client, crm):
    crm.answer = {"success": True, "agentAssigned": MARIA}
    customer = await start(client, crm)

    await customer.says("hola")
    assert await customer.receives(1) == [MENU_TEXT]

    # "Contactar soporte": a ticket, the agent request to the CRM, "connecting…".
    await customer.says("Contactar soporte")
    assert await customer.receives(1) == ["Conectando con agente especializado..."]
    [request] = await crm.wait_for("/api/bot/agent-request")
    assert request.headers["authorization"] == f"Bearer {BOT_API_TOKEN}"
    assert request.headers["x-bot-signature"] == signed_by(BOT_SIGNATURE_SECRET, request.body)
    assert request.headers["user-agent"].startswith("InboxHub-Bot/")
    body = request.json
    ticket_id = body["ticketId"]
    assert body["userPhone"] == CUSTOMER
    assert body["category"] == "soporte_agente" and body["priority"] == "media"
    assert body["serviceSuspended"] is False
    assert body["userContext"]["phoneNumber"] == CUSTOMER
    assert body["userContext"]["customerName"] == "Juan Pérez"
    assert body["userContext"]["sessionInfo"]["hasActiveSession"] is True
    assert body["requestTime"].endswith("Z")

    # The CRM's answer named María: she is connected without another call.
    assert await customer.receives(1) == ["Agente María conectado"]
    status = (await crm_client.get(f"/api/crm/handover-status/{ticket_id}")).json()
    assert status["status"] == "active"
    assert status["assignedAgent"] == {"id": "agent_001", "name": "María González"}
    # The seed's CRM also calls /api/crm/handover: the same agent again changes nothing.
    r = await crm_client.post(
        "/api/crm/handover",
        json={
            "ticketId": ticket_id,
            "userPhone": CUSTOMER,
            "agentId": "agent_001",
            "agentName": "María González",
            "handoverType": "bot_to_human",
        },
    )
    assert r.status_code == 200 and r.json()["data"]["action"] == "unchanged"

    r = await crm_client.post(
        "/api/crm/send-message",
        json={
            "ticketId": ticket_id,
            "userPhone": CUSTOMER,
            "agentId": "agent_001",
            "message": "Hola, soy María y te ayudaré con la reactivación de tu servicio.",
            "messageType": "text",
            "timestamp": "2025-06-06T15:30:00.000Z",
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["whatsappMessageId"]
    assert await customer.receives(1) == [
        "Hola, soy María y te ayudaré con la reactivación de tu servicio."
    ]

    # While the agent owns the chat the bot is silent, even at a menu keyword; the customer's
    # messages reach the CRM as message.received with the ticket.
    await customer.says("menu")
    await customer.says("Gracias, ya pagué la factura")

    async def filed() -> list[dict] | None:
        found = [e for e in events(crm, "message.received") if e["data"].get("ticketId")]
        return found if len(found) >= 3 else None

    received = await eventually(filed)
    assert [e["data"]["message"]["content"] for e in received] == [
        "Contactar soporte",
        "menu",
        "Gracias, ya pagué la factura",
    ]
    assert {e["data"]["ticketId"] for e in received} == {ticket_id}
    first = next(r for r in crm.to("/webhook") if r.json["event"] == "message.received")
    assert first.headers["x-webhook-signature"] == signed_by(WEBHOOK_SECRET, first.body)

    r = await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": ticket_id, "userPhone": CUSTOMER, "handoverType": "human_to_bot"},
    )
    assert r.status_code == 200, r.text
    assert await customer.receives(2) == ["Consulta resuelta, regresando al menú", MENU_TEXT]
    assert await customer.inbox() == [
        MENU_TEXT,
        "Conectando con agente especializado...",
        "Agente María conectado",
        "Hola, soy María y te ayudaré con la reactivación de tu servicio.",
        "Consulta resuelta, regresando al menú",
        MENU_TEXT,
    ]
    # The bot is back, and the CRM heard every step.
    await customer.says("1")
    assert await customer.receives(1) == ["De 8 a 18 h."]

    async def steps() -> list[str] | None:
        actions = [e["data"]["action"] for e in events(crm, "handover.updated")]
        return actions if len(actions) >= 3 else None

    assert await eventually(steps) == ["requested", "assigned", "returned"]
    assert CRM_API_TOKEN


async def test_the_agent_request_is_retried_until_the_crm_takes_it(client, crm):
    crm.fail_first = 3  # the CRM is down for a while
    customer = await start(client, crm)
    await customer.says("2")
    assert await customer.receives(1) == ["Conectando con agente especializado..."]
    attempts = await crm.wait_for("/api/bot/agent-request", count=4)
    assert len({a.json["ticketId"] for a in attempts}) == 1
    assert all(
        a.headers["x-bot-signature"] == signed_by(BOT_SIGNATURE_SECRET, a.body) for a in attempts
    )
    # The plain answer names no agent: the ticket waits for /api/crm/handover.
    ticket_id = attempts[0].json["ticketId"]
    ticket = (await client.get(f"/api/handover/tickets/{ticket_id}")).json()["data"]
    assert ticket["status"] == "pending"

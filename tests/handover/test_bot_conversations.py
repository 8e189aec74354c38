"""The bot on live messages: off until enabled, menus, options, cancelling a request, timeouts
as the customer sees them."""

from __future__ import annotations

from tests.handover.conftest import EMERGENCY
from tests.handover.helpers import BOT, CUSTOMER, MENU, MENU_TEXT, Customer, events, start
from tests.support import eventually, link_session


async def test_no_bot_until_it_is_enabled(client, crm):
    await link_session(client, "bot_s", BOT)
    await link_session(client, "customer", CUSTOMER, push_name="Juan Pérez")
    customer = Customer(client)
    await customer.says("hola")
    await client.put("/api/handover/sessions/bot_s/bot", json={**MENU, "enabled": False})
    await customer.says("hola")
    # The sandbox answers once a message is stored, and a reply would be queued in that same
    # transaction: the bot's number has sent nothing.
    sent = await client.get("/api/messages/bot_s", params={"fromMe": "true"})
    assert sent.json()["data"]["total"] == 0
    await client.put("/api/handover/sessions/bot_s/bot", json=MENU)
    await customer.says("hola")
    assert await customer.receives(1) == [MENU_TEXT]


async def test_options_fallback_and_menu_keywords(client, crm):
    customer = await start(client, crm)
    await customer.says("buenas")
    assert await customer.receives(1) == [MENU_TEXT]
    await customer.says("blablabla")
    assert await customer.receives(2) == [
        "No entendí tu mensaje. Elige una de estas opciones:",
        MENU_TEXT,
    ]
    await customer.says("¿cuál es su horario?")
    assert await customer.receives(1) == ["De 8 a 18 h."]
    await customer.says("Menú")
    assert await customer.receives(1) == [MENU_TEXT]


async def test_the_customer_cancels_while_waiting(client, crm):
    customer = await start(client, crm)
    await customer.says("quiero hablar con un agente")
    assert await customer.receives(1) == ["Conectando con agente especializado..."]
    chat = (await client.get(f"/api/handover/sessions/bot_s/chats/{CUSTOMER}")).json()["data"]
    await customer.says("cancelar")
    assert await customer.receives(2) == ["Solicitud cancelada, regresando al menú", MENU_TEXT]
    ticket = (await client.get(f"/api/handover/tickets/{chat['ticket']['ticketId']}")).json()
    assert ticket["data"]["closeReason"] == "cancelled"


async def test_nobody_answers_escalation_reaches_the_customer_and_the_crm(client, crm):
    await client.put("/api/handover/settings", json={"assignTimeoutSeconds": 0.3})
    customer = await start(client, crm)
    await customer.says("2")
    assert await customer.receives(1) == ["Conectando con agente especializado..."]
    assert await customer.receives(2) == [
        f"En este momento no hay agentes disponibles. Si es urgente, comunícate al {EMERGENCY}.",
        MENU_TEXT,
    ]
    owner = (await client.get(f"/api/handover/sessions/bot_s/chats/{CUSTOMER}")).json()["data"]
    assert owner["owner"] == "bot"

    async def escalated() -> dict | None:
        found = [e for e in events(crm, "handover.updated") if e["data"]["action"] == "escalated"]
        return found[0] if found else None

    event = await eventually(escalated)
    assert event["data"]["closeReason"] == "no_agent" and event["data"]["owner"] == "bot"


async def test_a_silent_agent_returns_the_chat_to_the_bot(client, crm_client, crm):
    await client.put("/api/handover/settings", json={"agentIdleTimeoutSeconds": 0.3})
    customer = await start(client, crm)
    await customer.says("2")
    assert await customer.receives(1) == ["Conectando con agente especializado..."]
    chat = (await client.get(f"/api/handover/sessions/bot_s/chats/{CUSTOMER}")).json()["data"]
    r = await crm_client.post(
        "/api/crm/handover",
        json={
            "ticketId": chat["ticket"]["ticketId"],
            "userPhone": CUSTOMER,
            "agentId": "a1",
            "agentName": "Ana",
            "handoverType": "bot_to_human",
        },
    )
    assert r.status_code == 200, r.text
    assert await customer.receives(1) == ["Agente Ana conectado"]
    assert await customer.receives(2) == [
        "La conversación con el agente terminó por inactividad, regresando al menú",
        MENU_TEXT,
    ]


BILLING = {
    "key": "3",
    "label": "Mi factura",
    "keywords": ["factura"],
    "action": "agent",
    "category": "facturacion",
    "priority": "baja",
    "requireAuthentication": True,
}


async def test_the_crm_contact_fields_shape_the_request(client, crm):
    """Tags the CRM set on the contact decide the queue and who may ask for some agents."""
    customer = await start(client, crm)
    await client.put(
        "/api/handover/sessions/bot_s/bot", json={**MENU, "options": [*MENU["options"], BILLING]}
    )
    await customer.says("hola")
    await customer.receives(1)

    # Not identified yet: the billing desk asks for identification first (no ticket).
    await customer.says("3")
    assert await customer.receives(1) == [
        "Para hablar con un agente primero debes identificarte como cliente. "
        f"Si es urgente, comunícate al {EMERGENCY}."
    ]
    owner = (await client.get(f"/api/handover/sessions/bot_s/chats/{CUSTOMER}")).json()["data"]
    assert owner["owner"] == "bot"

    r = await client.put(
        f"/api/contacts/{CUSTOMER}@s.whatsapp.net",
        params={"sessionId": "bot_s"},
        json={
            "name": "Juan Pérez (cliente 12345)",
            "tags": ["customer:12345", "service_suspended"],
            "notes": "Plan hogar 100 MB",
        },
    )
    assert r.status_code == 200, r.text
    # A suspended service goes to the reactivation desk, with high priority.
    await customer.says("2")
    [request] = await crm.wait_for("/api/bot/agent-request")
    body = request.json
    assert (body["category"], body["priority"], body["serviceSuspended"]) == (
        "reactivacion_servicio",
        "alta",
        True,
    )
    context = body["userContext"]
    assert context["customerId"] == "12345" and context["isAuthenticated"] is True
    assert context["customerName"] == "Juan Pérez (cliente 12345)"
    assert context["tags"] == ["customer:12345", "service_suspended"]
    assert context["notes"] == "Plan hogar 100 MB"

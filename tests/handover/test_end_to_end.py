"""Seed 04's sequence on the sandbox: a customer asks for support, the CRM (a real HTTP server on
127.0.0.1) gets the agent request and assigns an agent, the agent and the customer talk through
the gateway, the agent hands the chat back and the bot shows its menu again."""

from __future__ import annotations

import hashlib
import hmac

from tests.handover.test_configuration import MENU
from tests.support import eventually, link_session

BOT = "573000000001"
CUSTOMER = "573001234567"
MENU_TEXT = "¡Hola Juan Pérez! Soy el asistente virtual.\n\n1. Horarios\n2. Contactar soporte"
WEBHOOK_SECRET = "crm-webhook-secret"
MARIA = {"id": "agent_001", "name": "María González", "estimatedResponseTime": "5-10 minutes"}


class Customer:
    """The customer's phone: a sandbox session of its own, so what reaches it can be read back."""

    def __init__(self, client) -> None:
        self.client = client
        self.seen = 0

    async def says(self, text: str) -> None:
        r = await self.client.post(
            "/api/sandbox/messages", json={"from": CUSTOMER, "to": BOT, "message": text}
        )
        assert r.status_code == 200, r.text

    async def inbox(self) -> list[str]:
        r = await self.client.get(
            "/api/messages/customer", params={"fromMe": "false", "limit": 100}
        )
        return [m["body"] for m in sorted(r.json()["data"]["messages"], key=lambda m: m["id"])]

    async def receives(self, count: int) -> list[str]:
        """The next ``count`` messages that reach the customer, in order."""

        async def arrived() -> list[str] | None:
            inbox = await self.inbox()
            return inbox[self.seen : self.seen + count] if len(inbox) >= self.seen + count else None

        new: list[str] = await eventually(arrived)
        self.seen += count
        return new


def signed_by(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def start(client, crm) -> Customer:
    """The bot's number with its menu and the CRM's webhook; the customer's phone."""
    await link_session(
        client,
        "bot_s",
        BOT,
        push_name="Soporte",
        webhookUrl=f"{crm.url}/webhook",
        webhookSecret=WEBHOOK_SECRET,
        webhookEvents=["message", "handover"],
    )
    await link_session(client, "customer", CUSTOMER, push_name="Juan Pérez")
    assert (await client.put("/api/handover/sessions/bot_s/bot", json=MENU)).status_code == 200
    return Customer(client)


def events(crm, name: str) -> list[dict]:
    return [r.json for r in crm.to("/webhook") if r.json["event"] == name]


async def test_seed_sequence(client, crm_client, crm):
    customer = await start(client, crm)

    await customer.says("hola")
    assert await customer.receives(1) == [MENU_TEXT]

    # "Contactar soporte": a ticket and "connecting…".
    await customer.says("Contactar soporte")
    assert await customer.receives(1) == ["Conectando con agente especializado..."]
    chat = (await client.get(f"/api/handover/sessions/bot_s/chats/{CUSTOMER}")).json()["data"]
    assert chat["owner"] == "pending"
    ticket_id = chat["ticket"]["ticketId"]

    # The CRM assigns María.
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
    assert r.status_code == 200 and r.json()["data"]["action"] == "assigned"
    assert await customer.receives(1) == ["Agente María conectado"]

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
    # messages are filed under the ticket.
    await customer.says("menu")
    await customer.says("Gracias, ya pagué la factura")

    ticket = (await client.get(f"/api/handover/tickets/{ticket_id}")).json()["data"]
    said = [m["content"] for m in ticket["messages"] if m["author"] == "user"]
    assert said == ["Contactar soporte", "menu", "Gracias, ya pagué la factura"]

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
    # The bot is back.
    await customer.says("1")
    assert await customer.receives(1) == ["De 8 a 18 h."]

"""The bot, the customer and its phone, the menu, tickets and what the CRM heard, for the handover
tests."""

from __future__ import annotations

import hashlib
import hmac

from tests.support import eventually, link_session

PHONE = "573001234567"


async def open_ticket(client, session_id: str, phone: str = PHONE, **body) -> dict:
    r = await client.post(
        f"/api/handover/sessions/{session_id}/tickets",
        json={"phoneNumber": phone, "notifyCrm": False, **body},
    )
    assert r.status_code == 201, r.text
    return r.json()["data"]


MENU = {
    "greeting": "¡Hola {name}! Soy el asistente virtual.",
    "options": [
        {"key": "1", "label": "Horarios", "keywords": ["horario"], "reply": "De 8 a 18 h."},
        {
            "key": "2",
            "label": "Contactar soporte",
            "keywords": ["soporte", "agente"],
            "action": "agent",
            "category": "soporte_agente",
            "priority": "media",
            "routes": [
                {
                    "whenTag": "service_suspended",
                    "category": "reactivacion_servicio",
                    "priority": "alta",
                }
            ],
        },
    ],
}


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
    """The CRM's events of one type, once each: delivery is at least once, and a receiver drops a
    redelivery (a slow answer past the timeout is retried) by its event id."""
    seen: dict[str, dict] = {}
    for r in crm.to("/webhook"):
        if r.json["event"] == name:
            seen.setdefault(r.json["id"], r.json)
    return list(seen.values())

"""The shop, its customer and the bridge to the local Chatwoot, for the Chatwoot tests."""

from __future__ import annotations

import base64
from typing import Any

from tests.chatwoot.fake_chatwoot import AGENT, TOKEN, FakeChatwoot
from tests.support import eventually

SHOP = "34600000001"


CUSTOMER = "34611111111"


CUSTOMER_JID = f"{CUSTOMER}@s.whatsapp.net"


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


MENU = {
    "enabled": True,
    "welcome": "Hi! Pick one:",
    "options": [
        {"key": "1", "label": "Opening hours", "reply": "9 to 5"},
        {"key": "2", "label": "Talk to a person", "action": "agent", "category": "support"},
    ],
}


async def bridge(client: Any, chatwoot: FakeChatwoot, **extra: Any) -> dict[str, Any]:
    r = await client.put(
        "/api/sessions/shop/chatwoot",
        json={
            "baseUrl": chatwoot.url,
            "accountId": 1,
            "inboxName": "WhatsApp shop",
            "apiAccessToken": TOKEN,
            **extra,
        },
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]["chatwoot"]
    return data


async def customer_says(client: Any, text: str, **body: Any) -> dict[str, Any]:
    r = await client.post(
        "/api/sandbox/messages", json={"from": CUSTOMER, "to": SHOP, "message": text, **body}
    )
    assert r.status_code == 200, r.text
    message: dict[str, Any] = r.json()["data"]["message"]
    return message


async def customer_inbox(client: Any) -> list[dict[str, Any]]:
    r = await client.get("/api/messages/customer", params={"fromMe": "false", "limit": 100})
    return sorted(r.json()["data"]["messages"], key=lambda m: m["id"])


async def posted(chatwoot: FakeChatwoot, count: int) -> list[dict[str, Any]]:
    async def enough() -> list[dict[str, Any]] | None:
        found = [m for m in chatwoot.messages.values() if m["sender"]["id"] != AGENT["id"]]
        return found if len(found) >= count else None

    result: list[dict[str, Any]] = await eventually(enough)
    return result

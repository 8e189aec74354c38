"""The Chatwoot bridge: a session linked to a Chatwoot inbox, and what its events did."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import AT, CUSTOMER_JID, GATEWAY_URL, LATER, SESSION_ID

BRIDGE: dict[str, Any] = {
    "sessionId": SESSION_ID,
    "baseUrl": "https://chatwoot.ejemplo.com",
    "accountId": 1,
    "inboxId": 4,
    "inboxName": "WhatsApp Tienda Madrid",
    "apiAccessToken": "…Zr8q",
    "signMessages": True,
    "reopenResolved": True,
    "importHistoryDays": 7,
    "webhookUrl": f"{GATEWAY_URL}/api/chatwoot/cwb_h7Tq2XmB9vLp4RkN8sWc3YdF6gJzA1eU/webhook",
    "signatureVerification": True,
    "createdAt": AT,
    "updatedAt": LATER,
}

EXAMPLES: dict[str, Any] = {
    "ChatwootData": {"chatwoot": BRIDGE},
    "ChatwootDeleted": {"sessionId": SESSION_ID, "deleted": True},
    # An agent's reply in Chatwoot, sent to the customer on WhatsApp.
    "ChatwootEventResult": {
        "event": "message_created",
        "action": "sent",
        "chatId": CUSTOMER_JID,
        "messageIds": [58],
    },
}

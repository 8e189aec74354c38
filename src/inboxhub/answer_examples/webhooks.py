"""Webhooks: subscribers, their deliveries (with each attempt) and the live stream's tickets."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import (
    AT,
    CRM_URL,
    CUSTOMER_JID,
    EVENT_ID,
    ORGANIZATION_ID,
    SECONDS,
    SESSION_ID,
)

WEBHOOK: dict[str, Any] = {
    "id": 3,
    "organizationId": ORGANIZATION_ID,
    "kind": "organization",
    "name": "CRM producción",
    "url": f"{CRM_URL}/webhooks/inboxhub",
    "events": ["message", "message_status", "handover"],
    "hasSecret": True,
    "isActive": True,
    "disabledReason": None,
    "disabledAt": None,
    "failingSince": None,
    "lastSuccessAt": "2026-05-01T10:00:00.048Z",
    "lastFailureAt": "2026-04-28T18:12:40.311Z",
    "sessionId": None,
    "createdAt": "2026-03-02T09:25:10.000Z",
    "updatedAt": "2026-04-28T18:14:02.000Z",
}

DELIVERY: dict[str, Any] = {
    "id": 310,
    "eventId": EVENT_ID,
    "event": "message.received",
    "eventSeq": 1204,
    "sessionId": SESSION_ID,
    "chatId": CUSTOMER_JID,
    "subscriptionId": WEBHOOK["id"],
    "subscriptionKind": "organization",
    "status": "succeeded",
    "attempts": 1,
    "responseStatus": 200,
    "responseBody": '{"ok":true}',
    "durationMs": 48,
    "error": None,
    "lastAttemptAt": AT,
    "nextAttemptAt": None,
    "deliveredAt": "2026-05-01T10:00:00.048Z",
    "createdAt": AT,
    "replayOf": None,
    "waitingFor": None,
    "waitReason": None,
}

# ``message.received`` keeps the first gateway's body, Unix seconds and snake_case keys included:
# the customer's first question, before the answers in the ``messages`` examples.
RECEIVED_PAYLOAD: dict[str, Any] = {
    "sessionId": SESSION_ID,
    "session_db_id": 1,
    "message": {
        "whatsappMessageId": "3A7C9E1B5D3F2A4C6E8B",
        "content": "¿Tenéis la talla 38 en tienda?",
        "chatId": CUSTOMER_JID,
        "from": CUSTOMER_JID,
        "to": SESSION_ID,
        "timestamp": SECONDS,
        "type": "text",
        "has_attachment": False,
        "media": None,
        "messageId": 41,
        "fromMe": False,
        "pushName": "Ana",
        "isGroup": False,
        "participant": None,
        "quotedMessageId": None,
        "caption": None,
        "location": None,
        "vcard": None,
        "vcards": None,
        "mentions": [],
    },
}

EXAMPLES: dict[str, Any] = {
    "WebhookList": {"webhooks": [WEBHOOK], "total": 1},
    "WebhookRead": WEBHOOK,
    "WebhookDeleted": {"id": WEBHOOK["id"], "deleted": True},
    "SubscriptionList": {
        "organizationId": ORGANIZATION_ID,
        "subscriptions": [WEBHOOK],
        "total": 1,
    },
    "SubscriberRemoved": {"id": 8, "kind": "session", "removed": True},
    "SessionWebhookRemoved": {"sessionId": SESSION_ID, "removed": True},
    "WebhookTestResult": {
        "delivered": True,
        "eventId": "evt_019de2fb1c41d0b7e94a12f3c58e6a07",
        "url": WEBHOOK["url"],
        "statusCode": 200,
        "durationMs": 112,
        "responseBody": '{"ok":true}',
        "error": None,
        "signed": True,
    },
    "WebhookDeliveryList": {
        "deliveries": [DELIVERY],
        "total": 1,
        "pagination": {"total": 1, "page": 1, "limit": 50, "pages": 1},
    },
    "WebhookDeliveryDetail": {
        **DELIVERY,
        "status": "succeeded",
        "attempts": 2,
        "payload": RECEIVED_PAYLOAD,
        "attemptLog": [
            {
                "attempt": 1,
                "startedAt": AT,
                "durationMs": 7003,
                "responseStatus": None,
                "responseBody": None,
                "error": "no answer within 7 s",
                "url": WEBHOOK["url"],
            },
            {
                "attempt": 2,
                "startedAt": "2026-05-01T10:00:09.000Z",
                "durationMs": 48,
                "responseStatus": 200,
                "responseBody": '{"ok":true}',
                "error": None,
                "url": WEBHOOK["url"],
            },
        ],
        "lastAttemptAt": "2026-05-01T10:00:09.000Z",
        "deliveredAt": "2026-05-01T10:00:09.048Z",
    },
    "ReplayResult": {"queued": 14, "truncated": False},
    "EventTicket": {
        "ticket": "evt_eyJvIjogMSwgImsiOiA0LCAiZSI6IDE3Nzc2Mjk2NjB9.9c1e5b7a…",
        "expiresIn": 60,
        "expiresAt": "2026-05-01T10:01:00.000Z",
    },
}

"""Message broker sinks (AMQP, NATS): where each event is published, and a test publish."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import ORGANIZATION_ID

# A test publish carries no session: its routing key says so with ``_``.
SINK: dict[str, Any] = {
    "id": 6,
    "organizationId": ORGANIZATION_ID,
    "type": "amqp",
    "name": "RabbitMQ del CRM",
    "url": "amqps://inboxhub:***@rabbit.ejemplo.com:5671/crm",
    "hasCredentials": True,
    "exchange": "whatsapp.events",
    "subjectPrefix": None,
    "routingKey": f"{ORGANIZATION_ID}.{{sessionId}}.{{event}}",
    "events": ["message", "message_status"],
    "hasSecret": True,
    "isActive": True,
    "disabledReason": None,
    "disabledAt": None,
    "failingSince": None,
    "lastSuccessAt": "2026-05-01T10:00:00.031Z",
    "lastFailureAt": None,
    "createdAt": "2026-04-15T08:30:00.000Z",
    "updatedAt": "2026-04-15T08:30:00.000Z",
}

EXAMPLES: dict[str, Any] = {
    "SinkList": {"sinks": [SINK], "total": 1},
    "SinkRead": SINK,
    "SinkDeleted": {"id": SINK["id"], "deleted": True},
    "SinkTestResult": {
        "delivered": True,
        "eventId": "evt_019de2fb1d2e7c40b1f9a5d3e86c204b",
        "url": SINK["url"],
        "routingKey": f"{ORGANIZATION_ID}._.webhook.test",
        "durationMs": 23,
        "result": "confirmed by the broker: exchange 'whatsapp.events', "
        f"routing key '{ORGANIZATION_ID}._.webhook.test'",
        "error": None,
        "signed": True,
    },
}

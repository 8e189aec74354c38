"""The webhook inspector: a capture URL that records what reaches it and checks the signature."""

from __future__ import annotations

import json
from typing import Any

from inboxhub.answer_examples.common import (
    EVENT_ID,
    GATEWAY_URL,
    ORGANIZATION_ID,
    SECONDS,
    SESSION_ID,
)
from inboxhub.answer_examples.webhooks import RECEIVED_PAYLOAD

TOKEN = "whi_Xq7mR2vK9pL4tN8wZ3cB6yH1dF5gJ0sA"
URL = f"{GATEWAY_URL}/api/webhooks/inspector/{TOKEN}"

# The capture of the gateway's own delivery: the body exactly as it was sent, and its length.
_BODY = {"id": EVENT_ID, "event": "message.received", "data": RECEIVED_PAYLOAD}
_RAW = json.dumps(_BODY, separators=(",", ":"), ensure_ascii=False)

CAPTURE: dict[str, Any] = {
    "id": 88,
    "receivedAt": "2026-05-01T10:00:00.046Z",
    "event": "message.received",
    "eventId": EVENT_ID,
    "sessionId": SESSION_ID,
    "signature": {
        "status": "valid",
        "valid": True,
        "subscriber": {
            "kind": "session",
            "subscriptionId": 8,
            "sessionId": SESSION_ID,
            "name": "Tienda Madrid",
            "hasSecret": True,
        },
        "checks": {"x-webhook-signature": True, "x-signature": True, "webhook-signature": True},
    },
    "body": _BODY,
    "bodyBytes": len(_RAW.encode()),
    "responseStatus": 200,
}

EXAMPLES: dict[str, Any] = {
    "InspectorRead": {
        "organizationId": ORGANIZATION_ID,
        "url": URL,
        "token": TOKEN,
        "captures": 12,
        "keeps": 100,
        "stream": "/api/events/stream?types=webhook.inspected",
        "createdAt": "2026-04-20T16:45:00.000Z",
    },
    "CaptureList": {"captures": [CAPTURE], "total": 1},
    "CaptureData": {
        "capture": {
            **CAPTURE,
            "headers": {
                "host": "gateway.ejemplo.com",
                "content-type": "application/json",
                "user-agent": "InboxHub-Webhooks/0.1.0",
                "x-webhook-event": "message.received",
                "x-webhook-attempt": "1",
                "x-webhook-session": SESSION_ID,
                "webhook-id": EVENT_ID,
                "webhook-timestamp": str(SECONDS),
                "x-webhook-signature": "5d41402abc4b2a76b9719d911017c592…",
                "x-signature": "5d41402abc4b2a76b9719d911017c592…",
                "webhook-signature": "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
            },
            "rawBody": _RAW,
        }
    },
    "CaptureRecorded": {"captureId": CAPTURE["id"], "signature": "valid"},
    "CapturesDeleted": {"deleted": 12},
}

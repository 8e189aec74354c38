"""Sessions: one WhatsApp number each, linked by QR or pairing code."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import AT, CRM_URL, LATER, PAGE, SESSION_ID, SESSION_PHONE

QR_EXPIRES = "2026-05-01T10:01:00.000Z"
# WhatsApp Web's pairing reference and the device's public keys, as the QR encodes them.
QR_TEXT = (
    "2@hYq3Xk9J2mZt8LwR4v0sQ1cB6yH5nTe7…,oJ8tN1vB4wL6cZ0dF5gH7jK2sA9qE3uRyM1pX4vWc8=,"
    "Xq7mR2vK9pL4tN8wZ3cB6yH1dF5gJ0sAeT2uI6oP0aS=,bT4nW8eY2uI6oP0aS5dF9gH3jK7lZ1xC6vB0nM4qR8w="
)

SESSION: dict[str, Any] = {
    "id": 1,
    "sessionId": SESSION_ID,
    "sessionName": "Tienda Madrid",
    "name": "Tienda Madrid",
    "description": "Atención al cliente de la tienda de Gran Vía",
    "engine": "web",
    "proxyUrl": None,
    "status": "connected",
    "phoneNumber": SESSION_PHONE,
    "isConnected": True,
    "hasQR": False,
    "lastActivity": LATER,
    "lastDisconnectReason": None,
    "webhookUrl": f"{CRM_URL}/webhooks/whatsapp",
    "webhookEvents": ["message", "message_status"],
    "hasWebhookSecret": True,
    "rejectCalls": True,
    "rejectCallMessage": "No atendemos llamadas por WhatsApp; escríbenos y te respondemos.",
    "sendToFrappe": False,
    "createdAt": AT,
    "node": "gw-madrid-1",
}

# One session's own answers (GET and PUT) add the linked phone's profile.
SESSION_DETAIL: dict[str, Any] = {
    **SESSION,
    "profile": {
        "name": "Tienda Madrid",
        "about": "Lunes a sábado, de 10:00 a 21:00",
        "profilePictureUrl": "",
        "isBusiness": True,
    },
}

EXAMPLES: dict[str, Any] = {
    "SessionCreated": {
        **SESSION,
        "lastActivity": None,
        "status": "qr_code",
        "phoneNumber": None,
        "isConnected": False,
        "hasQR": True,
        "qrCode": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAARQAAAEUCAYAAADqcMl5…",
        "qrText": QR_TEXT,
        "expiresAt": QR_EXPIRES,
    },
    "SessionData": {"session": SESSION_DETAIL},
    "SessionList": {"sessions": [SESSION], "total": 1, "pagination": PAGE},
    "SessionStatusRead": {
        key: SESSION[key]
        for key in (
            "id",
            "sessionId",
            "status",
            "phoneNumber",
            "lastActivity",
            "isConnected",
            "hasQR",
            "lastDisconnectReason",
        )
    },
    "SessionQr": {
        "qrCode": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAARQAAAEUCAYAAADqcMl5…",
        "qrText": QR_TEXT,
        "sessionId": SESSION_ID,
        "expiresAt": QR_EXPIRES,
        "status": "qr_code",
    },
    "SessionStateChange": {"sessionId": SESSION_ID, "status": "connecting"},
    "PairingCodeRead": {
        "sessionId": SESSION_ID,
        "pairingCode": "K7QP9X2M",
        "phoneNumber": SESSION_PHONE,
    },
    "ProfileRead": {
        "sessionId": SESSION_ID,
        "profile": {
            **SESSION_DETAIL["profile"],
            "profilePictureUrl": "https://pps.whatsapp.net/v/t61.24694-24/491823746_n.jpg?oh=…",
        },
    },
    "SessionDeleted": {"sessionId": SESSION_ID, "deleted": True},
    "FrappeSetting": {"sessionId": SESSION_ID, "sendToFrappe": True},
    "FrappeStatus": {
        "sessionId": SESSION_ID,
        "sendToFrappe": True,
        "status": "connected",
        "sessionName": "Tienda Madrid",
        "webhookConfigured": True,
    },
}

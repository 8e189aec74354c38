"""Answer examples of the API document (``/api/docs``), keyed by the ``data`` schema's name; the
envelope around them is added by ``api_docs``. ``tests/test_api_document.py`` validates each one
against its schema, so they stay true to the answers."""

from __future__ import annotations

from typing import Any

_AT = "2026-05-01T10:00:00.000Z"
_PAGE = {"total": 1, "page": 1, "limit": 20, "pages": 1}

SESSION: dict[str, Any] = {
    "id": 1,
    "sessionId": "tienda_madrid",
    "sessionName": "Tienda Madrid",
    "name": "Tienda Madrid",
    "description": None,
    "engine": "sandbox",
    "proxyUrl": None,
    "status": "connected",
    "phoneNumber": "34600000001",
    "isConnected": True,
    "hasQR": False,
    "lastActivity": _AT,
    "lastDisconnectReason": None,
    "webhookUrl": "https://crm.ejemplo.com/webhooks/whatsapp",
    "webhookEvents": ["message", "message_status"],
    "hasWebhookSecret": True,
    "rejectCalls": False,
    "rejectCallMessage": None,
    "sendToFrappe": False,
    "createdAt": _AT,
    "node": None,
}

MESSAGE: dict[str, Any] = {
    "id": 42,
    "messageId": 42,
    "whatsappMessageId": "3EB0C767D26A1D8E5A2F",
    "sessionId": "tienda_madrid",
    "chatId": "34657032985@s.whatsapp.net",
    "fromMe": True,
    "from": "34600000001@s.whatsapp.net",
    "pushName": None,
    "body": "Hola, este es un mensaje de prueba",
    "type": "text",
    "status": "sent",
    "timestamp": _AT,
    "mediaUrl": None,
    "media": None,
    "hasReactions": False,
    "reactions": [],
    "quotedMessageId": None,
    "mentions": [],
    "isHistory": False,
    "isEdited": False,
    "isDeleted": False,
    "error": None,
    "errorCode": None,
    "source": "api",
    "deliveredAt": None,
    "readAt": None,
}

CONTACT: dict[str, Any] = {
    "id": "34657032985@s.whatsapp.net",
    "contactId": 7,
    "name": "Ana García",
    "verifiedName": None,
    "notify": "Ana",
    "pushName": "Ana",
    "phoneNumber": "34657032985",
    "lid": None,
    "imgUrl": None,
    "isUser": True,
    "isGroup": False,
    "isWAContact": True,
    "isBusiness": False,
    "inAddressBook": True,
    "tags": ["cliente"],
    "notes": None,
    "assignedToUserId": None,
    "createdAt": _AT,
    "updatedAt": _AT,
    "sessionId": "tienda_madrid",
}

DELIVERY: dict[str, Any] = {
    "id": 310,
    "eventId": "evt_01HZX3K9R6T8V2M4N5P7Q8S9T0",
    "event": "message.received",
    "eventSeq": 1204,
    "sessionId": "tienda_madrid",
    "chatId": "34657032985@s.whatsapp.net",
    "subscriptionId": 3,
    "subscriptionKind": "session",
    "status": "succeeded",
    "attempts": 1,
    "responseStatus": 200,
    "responseBody": '{"ok":true}',
    "durationMs": 48,
    "error": None,
    "lastAttemptAt": _AT,
    "nextAttemptAt": None,
    "deliveredAt": _AT,
    "createdAt": _AT,
    "replayOf": None,
    "waitingFor": None,
    "waitReason": None,
}

ANSWER_EXAMPLES: dict[str, Any] = {
    "SessionCreated": {
        **SESSION,
        "status": "qr_code",
        "phoneNumber": None,
        "isConnected": False,
        "hasQR": True,
        "qrCode": "data:image/png;base64,iVBORw0KGgo…",
        "qrText": "2@sandbox-tienda_madrid-k3J9x…",
        "expiresAt": _AT,
    },
    "SessionData": {"session": SESSION},
    "SessionList": {"sessions": [SESSION], "total": 1, "pagination": _PAGE},
    "SendResult": {
        "message": MESSAGE,
        "messageId": 42,
        "whatsappMessageId": "3EB0C767D26A1D8E5A2F",
        "status": "sent",
        "timestamp": _AT,
    },
    "MessageList": {"messages": [MESSAGE], "total": 1, "pagination": _PAGE},
    "ContactList": {"contacts": [CONTACT], "total": 1, "pagination": _PAGE, "search": None},
    "WebhookDeliveryList": {"deliveries": [DELIVERY], "total": 1, "pagination": _PAGE},
}

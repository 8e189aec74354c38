"""Messages: sends, the stored history, chats and their unread counts."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import (
    AT,
    CUSTOMER_JID,
    LATER,
    PAGE,
    SESSION_ID,
    SESSION_JID,
    WAMID,
)

# Sent from the API, as POST /send answers it (no receipt yet).
MESSAGE: dict[str, Any] = {
    "id": 42,
    "messageId": 42,
    "whatsappMessageId": WAMID,
    "sessionId": SESSION_ID,
    "chatId": CUSTOMER_JID,
    "fromMe": True,
    "from": SESSION_JID,
    "pushName": None,
    "body": "Hola Ana, tu pedido PED-1042 ya está listo para recoger en tienda.",
    "type": "text",
    "status": "sent",
    "timestamp": AT,
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

# The customer's answer, quoting the message above.
INBOUND: dict[str, Any] = {
    **MESSAGE,
    "id": 43,
    "messageId": 43,
    "whatsappMessageId": "3AF1B2C3D4E5F6A7B8C9",
    "fromMe": False,
    "from": CUSTOMER_JID,
    "pushName": "Ana",
    "body": "¡Genial! Paso esta tarde a recogerlo. ¿Hasta qué hora abrís?",
    "status": "received",
    "timestamp": LATER,
    "quotedMessageId": WAMID,
    "source": "inbound",
}

SEND_RESULT: dict[str, Any] = {
    "message": MESSAGE,
    "messageId": MESSAGE["id"],
    "whatsappMessageId": WAMID,
    "status": "sent",
    "timestamp": AT,
}

EXAMPLES: dict[str, Any] = {
    # One recipient's answer; a list of recipients answers the bulk send's shape instead.
    "SendResult": SEND_RESULT,
    "MessageList": {"messages": [MESSAGE], "total": 1, "pagination": PAGE},
    "MessageData": {
        "message": {
            **MESSAGE,
            "status": "read",
            "hasReactions": True,
            "reactions": [
                {"emoji": "👍", "from": CUSTOMER_JID, "fromMe": False, "timestamp": LATER}
            ],
            "deliveredAt": "2026-05-01T10:00:01.204Z",
            "readAt": "2026-05-01T10:03:57.910Z",
        }
    },
    "ChatHistory": {
        "messages": [INBOUND],
        "total": 1,
        "pagination": {**PAGE, "limit": 50},
        "chatId": CUSTOMER_JID,
    },
    "ChatList": {
        "chats": [
            {
                "id": CUSTOMER_JID,
                "chatId": CUSTOMER_JID,
                "name": "Ana García",
                "isGroup": False,
                "unreadCount": 1,
                "lastMessageAt": LATER,
                "timestamp": LATER,
                "lastInboundAt": LATER,
                "serviceWindowExpiresAt": None,
                "lastMessage": INBOUND,
            }
        ],
        "total": 1,
        "pagination": PAGE,
    },
    "UnreadList": {
        "messages": [INBOUND],
        "total": 1,
        "pagination": PAGE,
        "bySession": [{"sessionId": SESSION_ID, "unread": 1}],
    },
    "ChatMarkedRead": {
        "sessionId": SESSION_ID,
        "chatId": CUSTOMER_JID,
        "markedAsRead": 1,
        "readAt": "2026-05-01T10:05:02.117Z",
    },
    "PresenceSent": {"presence": "composing", "chatId": CUSTOMER_JID},
    "MessageStats": {
        "stats": {
            "total": 57,
            "sent": 31,
            "received": 26,
            "byType": {"text": 49, "image": 6, "document": 2},
            "byStatus": {"read": 24, "delivered": 5, "failed": 2, "received": 26},
            "byDay": [
                {"date": "2026-04-30", "sent": 14, "received": 11, "total": 25},
                {"date": "2026-05-01", "sent": 17, "received": 15, "total": 32},
            ],
            "failed": 2,
            "unread": 26,
        },
        "period": {"startDate": "2026-04-24T10:00:00.000Z", "endDate": AT},
        "sessionId": SESSION_ID,
    },
}

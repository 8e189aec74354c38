"""Statuses (stories): the session's own, with who saw them, and its contacts'."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import (
    AT,
    CUSTOMER_JID,
    CUSTOMER_NAME,
    CUSTOMER_PHONE,
    EXPIRES,
    LATER,
    PAGE,
    SESSION_ID,
    SESSION_JID,
    SESSION_PHONE,
)

# The session's own image status: only its own list who viewed and reacted.
OWN: dict[str, Any] = {
    "id": 15,
    "statusId": "3EB0F2A4C6E8091B3D5F70",
    "fromMe": True,
    "sender": SESSION_JID,
    "senderPhone": SESSION_PHONE,
    "senderName": "Tienda Madrid",
    "type": "image",
    "text": None,
    "caption": "¡Nueva colección de primavera ya en tienda! 🌸",
    "backgroundColor": None,
    "font": None,
    "mediaUrl": f"/api/status/sessions/{SESSION_ID}/statuses/15/media",
    "mimetype": "image/jpeg",
    "size": 184213,
    "timestamp": AT,
    "expiresAt": EXPIRES,
    "isActive": True,
    "viewed": False,
    "viewedAt": None,
    "myReaction": None,
    "viewers": [{"id": CUSTOMER_JID, "viewedAt": LATER, "reaction": "😍"}],
    "viewCount": 1,
    "reactionCount": 1,
}

# A contact's text status, seen by the session (and reacted to).
CONTACTS: dict[str, Any] = {
    "id": 16,
    "statusId": "3AD9E1C7B5A3F2E4D6C8",
    "fromMe": False,
    "sender": CUSTOMER_JID,
    "senderPhone": CUSTOMER_PHONE,
    "senderName": CUSTOMER_NAME,
    "type": "text",
    "text": "De vacaciones hasta el lunes ☀️",
    "caption": None,
    "backgroundColor": "#FF7ACBA5",
    "font": 2,
    "mediaUrl": None,
    "mimetype": None,
    "size": None,
    "timestamp": AT,
    "expiresAt": EXPIRES,
    "isActive": True,
    "viewed": True,
    "viewedAt": LATER,
    "myReaction": "👍",
}

EXAMPLES: dict[str, Any] = {
    "StatusList": {"statuses": [OWN], "total": 1, "pagination": PAGE},
    "StatusData": {"status": CONTACTS},
}

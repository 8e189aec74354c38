"""Recording events: the single entry point every feature uses to say "this happened"."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.models import Event

# Payload event name -> subscription event name (what ``webhookEvents`` lists).
SUBSCRIPTION_NAMES = {
    "message.received": "message",
    "message.sent": "message",
    "message.status": "message_status",
    "message.updated": "message",
    "session.status": "session_status",
    "session.qr": "qr_code",
    "group.updated": "group",
    "contact.updated": "contact",
    "status.received": "message",
    "handover.updated": "handover",
}


def new_event_id() -> str:
    return "evt_" + uuid.uuid4().hex


async def publish(
    db: AsyncSession,
    *,
    organization_id: int,
    event_type: str,
    payload: dict[str, Any],
    session: WhatsAppSession | None = None,
    chat_id: str | None = None,
) -> Event:
    """Record an event in the caller's transaction; deliveries are created with it, never after."""
    event = Event(
        id=new_event_id(),
        organization_id=organization_id,
        session_pk=session.id if session else None,
        session_id=session.session_id if session else None,
        type=event_type,
        chat_id=chat_id,
        payload=payload,
    )
    db.add(event)
    await db.flush()
    return event

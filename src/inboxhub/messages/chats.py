"""Chats: one row per conversation of a session, kept current as messages come and go."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, bindparam, case, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import UtcDateTime, utcnow
from inboxhub.direct import Direct
from inboxhub.messages.models import READ, Chat, Message
from inboxhub.sessions.models import WhatsAppSession

# One statement whatever the case, compiled once: it runs for every message sent or received.
_TOUCH_CHAT = Direct(
    text(
        """
    INSERT INTO chats (organization_id, session_pk, chat_id, name, is_group, unread_count,
                       last_message_pk, last_message_at, last_inbound_at, created_at, updated_at)
    VALUES (:organization_id, :session_pk, :chat_id, :name, :is_group, :unread,
            :message_pk, :at, :inbound_at, :now, :now)
    ON CONFLICT (session_pk, chat_id) DO UPDATE SET
        unread_count = chats.unread_count + excluded.unread_count,
        last_inbound_at = CASE
            WHEN excluded.last_inbound_at IS NOT NULL AND (chats.last_inbound_at IS NULL
                 OR excluded.last_inbound_at > chats.last_inbound_at)
            THEN excluded.last_inbound_at ELSE chats.last_inbound_at END,
        name = COALESCE(excluded.name, chats.name),
        last_message_pk = CASE
            WHEN excluded.last_message_pk IS NOT NULL AND (chats.last_message_at IS NULL
                 OR excluded.last_message_at >= chats.last_message_at)
            THEN excluded.last_message_pk ELSE chats.last_message_pk END,
        last_message_at = CASE
            WHEN excluded.last_message_pk IS NOT NULL AND (chats.last_message_at IS NULL
                 OR excluded.last_message_at >= chats.last_message_at)
            THEN excluded.last_message_at ELSE chats.last_message_at END,
        updated_at = excluded.updated_at
    """
    ).bindparams(
        bindparam("is_group", type_=Boolean()),
        bindparam("at", type_=UtcDateTime()),
        bindparam("inbound_at", type_=UtcDateTime()),
        bindparam("now", type_=UtcDateTime()),
    )
)


def chat_touch(
    session: WhatsAppSession,
    *,
    chat_id: str,
    message_pk: int | None,
    at: datetime,
    unread: int = 0,
    name: str | None = None,
    now: datetime | None = None,
    inbound_at: datetime | None = None,
) -> dict[str, Any]:
    """One message's part of ``touch_chats``: create or refresh its chat (last message if
    newer, unread count, name, and ``inbound_at``: when the contact last wrote, which opens
    the Cloud API's customer service window)."""
    return {
        "organization_id": session.organization_id,
        "session_pk": session.id,
        "chat_id": chat_id,
        "name": name,
        "is_group": chat_id.endswith("@g.us"),
        "unread": unread,
        "message_pk": message_pk,
        "at": at if message_pk else None,
        "inbound_at": inbound_at,
        "now": now or utcnow(),
    }


async def touch_chats(db: AsyncSession, touches: list[dict[str, Any]]) -> None:
    """Create or refresh the chats of many messages in one statement, in the order given."""
    await _TOUCH_CHAT.execute_many(db, touches)


async def read_one(
    db: AsyncSession, session: WhatsAppSession, message: Message, at: datetime
) -> None:
    message.status = READ
    message.read_at = at
    if counts_as_unread(message):
        await db.execute(
            update(Chat)
            .where(Chat.session_pk == session.id, Chat.chat_id == message.chat_id)
            .values(unread_count=case((Chat.unread_count > 0, Chat.unread_count - 1), else_=0))
        )


def counts_as_unread(message: Message) -> bool:
    return not message.from_me and not message.is_history and message.type != "reaction"

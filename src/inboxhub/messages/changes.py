"""Acting on messages already there: edit and delete for everyone what this session sent, mark
what it received as read (read receipts go back to the senders through the engine)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.addressing import to_jid
from inboxhub.db import commit_now, utcnow
from inboxhub.engines.base import CHAT_PRESENCES, MessageRef, Presence
from inboxhub.envelope import iso
from inboxhub.errors import ValidationFailed
from inboxhub.messages import content as contents
from inboxhub.messages import payloads, recorder
from inboxhub.messages.delivery import mark_failed
from inboxhub.messages.models import Chat, Message
from inboxhub.messages.prepare import find_message, ref_of
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import require_connected
from inboxhub.webhooks.outbox import publish


async def edit(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, ref: str, text: str
) -> Message:
    message = await find_message(db, session, ref)
    if not message.from_me:
        raise ValidationFailed("Only messages this session sent can be edited", field="messageId")
    if message.revoked_at is not None:
        raise ValidationFailed("A deleted message cannot be edited", field="messageId")
    if message.type != "text" and not (
        message.type in contents.MEDIA_TYPES and message.type != "sticker"
    ):
        raise ValidationFailed(f"A {message.type} message has no text to edit", field="messageId")
    target = ref_of(message, field="messageId")
    client = require_connected(runtime, session)
    await commit_now(db)  # no connection held while the engine works
    await client.edit_message(target, text)
    now = utcnow()
    recorder.set_text(message, text)
    message.edited_at = now
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="message.updated",
        chat_id=message.chat_id,
        payload=payloads.updated_payload(session, message, action="edited", at=now),
    )
    return message


async def revoke(db: AsyncSession, runtime: Runtime, session: WhatsAppSession, ref: str) -> Message:
    """Delete for everyone; a message still queued by the pacer is simply not sent."""
    message = await find_message(db, session, ref)
    if message.status == "queued":
        await mark_failed(db, session, message, "cancelled before it was sent", code="CANCELLED")
        return message
    if not message.from_me:
        raise ValidationFailed(
            "Only messages this session sent can be deleted for everyone", field="messageId"
        )
    if message.revoked_at is not None:
        return message
    target = ref_of(message, field="messageId")
    client = require_connected(runtime, session)
    await commit_now(db)
    await client.revoke_message(target)
    now = utcnow()
    message.revoked_at = now
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="message.updated",
        chat_id=message.chat_id,
        payload=payloads.updated_payload(session, message, action="revoked", at=now),
    )
    return message


async def send_presence(
    runtime: Runtime, session: WhatsAppSession, presence: Presence, chat_ref: str | None
) -> dict[str, Any]:
    """Tell contacts the session is online, or typing or recording in one chat."""
    chat_id = None
    if presence in CHAT_PRESENCES:
        if not chat_ref:
            raise ValidationFailed(f"chatId is required for '{presence}'", field="chatId")
        chat_id = to_jid(chat_ref, field="chatId")
    await require_connected(runtime, session).send_presence(presence, chat_id)
    return {"presence": presence, "chatId": chat_id}


async def mark_chat_read(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, chat_ref: str
) -> dict[str, Any]:
    """Send read receipts for every unread incoming message of a chat, then clear its count."""
    chat_id = to_jid(chat_ref, field="chatId")
    client = require_connected(runtime, session)
    unread = select(Message).where(
        Message.session_pk == session.id,
        Message.chat_id == chat_id,
        Message.from_me.is_(False),
        Message.status == "received",
    )
    now, marked = utcnow(), 0
    if client.reads_up_to:
        # WhatsApp marks the chat read up to a message: one receipt, for the newest, is enough.
        newest = (
            await db.execute(
                unread.where(Message.whatsapp_message_id.is_not(None))
                .order_by(Message.id.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        if newest is not None and newest.whatsapp_message_id:
            ref = MessageRef(
                chat_id=chat_id,
                id=newest.whatsapp_message_id,
                from_me=False,
                sender_id=newest.sender_id,
            )
            await commit_now(db)
            await client.mark_read(chat_id, [ref])
    while chunk := list((await db.execute(unread.order_by(Message.id).limit(500))).scalars()):
        refs = [
            MessageRef(
                chat_id=chat_id, id=m.whatsapp_message_id, from_me=False, sender_id=m.sender_id
            )
            for m in chunk
            if m.whatsapp_message_id
        ]
        if refs and not client.reads_up_to:
            await commit_now(db)  # no connection held while the engine works
            await client.mark_read(chat_id, refs)
        for message in chunk:
            message.status, message.read_at = "read", now
        await db.flush()
        marked += len(chunk)
    await db.execute(
        update(Chat)
        .where(Chat.session_pk == session.id, Chat.chat_id == chat_id)
        .values(unread_count=0, updated_at=now)
    )
    return {
        "sessionId": session.session_id,
        "chatId": chat_id,
        "markedAsRead": marked,
        "readAt": iso(now),
    }

"""Recording what engines report about messages: inbound messages, receipts, edits, revokes, and
the engine's confirmation of a send. Called by the session pool, one transaction per batch.

Every change of an outgoing message's status goes through ``move_status``, which never moves a
message backwards and records a ``message.status`` event with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.contacts.service import remember_contact
from inboxhub.db import utcnow
from inboxhub.engines.events import (
    EngineEvent,
    InboundMessage,
    MessageEdited,
    MessageReceived,
    MessageRevoked,
    Receipt,
)
from inboxhub.media import service as media_service
from inboxhub.messages import payloads
from inboxhub.messages.content import MEDIA_TYPES
from inboxhub.messages.models import OUTBOUND_ORDER, READ, RECEIVED, Chat, EarlyReceipt, Message
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.outbox import publish

log = logging.getLogger(__name__)

_RANK = {status: rank for rank, status in enumerate(OUTBOUND_ORDER)}
STATUS_BROADCAST = "status@broadcast"


@dataclass(kw_only=True)
class SendConfirmed(EngineEvent):
    """The engine accepted a message the gateway sent: it now has WhatsApp's id.

    Recorded by the same recorder as receipts, so a receipt that raced ahead of this confirmation
    is always found and applied (see ``EarlyReceipt``).
    """

    message_pk: int
    whatsapp_message_id: str
    timestamp: datetime


def early_receipt_index(runtime: Runtime) -> set[tuple[int, str]]:
    """(session pk, WhatsApp id) of receipts waiting for their message: skips a query per send."""
    index: set[tuple[int, str]] = runtime.extras.setdefault("messages.early_receipts", set())
    return index


# ---- statuses ---------------------------------------------------------------------------------


def next_status(current: str, incoming: str, *, voice: bool) -> str | None:
    """The status after a receipt, or None when the receipt changes nothing (never backwards)."""
    if incoming == "played" and not voice:
        incoming = READ  # only voice notes are "played"; for anything else it means seen
    if incoming == "failed":
        return "failed" if current in ("queued", "pending", "sent") else None
    if current == "failed":
        # A delivery receipt proves the message went out after all.
        return incoming if incoming in ("delivered", "read", "played") else None
    if _RANK.get(incoming, -1) > _RANK.get(current, -1):
        return incoming
    return None


async def move_status(
    db: AsyncSession,
    session: WhatsAppSession,
    message: Message,
    status: str,
    *,
    at: datetime,
    error: str | None = None,
) -> None:
    previous = message.status
    message.status = status
    if status in ("delivered", "read", "played"):
        message.delivered_at = message.delivered_at or at
    if status in ("read", "played"):
        message.read_at = message.read_at or at
    if status == "failed":
        message.error = error or message.error or "failed"
    elif status in ("delivered", "read", "played"):
        message.error = None
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="message.status",
        chat_id=message.chat_id,
        payload=payloads.status_payload(session, message, previous=previous, at=at),
    )


# ---- chats ------------------------------------------------------------------------------------


async def touch_chat(
    db: AsyncSession,
    session: WhatsAppSession,
    *,
    chat_id: str,
    message_pk: int | None,
    at: datetime,
    unread: int = 0,
    name: str | None = None,
) -> None:
    """Create or refresh a chat in one statement: last message (if newer), unread count, name."""
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    stmt = insert(Chat).values(
        organization_id=session.organization_id,
        session_pk=session.id,
        chat_id=chat_id,
        name=name,
        is_group=chat_id.endswith("@g.us"),
        unread_count=unread,
        last_message_pk=message_pk,
        last_message_at=at if message_pk else None,
        created_at=now,
        updated_at=now,
    )
    newer = (Chat.last_message_at.is_(None)) | (
        stmt.excluded.last_message_at >= Chat.last_message_at
    )
    values: dict[str, Any] = {"updated_at": now, "unread_count": Chat.unread_count + unread}
    if message_pk:
        values["last_message_pk"] = case(
            (newer, stmt.excluded.last_message_pk), else_=Chat.last_message_pk
        )
        values["last_message_at"] = case(
            (newer, stmt.excluded.last_message_at), else_=Chat.last_message_at
        )
    if name:
        values["name"] = stmt.excluded.name
    await db.execute(
        stmt.on_conflict_do_update(index_elements=["session_pk", "chat_id"], set_=values)
    )


async def _read_one(
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


# ---- inbound ----------------------------------------------------------------------------------


async def _store_media(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, m: InboundMessage
) -> tuple[int | None, dict[str, Any] | None]:
    info = m.media
    if info is None:
        return None, None
    kind = m.type if m.type in MEDIA_TYPES else media_service.kind_of(info.mimetype)
    mimetype = media_service.clean_mimetype(info.mimetype) or "application/octet-stream"
    if info.data is not None:
        media = await media_service.save_bytes(
            db,
            runtime,
            session=session,
            data=info.data,
            mimetype=mimetype,
            kind=kind,
            source="inbound",
            filename=info.filename,
            engine_ref=info.engine_ref,
        )
    elif info.engine_ref:
        media = media_service.remember_remote(
            db,
            session=session,
            kind=kind,
            mimetype=mimetype,
            size=info.size,
            filename=info.filename,
            sha256=info.sha256,
            engine_ref=info.engine_ref,
        )
        await db.flush()
    else:
        return None, {
            "filename": info.filename,
            "mimetype": mimetype,
            "size": info.size,
            "ptt": info.ptt,
        }
    meta = {
        "filename": media.filename,
        "mimetype": media.mimetype,
        "size": media.size,
        "ptt": info.ptt,
    }
    return media.id, meta


def _content_of(m: InboundMessage) -> tuple[str | None, dict[str, Any]]:
    content: dict[str, Any] = {}
    if m.mentions:
        content["mentions"] = list(m.mentions)
    body = m.text if m.type == "text" else m.caption
    if m.type == "text":
        content["text"] = m.text or ""
    if m.media is not None:
        content.update(
            caption=m.caption, filename=m.media.filename, mimetype=m.media.mimetype, ptt=m.media.ptt
        )
    if m.location is not None:
        loc = m.location
        content["location"] = {
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "name": loc.name,
            "address": loc.address,
        }
    if m.vcards:
        content["displayName"] = m.contact_display_name
        content["vcards"] = list(m.vcards)
    if m.type == "reaction":
        content["emoji"] = m.reaction or ""
        body = None
    return body, content


async def record_message(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: MessageReceived
) -> None:
    m = event.message
    known = (
        await db.execute(
            select(Message.id).where(
                Message.session_pk == session.id, Message.whatsapp_message_id == m.id
            )
        )
    ).first()
    if known is not None:
        return  # engines deliver again after reconnects; the first copy stands
    media_id, media_meta = await _store_media(db, runtime, session, m)
    body, content = _content_of(m)
    message = Message(
        organization_id=session.organization_id,
        session_pk=session.id,
        chat_id=m.chat_id,
        whatsapp_message_id=m.id,
        from_me=m.from_me,
        sender_id=m.sender_id,
        push_name=m.push_name,
        type=m.type,
        body=body,
        content=content,
        media_id=media_id,
        media=media_meta,
        quoted_message_id=m.reaction_target_id if m.type == "reaction" else m.quoted_id,
        status="sent" if m.from_me else RECEIVED,
        source="phone" if m.from_me else "inbound",
        is_history=event.history,
        timestamp=m.timestamp,
    )
    db.add(message)
    await db.flush()
    if not m.from_me:
        await remember_contact(
            db, session, jid=m.sender_id, push_name=m.push_name, phone_number=m.sender_phone
        )
    if m.chat_id != STATUS_BROADCAST:
        if m.is_group or m.chat_id.endswith("@g.us"):
            await remember_contact(db, session, jid=m.chat_id, is_group=True)
        await touch_chat(
            db,
            session,
            chat_id=m.chat_id,
            message_pk=None if m.type == "reaction" else message.id,
            at=m.timestamp,
            unread=1 if counts_as_unread(message) else 0,
            name=m.push_name if not m.from_me and not m.chat_id.endswith("@g.us") else None,
        )
    if event.history or m.chat_id == STATUS_BROADCAST:
        return
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="message.sent" if m.from_me else "message.received",
        chat_id=m.chat_id,
        payload=payloads.received_payload(runtime, session, message),
    )


# ---- receipts and send confirmations ----------------------------------------------------------


def _is_voice(message: Message) -> bool:
    return message.type == "audio" and bool((message.media or {}).get("ptt"))


async def apply_receipt(
    db: AsyncSession,
    session: WhatsAppSession,
    message: Message,
    status: str,
    *,
    at: datetime,
    error: str | None = None,
) -> None:
    if not message.from_me:
        # The session itself read it (on the phone, or another linked device).
        if status in ("read", "played") and message.status == RECEIVED:
            await _read_one(db, session, message, at)
        return
    target = next_status(message.status, status, voice=_is_voice(message))
    if target is not None:
        await move_status(db, session, message, target, at=at, error=error)


async def record_receipt(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: Receipt
) -> None:
    ids = list(dict.fromkeys(event.message_ids))
    rows = (
        await db.execute(
            select(Message).where(
                Message.session_pk == session.id, Message.whatsapp_message_id.in_(ids)
            )
        )
    ).scalars()
    known = {row.whatsapp_message_id: row for row in rows}
    index = early_receipt_index(runtime)
    for wamid in ids:
        message = known.get(wamid)
        if message is None:
            db.add(
                EarlyReceipt(
                    session_pk=session.id,
                    whatsapp_message_id=wamid,
                    status=event.status,
                    error=event.error,
                    timestamp=event.timestamp,
                )
            )
            index.add((session.id, wamid))
            continue
        await apply_receipt(
            db, session, message, event.status, at=event.timestamp, error=event.error
        )


async def record_send_confirmed(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: SendConfirmed
) -> None:
    message = await db.get(Message, event.message_pk)
    if message is None or message.session_pk != session.id:
        return
    message.whatsapp_message_id = event.whatsapp_message_id
    if message.status in ("queued", "pending", "failed"):
        await move_status(db, session, message, "sent", at=event.timestamp)
    key = (session.id, event.whatsapp_message_id)
    index = early_receipt_index(runtime)
    if key not in index:
        return
    index.discard(key)
    early = (
        await db.execute(
            select(EarlyReceipt)
            .where(
                EarlyReceipt.session_pk == session.id,
                EarlyReceipt.whatsapp_message_id == event.whatsapp_message_id,
            )
            .order_by(EarlyReceipt.timestamp, EarlyReceipt.id)
        )
    ).scalars()
    for receipt in list(early):
        await apply_receipt(
            db, session, message, receipt.status, at=receipt.timestamp, error=receipt.error
        )
    await db.execute(
        delete(EarlyReceipt).where(
            EarlyReceipt.session_pk == session.id,
            EarlyReceipt.whatsapp_message_id == event.whatsapp_message_id,
        )
    )


# ---- edits and revokes ------------------------------------------------------------------------


async def _by_wamid(db: AsyncSession, session: WhatsAppSession, wamid: str) -> Message | None:
    return (
        await db.execute(
            select(Message).where(
                Message.session_pk == session.id, Message.whatsapp_message_id == wamid
            )
        )
    ).scalar_one_or_none()


def set_text(message: Message, text: str) -> None:
    content = dict(message.content or {})
    content["caption" if message.type in MEDIA_TYPES else "text"] = text
    message.content = content
    message.body = text


async def record_edit(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: MessageEdited
) -> None:
    message = await _by_wamid(db, session, event.message_id)
    if message is None:
        log.info("edit of unknown message %s in session %s", event.message_id, session.session_id)
        return
    set_text(message, event.new_text)
    message.edited_at = event.timestamp
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="message.updated",
        chat_id=message.chat_id,
        payload=payloads.updated_payload(session, message, action="edited", at=event.timestamp),
    )


async def record_revoke(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: MessageRevoked
) -> None:
    message = await _by_wamid(db, session, event.message_id)
    if message is None:
        log.info("revoke of unknown message %s in session %s", event.message_id, session.session_id)
        return
    message.revoked_at = event.timestamp
    if message.status == RECEIVED:
        await _read_one(db, session, message, event.timestamp)
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="message.updated",
        chat_id=message.chat_id,
        payload=payloads.updated_payload(session, message, action="revoked", at=event.timestamp),
    )

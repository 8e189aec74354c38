"""Recording messages engines report: inbound (and sent from the phone), edits and revokes.
Called by the session pool, one transaction per batch; an inbound message is stored with its
chat, contact and media before anything else, and published as ``message.received``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.contacts.service import remember_contact_again
from inboxhub.engines.events import InboundMessage, MessageEdited, MessageReceived, MessageRevoked
from inboxhub.media import service as media_service
from inboxhub.messages import payloads
from inboxhub.messages.chats import chat_touch, counts_as_unread, read_one, touch_chats
from inboxhub.messages.content import MEDIA_TYPES
from inboxhub.messages.models import MESSAGES, RECEIVED, Message, written_message
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.outbox import publish

log = logging.getLogger(__name__)

STATUS_BROADCAST = "status@broadcast"


# Built once, on the table rather than the ORM class: constructing an INSERT of every column,
# or going through the ORM's bulk machinery, costs more than running it.
_INSERT_NEW = {
    name: dialect.insert(MESSAGES)
    .on_conflict_do_nothing(index_elements=["session_pk", "whatsapp_message_id"])
    .returning(MESSAGES.c.id, MESSAGES.c.session_pk, MESSAGES.c.whatsapp_message_id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


async def _known(db: AsyncSession, session: WhatsAppSession, wamid: str) -> bool:
    stmt = select(Message.id).where(
        Message.session_pk == session.id, Message.whatsapp_message_id == wamid
    )
    return (await db.execute(stmt)).first() is not None


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
    if m.interactive is not None:
        content["interactive"] = m.interactive
        body = m.text
    if m.interactive_reply is not None:
        content["interactiveReply"] = m.interactive_reply
    return body, content


# Reacts to a live message once it is stored, in the same transaction; the fields it returns are
# added to the ``message.received`` payload (after seed 01's).
LiveMessageHook = Callable[
    [AsyncSession, Runtime, WhatsAppSession, InboundMessage], Awaitable[dict[str, Any] | None]
]


async def record_messages(
    db: AsyncSession,
    runtime: Runtime,
    items: list[tuple[WhatsAppSession, MessageReceived]],
    *,
    on_live: LiveMessageHook | None = None,
) -> None:
    """Store a run of messages (in one statement) with their chats and contacts, then publish
    each live one in the order they came. A message already stored is skipped: engines deliver
    again after reconnects, and the first copy stands."""
    fresh: dict[tuple[int, str], tuple[WhatsAppSession, MessageReceived]] = {}
    for session, event in items:
        fresh.setdefault((session.id, event.message.id), (session, event))
    candidates: list[tuple[WhatsAppSession, MessageReceived, dict[str, Any]]] = []
    for session, event in fresh.values():
        if event.message.media is not None and await _known(db, session, event.message.id):
            continue  # its media is not saved a second time either
        candidates.append((session, event, await _values(db, runtime, session, event)))
    if not candidates:
        return
    insert_new = _INSERT_NEW[db.get_bind().dialect.name]
    rows = await db.execute(insert_new, [values for _, _, values in candidates])
    stored = {(session_pk, wamid): pk for pk, session_pk, wamid in rows}
    new = [
        (session, event, written_message(pk, values))
        for session, event, values in candidates
        if (pk := stored.get((values["session_pk"], values["whatsapp_message_id"]))) is not None
    ]
    touches = []
    for session, event, message in new:
        touch = await _remember_sender_and_chat(db, runtime, session, event.message, message)
        if touch is not None:
            touches.append(touch)
    await touch_chats(db, touches)
    for session, event, message in new:
        await _publish_received(db, runtime, session, event, message, on_live)


async def _values(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: MessageReceived
) -> dict[str, Any]:
    m = event.message
    media_id, media_meta = await _store_media(db, runtime, session, m)
    body, content = _content_of(m)
    return {
        "organization_id": session.organization_id,
        "session_pk": session.id,
        "chat_id": m.chat_id,
        "whatsapp_message_id": m.id,
        "from_me": m.from_me,
        "sender_id": m.sender_id,
        "push_name": m.push_name,
        "type": m.type,
        "body": body,
        "content": content,
        "media_id": media_id,
        "media": media_meta,
        "quoted_message_id": m.reaction_target_id if m.type == "reaction" else m.quoted_id,
        "status": "sent" if m.from_me else RECEIVED,
        "source": "phone" if m.from_me else "inbound",
        "is_history": event.history,
        "timestamp": m.timestamp,
    }


async def _remember_sender_and_chat(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    m: InboundMessage,
    message: Message,
) -> dict[str, Any] | None:
    """Remember who wrote and where; returns the chat's part of ``touch_chats``."""
    if not m.from_me:
        await remember_contact_again(
            db,
            runtime,
            session,
            jid=m.sender_id,
            push_name=m.push_name,
            phone_number=m.sender_phone,
        )
    if m.chat_id == STATUS_BROADCAST:
        return None
    if m.is_group or m.chat_id.endswith("@g.us"):
        await remember_contact_again(db, runtime, session, jid=m.chat_id, is_group=True)
    return chat_touch(
        session,
        chat_id=m.chat_id,
        message_pk=None if m.type == "reaction" else message.id,
        at=m.timestamp,
        unread=1 if counts_as_unread(message) else 0,
        name=m.push_name if not m.from_me and not m.chat_id.endswith("@g.us") else None,
        inbound_at=None if m.from_me else m.timestamp,
    )


async def _publish_received(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    event: MessageReceived,
    message: Message,
    on_live: LiveMessageHook | None,
) -> None:
    m = event.message
    if event.history or m.chat_id == STATUS_BROADCAST:
        return
    payload = payloads.received_payload(runtime, session, message)
    if on_live is not None:
        payload.update(await on_live(db, runtime, session, m) or {})
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="message.sent" if m.from_me else "message.received",
        chat_id=m.chat_id,
        payload=payload,
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
        await read_one(db, session, message, event.timestamp)
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="message.updated",
        chat_id=message.chat_id,
        payload=payloads.updated_payload(session, message, action="revoked", at=event.timestamp),
    )

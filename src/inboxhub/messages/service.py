"""Sending messages, and changing sent ones (edit, delete for everyone, mark a chat read).

``send`` is the one way the gateway sends: the HTTP endpoint, message templates and the bulk
pacer all go through it, so validation, idempotency, pacing and statuses are the same everywhere.
A send is durable before WhatsApp hears of it: the row is committed as ``pending`` (or ``queued``
past the per-session rate), then the engine is called, then the engine's id and ``sent`` are
recorded by the session pool's recorder, in order with the receipts that follow.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import commit_now, utcnow
from inboxhub.engines.base import EngineClient, MessageRef, Outbound
from inboxhub.errors import ApiError, Conflict, EngineFailure, NotFound, ValidationFailed
from inboxhub.media import service as media_service
from inboxhub.media import sources
from inboxhub.media.models import MediaFile
from inboxhub.messages import content as contents
from inboxhub.messages import payloads, recorder
from inboxhub.messages.addressing import to_jid
from inboxhub.messages.models import Chat, Message
from inboxhub.messages.schemas import MAX_RECIPIENTS, SendMessageRequest
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import require_connected
from inboxhub.webhooks.outbox import publish

log = logging.getLogger(__name__)


class IdempotencyKeyReused(Conflict):
    code = "IDEMPOTENCY_KEY_REUSED"


@dataclass(kw_only=True)
class SendOutcome:
    messages: list[Message]
    bulk: bool
    replayed: bool = False
    batch_id: str | None = None


@dataclass(kw_only=True)
class _Resolved:
    """A draft with its media fetched and its references looked up; nothing stored yet."""

    type: str
    body: str | None
    content: dict[str, Any]
    media: sources.ResolvedMedia | None = None
    mimetype: str | None = None
    referenced: str | None = None  # WhatsApp id of the quoted (or reacted-to) message
    chat_id: str | None = None  # a reaction goes to the chat of its target
    meta: dict[str, Any] = field(default_factory=dict)


# ---- finding messages -------------------------------------------------------------------------


async def find_message(
    db: AsyncSession, session: WhatsAppSession, ref: str, *, field: str = "messageId"
) -> Message:
    """A message of this session by our id or by its WhatsApp id."""
    scope = select(Message).where(Message.session_pk == session.id)
    found = None
    if ref.isdigit() and len(ref) < 19:
        found = (await db.execute(scope.where(Message.id == int(ref)))).scalar_one_or_none()
    if found is None:
        found = (
            await db.execute(scope.where(Message.whatsapp_message_id == ref))
        ).scalar_one_or_none()
    if found is None:
        raise NotFound(f"Message '{ref}' not found in this session", field=field)
    return found


def ref_of(message: Message, *, field: str) -> MessageRef:
    if not message.whatsapp_message_id:
        raise ValidationFailed(f"{field}: message {message.id} has not been sent yet", field=field)
    return MessageRef(
        chat_id=message.chat_id,
        id=message.whatsapp_message_id,
        from_me=message.from_me,
        sender_id=message.sender_id,
    )


# ---- preparing a send -------------------------------------------------------------------------


def recipients_of(to: Any) -> tuple[list[str], bool]:
    if isinstance(to, list):
        if not to:
            raise ValidationFailed("to: give at least one recipient", field="to")
        if len(to) > MAX_RECIPIENTS:
            raise ValidationFailed(
                f"to: {len(to)} recipients; a bulk send takes at most {MAX_RECIPIENTS}", field="to"
            )
        jids = [to_jid(v if isinstance(v, str) else "", field=f"to[{i}]") for i, v in enumerate(to)]
        return list(dict.fromkeys(jids)), True
    if isinstance(to, int) and not isinstance(to, bool):
        to = str(to)
    if not isinstance(to, str):
        raise ValidationFailed("to: a number, a JID or a list of them is required", field="to")
    return [to_jid(to, field="to")], False


async def _resolve(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, draft: contents.Draft
) -> _Resolved:
    content: dict[str, Any] = {}
    if draft.mentions:
        content["mentions"] = draft.mentions
    resolved = _Resolved(type=draft.type, body=draft.text, content=content)
    if draft.quoted_ref:
        quoted = ref_of(
            await find_message(db, session, draft.quoted_ref, field="quotedMessageId"),
            field="quotedMessageId",
        )
        content["quoted"] = contents.ref_dict(quoted)
        resolved.referenced = quoted.id
    if draft.type == "text":
        content["text"] = draft.text
    elif draft.media is not None:
        media = await sources.resolve(
            db, runtime, organization_id=session.organization_id, source=draft.media
        )
        kind = draft.type
        if kind == "media":
            guess = media_service.sniff(media.data) or media_service.clean_mimetype(
                media.declared_mimetype
            )
            kind = media_service.kind_of(guess or "application/octet-stream")
        mimetype = media_service.settle_mimetype(
            kind, media.data, media.declared_mimetype, field=draft.media.field
        )
        filename = media_service.safe_filename(
            draft.filename or media.filename
        ) or media_service.default_filename(kind, mimetype)
        resolved.type, resolved.media, resolved.mimetype = kind, media, mimetype
        content.update(
            caption=draft.text,
            filename=filename,
            mimetype=mimetype,
            ptt=draft.ptt and kind == "audio",
        )
        resolved.meta = {
            "filename": filename,
            "mimetype": mimetype,
            "size": len(media.data),
            "ptt": content["ptt"],
        }
    elif draft.location is not None:
        loc = draft.location
        content["location"] = {
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "name": loc.name,
            "address": loc.address,
        }
        resolved.body = loc.name
    elif draft.type == "contact":
        content.update(displayName=draft.display_name, vcards=draft.vcards)
    elif draft.type == "reaction":
        target = ref_of(
            await find_message(db, session, draft.target_ref or "", field="message.messageId"),
            field="message.messageId",
        )
        content.update(emoji=draft.emoji, target=contents.ref_dict(target))
        resolved.referenced, resolved.chat_id, resolved.body = target.id, target.chat_id, None
    return resolved


async def _store_media(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, resolved: _Resolved
) -> MediaFile | None:
    media = resolved.media
    if media is None:
        return None
    if media.stored is not None and media.stored.mimetype == resolved.mimetype:
        return media.stored  # an upload is sent as it is, not copied
    assert resolved.mimetype is not None
    return await media_service.save_bytes(
        db,
        runtime,
        session=session,
        data=media.data,
        mimetype=resolved.mimetype,
        kind=resolved.type,
        source="outbound",
        filename=resolved.meta.get("filename"),
    )


async def _allowance(runtime: Runtime, session: WhatsAppSession, count: int, *, bulk: bool) -> int:
    """How many of ``count`` messages may go out now; a single send past the rate is refused."""
    item = runtime.limits.messages
    if item is None:
        return count
    if not bulk:
        await runtime.limiter.enforce(
            item, "messages", session.session_id, what="messages for this session"
        )
        return 1
    allowed = 0
    while (
        allowed < count
        and (await runtime.limiter.hit(item, "messages", session.session_id)).allowed
    ):
        allowed += 1
    return allowed


def request_hash(body: SendMessageRequest) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def _replay(
    db: AsyncSession, session: WhatsAppSession, key: str, digest: str
) -> SendOutcome | None:
    rows = list(
        (
            await db.execute(
                select(Message)
                .where(Message.session_pk == session.id, Message.idempotency_key == key)
                .order_by(Message.id)
            )
        ).scalars()
    )
    if not rows:
        return None
    if rows[0].request_hash != digest:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was used for a different request", field="Idempotency-Key"
        )
    return SendOutcome(
        messages=rows, bulk=rows[0].batch_id is not None, replayed=True, batch_id=rows[0].batch_id
    )


async def build_content(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, body: SendMessageRequest
) -> tuple[Outbound, MessageRef | None]:
    """A send body as engine content, validated and with its media fetched, nothing stored.
    The sandbox uses it to play contacts writing with the same bodies as the send endpoint."""
    resolved = await _resolve(db, runtime, session, contents.parse(body))
    return contents.outbound(
        resolved.type, resolved.content, resolved.media.data if resolved.media else None
    )


# ---- sending ----------------------------------------------------------------------------------


async def send(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    body: SendMessageRequest,
    *,
    idempotency_key: str | None = None,
) -> SendOutcome:
    """Send one message to one recipient, or to a list of up to 50 (bulk, paced to the rate).

    Raises the engine's error for a single send that fails (the row stays, ``failed``); in bulk,
    each recipient's row carries its own status. With ``idempotency_key`` a retried call returns
    the messages of the first one instead of sending again.
    """
    recipients, bulk = recipients_of(body.to)
    draft = contents.parse(body)
    if bulk and draft.type == "reaction":
        raise ValidationFailed("to: a reaction goes to one chat, not a list", field="to")
    digest = request_hash(body) if idempotency_key else None
    if idempotency_key and digest:
        replay = await _replay(db, session, idempotency_key, digest)
        if replay is not None:
            return replay
    client = require_connected(runtime, session)
    resolved = await _resolve(db, runtime, session, draft)
    if resolved.chat_id:
        recipients = [resolved.chat_id]
    allowed = await _allowance(runtime, session, len(recipients), bulk=bulk)
    media = await _store_media(db, runtime, session, resolved)
    now = utcnow()
    batch_id = "bat_" + uuid.uuid4().hex if bulk else None
    rows = [
        Message(
            organization_id=session.organization_id,
            session_pk=session.id,
            chat_id=chat_id,
            from_me=True,
            type=resolved.type,
            body=resolved.body,
            content=resolved.content,
            media_id=media.id if media else None,
            media=({**resolved.meta, "id": media.id} if media else None),
            quoted_message_id=resolved.referenced,
            status="pending" if i < allowed else "queued",
            scheduled_at=None if i < allowed else now,
            source="api",
            idempotency_key=idempotency_key,
            request_hash=digest,
            batch_id=batch_id,
            timestamp=now,
        )
        for i, chat_id in enumerate(recipients)
    ]
    db.add_all(rows)
    try:
        await db.flush()
        for row in rows:
            if row.type != "reaction":
                await recorder.touch_chat(
                    db, session, chat_id=row.chat_id, message_pk=row.id, at=now
                )
        await commit_now(db)
    except IntegrityError:
        # A concurrent call with the same Idempotency-Key won the race: answer with its messages.
        await db.rollback()
        if idempotency_key and digest:
            replay = await _replay(db, session, idempotency_key, digest)
            if replay is not None:
                return replay
        raise
    for row in rows:
        db.expunge(row)  # the recorder owns these rows from here on; the request only reads them
    if allowed < len(rows):
        from inboxhub.messages import pacer

        pacer.wake(runtime)
    data = resolved.media.data if resolved.media else None
    for row in rows[:allowed]:
        error = await deliver(db, runtime, session, client, row, data)
        if error is not None and not bulk:
            raise error
    return SendOutcome(messages=rows, bulk=bulk, batch_id=batch_id)


async def deliver(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    client: EngineClient,
    row: Message,
    media_data: bytes | None,
) -> ApiError | None:
    """Hand one committed ``pending`` row to the engine; returns the error when it fails."""
    outbound, reply_to = contents.outbound(row.type, row.content, media_data)
    try:
        result = await client.send_message(row.chat_id, outbound, reply_to=reply_to)
    except ApiError as exc:
        error: ApiError = exc
    except Exception as exc:
        log.exception("engine failed to send message %s", row.id)
        error = EngineFailure(f"The engine could not send the message ({type(exc).__name__})")
    else:
        await runtime.pool.sink(
            recorder.SendConfirmed(
                session_id=session.session_id,
                message_pk=row.id,
                whatsapp_message_id=result.id,
                timestamp=result.timestamp,
            )
        )
        row.whatsapp_message_id = result.id
        row.status = "sent"
        row.timestamp = result.timestamp
        return None
    await mark_failed(db, session, row, error.message)
    return error


async def mark_failed(
    db: AsyncSession, session: WhatsAppSession, row: Message, reason: str
) -> None:
    """Record a send that did not happen, in a transaction of its own (the caller may raise)."""
    now, previous = utcnow(), row.status
    changed = await db.execute(
        update(Message)
        .where(Message.id == row.id, Message.status.in_(("queued", "pending")))
        .values(status="failed", error=reason, updated_at=now)
    )
    if changed.rowcount:  # type: ignore[attr-defined]
        row.status, row.error = "failed", reason
        await publish(
            db,
            organization_id=session.organization_id,
            session=session,
            event_type="message.status",
            chat_id=row.chat_id,
            payload=payloads.status_payload(session, row, previous=previous, at=now),
        )
    await commit_now(db)


async def send_text(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    *,
    to: str | list[str],
    text: str,
    idempotency_key: str | None = None,
    quoted_message_id: str | None = None,
) -> SendOutcome:
    """Send rendered text (message templates use this): one recipient or a bulk list, with the
    same validation (4096 characters, 50 recipients), pacing, idempotency and statuses as
    ``POST /api/messages/{sessionId}/send``. Present the result with ``present``."""
    body = SendMessageRequest(to=to, message=text, type="text", quoted_message_id=quoted_message_id)
    return await send(db, runtime, session, body, idempotency_key=idempotency_key)


def present(runtime: Runtime, session: WhatsAppSession, outcome: SendOutcome) -> dict[str, Any]:
    """The ``data`` of a send answer: seed 01's ``message`` (single) or the list (bulk)."""
    views = [payloads.message_view(runtime, session.session_id, m) for m in outcome.messages]
    if not outcome.bulk:
        view = views[0]
        return {
            "message": view,
            "messageId": view["id"],
            "whatsappMessageId": view["whatsappMessageId"],
            "status": view["status"],
            "timestamp": view["timestamp"],
        }
    counts = {s: sum(1 for v in views if v["status"] == s) for s in ("sent", "queued", "failed")}
    counts["sent"] += sum(
        1 for v in views if v["status"] in ("pending", "delivered", "read", "played")
    )
    return {"messages": views, "total": len(views), "batchId": outcome.batch_id, **counts}


def replayed_failure(outcome: SendOutcome) -> ApiError | None:
    """A retried single send whose first attempt failed answers with the same failure."""
    if outcome.replayed and not outcome.bulk and outcome.messages[0].status == "failed":
        first = outcome.messages[0]
        return EngineFailure(
            first.error or "The message could not be sent",
            details={"messageId": first.id, "status": "failed", "replayed": True},
        )
    return None


# ---- changing sent messages -------------------------------------------------------------------


async def edit(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, ref: str, text: str
) -> Message:
    message = await find_message(db, session, ref)
    if not message.from_me or message.source == "inbound":
        raise ValidationFailed("Only messages this session sent can be edited", field="messageId")
    if message.revoked_at is not None:
        raise ValidationFailed("A deleted message cannot be edited", field="messageId")
    if message.type != "text" and not (
        message.type in contents.MEDIA_TYPES and message.type != "sticker"
    ):
        raise ValidationFailed(f"A {message.type} message has no text to edit", field="messageId")
    target = ref_of(message, field="messageId")
    client = require_connected(runtime, session)
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
        await mark_failed(db, session, message, "cancelled before it was sent")
        return message
    if not message.from_me:
        raise ValidationFailed(
            "Only messages this session sent can be deleted for everyone", field="messageId"
        )
    if message.revoked_at is not None:
        return message
    target = ref_of(message, field="messageId")
    client = require_connected(runtime, session)
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


async def mark_chat_read(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, chat_ref: str
) -> dict[str, Any]:
    """Send read receipts for every unread incoming message of a chat, then clear its count."""
    chat_id = to_jid(chat_ref, field="chatId")
    client = require_connected(runtime, session)
    unread = list(
        (
            await db.execute(
                select(Message)
                .where(
                    Message.session_pk == session.id,
                    Message.chat_id == chat_id,
                    Message.from_me.is_(False),
                    Message.status == "received",
                )
                .order_by(Message.timestamp)
                .limit(1000)
            )
        ).scalars()
    )
    refs = [
        MessageRef(chat_id=chat_id, id=m.whatsapp_message_id, from_me=False, sender_id=m.sender_id)
        for m in unread
        if m.whatsapp_message_id
    ]
    if refs:
        await client.mark_read(chat_id, refs)
    now = utcnow()
    for message in unread:
        message.status, message.read_at = "read", now
    await db.execute(
        update(Chat)
        .where(Chat.session_pk == session.id, Chat.chat_id == chat_id)
        .values(unread_count=0, updated_at=now)
    )
    return {
        "sessionId": session.session_id,
        "chatId": chat_id,
        "markedAsRead": len(unread),
        "readAt": payloads.iso(now),
    }

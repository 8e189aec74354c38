"""Delivery statuses of sent messages: the send's own records (requested, confirmed) and the
receipts that follow, merged so a status never moves backwards, each change a ``message.status``
event. Recorded by the session pool's recorder, in order, one transaction per batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import utcnow
from inboxhub.engines.events import EngineEvent, Receipt
from inboxhub.messages import payloads
from inboxhub.messages.chats import read_one, touch_chat
from inboxhub.messages.models import OUTBOUND_ORDER, READ, RECEIVED, EarlyReceipt, Message
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.outbox import publish

_RANK = {status: rank for rank, status in enumerate(OUTBOUND_ORDER)}
# Hot paths write through the table, not the ORM: no identity map or unit of work per receipt.
_MESSAGES = cast(Table, Message.__table__)
# The status a receipt usually finds a message in ("played" needs a voice note: not usual).
_USUAL_PREVIOUS = {"delivered": "sent", "read": "delivered"}
# Literal SQL, not an IN of bound values, which SQLAlchemy expands anew at every run.
_NOT_YET_SENT = text("messages.status IN ('queued', 'pending', 'failed')")


@dataclass(kw_only=True)
class SendRequested(EngineEvent):
    """Messages the API was asked to send, written (``pending``, or ``queued`` past the rate)
    before any engine hears of them. Recorded in the same ordered, batched stream as the engine's
    reports, so concurrent sends share transactions instead of queueing for SQLite's one writer.
    ``stored`` holds the rows, with their ids, once committed."""

    values: list[dict[str, Any]]
    stored: list[Message] = field(default_factory=list)


@dataclass(kw_only=True)
class SendConfirmed(EngineEvent):
    """The engine accepted a message the gateway sent: it now has WhatsApp's id.

    Recorded by the same recorder as receipts, so a receipt that raced ahead of this confirmation
    is always found and applied (see ``EarlyReceipt``).
    """

    message_pk: int
    chat_id: str
    whatsapp_message_id: str
    timestamp: datetime


def early_receipt_index(runtime: Runtime) -> set[tuple[int, str]]:
    """(session pk, WhatsApp id) of receipts waiting for their message: skips a query per send."""
    index: set[tuple[int, str]] = runtime.extras.setdefault("messages.early_receipts", set())
    return index


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
        payload=payloads.status_payload(
            session,
            message_pk=message.id,
            whatsapp_message_id=message.whatsapp_message_id,
            chat_id=message.chat_id,
            status=status,
            previous=previous,
            at=at,
            error=message.error,
        ),
    )


async def advance(
    db: AsyncSession,
    session: WhatsAppSession,
    *,
    message_pk: int,
    whatsapp_message_id: str | None,
    chat_id: str,
    previous: str,
    status: str,
    at: datetime,
    error: str | None = None,
) -> None:
    """``move_status`` for a row that is not loaded: one UPDATE and the event."""
    if status == "failed":
        error = error or "failed"
    await db.execute(
        update(_MESSAGES)
        .where(_MESSAGES.c.id == message_pk)
        .values(_status_values(status, at=at, error=error))
    )
    await _publish_status(
        db,
        session,
        message_pk=message_pk,
        whatsapp_message_id=whatsapp_message_id,
        chat_id=chat_id,
        previous=previous,
        status=status,
        at=at,
        error=error,
    )


def _status_values(status: str, *, at: datetime, error: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {"status": status, "updated_at": utcnow()}
    if status in ("delivered", "read", "played"):
        values["delivered_at"] = func.coalesce(_MESSAGES.c.delivered_at, at)
        values["error"] = values["error_code"] = None
    if status in ("read", "played"):
        values["read_at"] = func.coalesce(_MESSAGES.c.read_at, at)
    if status == "failed":
        values["error"] = error
    return values


async def _publish_status(
    db: AsyncSession,
    session: WhatsAppSession,
    *,
    message_pk: int,
    whatsapp_message_id: str | None,
    chat_id: str,
    previous: str,
    status: str,
    at: datetime,
    error: str | None,
) -> None:
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="message.status",
        chat_id=chat_id,
        payload=payloads.status_payload(
            session,
            message_pk=message_pk,
            whatsapp_message_id=whatsapp_message_id,
            chat_id=chat_id,
            status=status,
            previous=previous,
            at=at,
            error=error,
        ),
    )


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
            await read_one(db, session, message, at)
        return
    target = next_status(message.status, status, voice=_is_voice(message))
    if target is not None:
        await move_status(db, session, message, target, at=at, error=error)


async def record_receipt(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: Receipt
) -> None:
    ids = list(dict.fromkeys(event.message_ids))
    m = _MESSAGES.c
    usual = _USUAL_PREVIOUS.get(event.status)
    if usual is not None:
        # The usual case in one statement: the receipt moves sent messages one step on.
        moved = (
            await db.execute(
                update(_MESSAGES)
                .where(
                    m.session_pk == session.id,
                    # "=" when one id (nearly always): an IN list is rendered anew at each run.
                    m.whatsapp_message_id == ids[0]
                    if len(ids) == 1
                    else m.whatsapp_message_id.in_(ids),
                    m.from_me.is_(True),
                    m.status == usual,
                )
                .values(_status_values(event.status, at=event.timestamp, error=None))
                .returning(m.id, m.whatsapp_message_id, m.chat_id)
            )
        ).all()
        for pk, moved_wamid, moved_chat in moved:
            await _publish_status(
                db,
                session,
                message_pk=pk,
                whatsapp_message_id=moved_wamid,
                chat_id=moved_chat,
                previous=usual,
                status=event.status,
                at=event.timestamp,
                error=None,
            )
        done = {moved_wamid for _, moved_wamid, _ in moved}
        ids = [wamid for wamid in ids if wamid not in done]
        if not ids:
            return
    rows = (
        await db.execute(
            select(
                m.id, m.whatsapp_message_id, m.chat_id, m.status, m.from_me, m.type, m.media
            ).where(m.session_pk == session.id, m.whatsapp_message_id.in_(ids))
        )
    ).all()
    known = {row.whatsapp_message_id: row for row in rows}
    index = early_receipt_index(runtime)
    for wamid in ids:
        row = known.get(wamid)
        if row is None:
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
        elif row.from_me:
            voice = row.type == "audio" and bool((row.media or {}).get("ptt"))
            target = next_status(row.status, event.status, voice=voice)
            if target is not None:
                await advance(
                    db,
                    session,
                    message_pk=row.id,
                    whatsapp_message_id=wamid,
                    chat_id=row.chat_id,
                    previous=row.status,
                    status=target,
                    at=event.timestamp,
                    error=event.error,
                )
        elif event.status in ("read", "played") and row.status == RECEIVED:
            message = await db.get(Message, row.id)
            if message is not None:
                await read_one(db, session, message, event.timestamp)


async def record_send_requested(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: SendRequested
) -> None:
    now = utcnow()
    values = [
        {"created_at": now, "updated_at": now, "is_history": False, **v} for v in event.values
    ]
    ids = (
        (
            await db.execute(
                insert(Message).returning(Message.id, sort_by_parameter_order=True), values
            )
        )
        .scalars()
        .all()
    )
    # Detached copies for the caller's answer; the rows themselves are written above.
    event.stored = [Message(id=pk, **v) for pk, v in zip(ids, values, strict=True)]
    for row in event.stored:
        if row.type != "reaction":
            await touch_chat(db, session, chat_id=row.chat_id, message_pk=row.id, at=row.timestamp)


async def record_send_confirmed(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: SendConfirmed
) -> None:
    # The hot path of every send: one UPDATE and the event, no read.
    m = _MESSAGES.c
    sent = await db.execute(
        update(_MESSAGES)
        .where(
            m.id == event.message_pk,
            m.session_pk == session.id,
            _NOT_YET_SENT,
        )
        .values(
            whatsapp_message_id=event.whatsapp_message_id,
            status="sent",
            error=None,
            error_code=None,
            # When it actually went out: a queued message waited for its turn.
            timestamp=event.timestamp,
            updated_at=utcnow(),
        )
    )
    if sent.rowcount:  # type: ignore[attr-defined]
        await _publish_status(
            db,
            session,
            message_pk=event.message_pk,
            whatsapp_message_id=event.whatsapp_message_id,
            chat_id=event.chat_id,
            previous="pending",
            status="sent",
            at=event.timestamp,
            error=None,
        )
    else:
        await db.execute(
            update(_MESSAGES)
            .where(m.id == event.message_pk, m.session_pk == session.id)
            .values(whatsapp_message_id=event.whatsapp_message_id)
        )
    key = (session.id, event.whatsapp_message_id)
    index = early_receipt_index(runtime)
    if key not in index:
        return
    index.discard(key)
    message = await db.get(Message, event.message_pk, populate_existing=True)
    if message is None:
        return
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

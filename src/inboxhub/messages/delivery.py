"""Handing a committed send to its engine, and recording the answer.

Both the send endpoint (``service.send``) and the pacer (``pacer.py``) end here: the row exists
as ``pending`` before the engine hears of it; the engine's acceptance goes through the write
queue (``send_records.SendAccepted``), in order with the receipts that follow it; a refusal is
recorded at once, in a transaction of its own.
"""

from __future__ import annotations

import logging

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import commit_now, utcnow
from inboxhub.engines.base import EngineClient
from inboxhub.errors import ApiError, EngineFailure
from inboxhub.messages import content as contents
from inboxhub.messages import payloads
from inboxhub.messages.models import Message
from inboxhub.messages.send_records import SendAccepted
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.outbox import publish

log = logging.getLogger(__name__)

# How long a send's answer waits for its acceptance to be recorded (the database may be away).
_ANSWER_WITHIN = 5.0


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
    # The Cloud API sends it as biz_opaque_callback_data and Meta's statuses bring it back
    # (Receipt.reference), so they can be tied to this row even without the send's answer.
    outbound.reference = str(row.id)
    taken = runtime.pool.take(session.session_id)
    if taken is None:
        # The session moved to another node since the send began (cluster mode): its pacer
        # sends the row there.
        await _queue_for_next_owner(db, row)
        return None
    try:
        result = await taken.send_message(row.chat_id, outbound, reply_to=reply_to)
    except ApiError as exc:
        error: ApiError = exc
    except Exception as exc:
        log.exception("engine failed to send message %s", row.id)
        error = EngineFailure(f"The engine could not send the message ({type(exc).__name__})")
    else:
        await runtime.writes.submit(
            SendAccepted(
                session_id=session.session_id,
                message_pk=row.id,
                chat_id=row.chat_id,
                whatsapp_message_id=result.id,
                timestamp=result.timestamp,
                was_queued=row.scheduled_at is not None,
            ),
            # WhatsApp has it: recorded whenever the database allows, answered as sent anyway.
            answer_within=_ANSWER_WITHIN,
        )
        row.whatsapp_message_id = result.id
        row.status = "sent"
        row.timestamp = result.timestamp
        return None
    finally:
        runtime.pool.give_back(session.session_id)
    await mark_failed(db, session, row, error.message, code=error.code)
    return error


async def _queue_for_next_owner(db: AsyncSession, row: Message) -> None:
    now = utcnow()
    await db.execute(
        update(Message)
        .where(Message.id == row.id, Message.status == "pending")
        .values(status="queued", scheduled_at=now, updated_at=now)
    )
    await commit_now(db)
    row.status, row.scheduled_at = "queued", now


async def mark_failed(
    db: AsyncSession,
    session: WhatsAppSession,
    row: Message,
    reason: str,
    *,
    code: str = "ENGINE_ERROR",
) -> None:
    """Record a send that did not happen, in a transaction of its own (the caller may raise)."""
    now, previous = utcnow(), row.status
    changed = await db.execute(
        update(Message)
        .where(Message.id == row.id, Message.status.in_(("queued", "pending")))
        .values(status="failed", error=reason, error_code=code, updated_at=now)
    )
    if changed.rowcount:  # type: ignore[attr-defined]
        row.status, row.error, row.error_code = "failed", reason, code
        await publish(
            db,
            organization_id=session.organization_id,
            session=session,
            event_type="message.status",
            chat_id=row.chat_id,
            payload=payloads.status_payload(
                session,
                message_pk=row.id,
                whatsapp_message_id=row.whatsapp_message_id,
                chat_id=row.chat_id,
                status="failed",
                previous=previous,
                at=now,
                error=reason,
                error_code=code,
            ),
        )
    await commit_now(db)

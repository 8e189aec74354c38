"""Incoming calls: published as ``call.received``; a session that rejects calls declines each at
once and sends the caller its message.

The event is recorded with the write queue's batch; declining and the message come after that
batch commits (``answer_calls``), since sending a message is itself a write that waits for
a commit.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.engines.events import CallReceived
from inboxhub.envelope import iso
from inboxhub.messages import service as messages
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.outbox import publish

if TYPE_CHECKING:
    from inboxhub.runtime import Runtime

log = logging.getLogger(__name__)

# The tasks answering calls, kept until they end (a task nobody references may be collected).
_answering: set[asyncio.Task[None]] = set()


def call_payload(session: WhatsAppSession, event: CallReceived) -> dict[str, Any]:
    return {
        "sessionId": session.session_id,
        "callId": event.call_id,
        "from": event.caller_phone or event.caller_id.split("@", 1)[0],
        "callerId": event.caller_id,
        "phoneNumber": event.caller_phone,
        "isVideo": event.is_video,
        "isGroup": event.is_group,
        "timestamp": iso(event.timestamp),
        "rejected": bool(session.reject_calls),
        "rejectMessage": session.reject_call_message if session.reject_calls else None,
    }


async def record_call(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: CallReceived
) -> None:
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="call.received",
        chat_id=event.caller_id if event.caller_phone is None else None,
        payload=call_payload(session, event),
    )


def answer_calls(runtime: Runtime, writes: list[Any]) -> None:
    """Once a batch is committed: decline the calls of sessions that reject them."""
    for write in writes:
        if isinstance(write, CallReceived):
            task = asyncio.get_running_loop().create_task(_answer(runtime, write))
            _answering.add(task)
            task.add_done_callback(_answering.discard)


async def _answer(runtime: Runtime, event: CallReceived) -> None:
    async with runtime.database.sessionmaker() as db:
        session = (
            await db.execute(
                select(WhatsAppSession).where(WhatsAppSession.session_id == event.session_id)
            )
        ).scalar_one_or_none()
        if session is None or not session.reject_calls:
            return
        client = runtime.pool.get(session.session_id)
        if client is None:
            return
        try:
            await client.reject_call(event.call_id, event.caller_id)
        except Exception as exc:
            log.warning(
                "session %s: call %s not declined: %s", session.session_id, event.call_id, exc
            )
            return
        if not session.reject_call_message:
            return
        to = event.caller_phone or event.caller_id
        try:
            await messages.send_text(db, runtime, session, to=to, text=session.reject_call_message)
            await db.commit()
        except Exception as exc:
            log.warning(
                "session %s: no message after the declined call %s: %s",
                session.session_id,
                event.call_id,
                exc,
            )

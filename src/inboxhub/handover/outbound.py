"""What the handover says to a customer, through the messaging feature.

The bot's words are written while engine events are recorded, while the timer loop or the
webhook worker holds a transaction, or during a CRM request: calling an engine there could wait on
the very recorder that is busy. They become ``queued`` messages in that same transaction, which
the messaging feature's send pacer sends once it commits. An agent's message is sent at once by
the messaging feature's ``send`` (the CRM's request waits for WhatsApp's answer, as any send
through the API does).
"""

from __future__ import annotations

import weakref

from sqlalchemy import Engine, event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from inboxhub.db import utcnow
from inboxhub.messages import pacer
from inboxhub.messages import service as messages_service
from inboxhub.messages.chats import chat_touch, touch_chats
from inboxhub.messages.models import Message
from inboxhub.messages.schemas import SendMessageRequest
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession

SOURCE = "bot"
_WAKE = "handover.wake_pacer"
# The running gateway of each database, whose pacer a commit wakes (none in a standalone worker:
# there the pacer finds the messages at its next round).
_GATEWAYS: weakref.WeakKeyDictionary[Engine, Runtime] = weakref.WeakKeyDictionary()


def attach(runtime: Runtime) -> None:
    _GATEWAYS[runtime.database.engine.sync_engine] = runtime


def detach(runtime: Runtime) -> None:
    _GATEWAYS.pop(runtime.database.engine.sync_engine, None)


async def queue_text(db: AsyncSession, session: WhatsAppSession, chat_id: str, text: str) -> int:
    """A ``queued`` text message to the chat, sent by the pacer after the caller commits."""
    now = utcnow()
    message = Message(
        organization_id=session.organization_id,
        session_pk=session.id,
        chat_id=chat_id,
        from_me=True,
        type="text",
        body=text,
        content={"text": text},
        status="queued",
        scheduled_at=now,
        source=SOURCE,
        timestamp=now,
    )
    db.add(message)
    await db.flush()
    await touch_chats(db, [chat_touch(session, chat_id=chat_id, message_pk=message.id, at=now)])
    _wake_pacer_after_commit(db)
    return message.id


def _wake_pacer_after_commit(db: AsyncSession) -> None:
    """The pacer looks at once when the transaction commits, not at its next round."""
    bind = db.get_bind()
    runtime = _GATEWAYS.get(bind if isinstance(bind, Engine) else bind.engine)
    if runtime is None or db.info.get(_WAKE):
        return
    db.info[_WAKE] = True

    def wake(_: Session) -> None:
        db.info.pop(_WAKE, None)
        pacer.wake(runtime)

    event.listen(db.sync_session, "after_commit", wake, once=True)


async def send_agent_message(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    chat_id: str,
    *,
    kind: str,
    text: str,
    media_url: str | None,
    caption: str | None,
    file_name: str | None,
) -> Message:
    """Send the agent's message now, like ``POST /api/messages/{sessionId}/send``."""
    if kind == "text":
        body = SendMessageRequest(to=chat_id, type="text", message=text)
    else:
        body = SendMessageRequest(
            to=chat_id, type=kind, media_url=media_url, caption=caption, file_name=file_name
        )
    outcome = await messages_service.send(db, runtime, session, body)
    return outcome.messages[0]

"""Recording statuses contacts post (``MessageReceived`` to ``status@broadcast``) and who viewed
or reacted to the session's own (``StatusViewed``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.contacts.service import remember_contact
from inboxhub.db import utcnow
from inboxhub.engines.events import EngineEvent, MessageReceived, StatusViewed
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.stories import media
from inboxhub.stories.models import Status, StatusView
from inboxhub.stories.service import (
    STATUS_BROADCAST,
    STATUS_LIFETIME,
    describe,
    discard_expired_media,
    sender_phone,
)
from inboxhub.webhooks.outbox import publish

Handler = Callable[[AsyncSession, Runtime, WhatsAppSession, Any], Awaitable[None]]


def is_status_message(event: EngineEvent) -> bool:
    """Statuses reach engines as messages to ``status@broadcast``; they are not chat messages."""
    return isinstance(event, MessageReceived) and (
        event.message.is_status or event.message.chat_id == STATUS_BROADCAST
    )


async def record_status_message(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: MessageReceived
) -> None:
    message = event.message
    if message.type == "reaction":
        await record_status_reaction(db, runtime, session, event)
        return
    known = select(Status.id).where(
        Status.session_id == session.id, Status.whatsapp_id == message.id
    )
    if (await db.execute(known)).first() is not None:
        return  # redelivered, or the API already recorded this session's own post
    phone = sender_phone(message.sender_id, message.sender_phone)
    sender = f"{phone}@s.whatsapp.net" if phone else message.sender_id
    status = Status(
        organization_id=session.organization_id,
        session_id=session.id,
        whatsapp_id=message.id,
        from_me=message.from_me,
        sender_jid=sender,
        sender_phone=phone,
        sender_name=message.push_name,
        type=message.type,
        text=message.text,
        caption=message.caption,
        background_color=message.background_color,
        font=message.font,
        posted_at=message.timestamp,
        expires_at=message.timestamp + STATUS_LIFETIME,
    )
    if message.media is not None:
        status.media_mimetype = message.media.mimetype
        status.media_size = message.media.size
        if message.media.data is not None:
            status.media_path = media.store(
                runtime.settings.media_dir,
                session.id,
                message.id,
                message.media.data,
                message.media.mimetype,
            )
    db.add(status)
    if not message.from_me:
        await remember_contact(
            db,
            session,
            jid=message.sender_id,
            push_name=message.push_name,
            phone_number=phone,
        )
    await db.flush()
    await discard_expired_media(db, runtime, session)
    if event.history or message.from_me:
        return
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="status.received",
        chat_id=STATUS_BROADCAST,
        payload={
            "sessionId": session.session_id,
            "session_db_id": session.id,
            "status": describe(status, session),
        },
    )


def may_react_to_status(event: EngineEvent) -> bool:
    return isinstance(event, MessageReceived) and event.message.type == "reaction"


async def record_status_reaction(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: MessageReceived
) -> bool:
    """A contact's reaction to one of the session's statuses (WhatsApp sends it in the private
    chat); False when the reaction is to something else."""
    message = event.message
    target = message.reaction_target_id
    if message.from_me or not target:
        return False
    own = select(Status.id).where(
        Status.session_id == session.id, Status.whatsapp_id == target, Status.from_me.is_(True)
    )
    if (await db.execute(own)).first() is None:
        return False
    view = StatusViewed(
        session_id=event.session_id,
        status_id=target,
        viewer_id=message.sender_id,
        reaction=message.reaction or "",
        timestamp=message.timestamp,
    )
    await record_status_view(db, runtime, session, view)
    return True


def status_reaction_or(handler: Handler | None) -> Handler:
    """Record a reaction as a status reaction when it is one, else hand it to ``handler``."""

    async def record(
        db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: MessageReceived
    ) -> None:
        if not await record_status_reaction(db, runtime, session, event) and handler is not None:
            await handler(db, runtime, session, event)

    return record


async def record_status_view(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: StatusViewed
) -> None:
    stmt = select(Status).where(
        Status.session_id == session.id,
        Status.whatsapp_id == event.status_id,
        Status.from_me.is_(True),
    )
    status = (await db.execute(stmt)).scalar_one_or_none()
    if status is None:
        return
    stmt_view = select(StatusView).where(
        StatusView.status_id == status.id, StatusView.viewer_jid == event.viewer_id
    )
    view = (await db.execute(stmt_view)).scalar_one_or_none()
    when = event.timestamp or utcnow()
    if view is None:
        view = StatusView(status_id=status.id, viewer_jid=event.viewer_id, viewed_at=when)
        db.add(view)
    if event.reaction is not None:
        view.reaction = event.reaction or None
        view.reacted_at = when
    await db.flush()

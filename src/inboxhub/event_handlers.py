"""Engine event type -> the service that records it. Reading this file shows the inbound data flow.

The session pool hands a batch of events to ``record``; the batch is one transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.contacts import service as contacts_service
from inboxhub.engines import events as ev
from inboxhub.engines.cloud import recorder as cloud_recorder
from inboxhub.groups import recorder as groups_recorder
from inboxhub.handover import service as handover_service
from inboxhub.messages import recorder as messages_recorder
from inboxhub.messages import statuses as message_statuses
from inboxhub.runtime import Runtime
from inboxhub.sessions import recorder as session_recorder
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.stories import recorder as stories_recorder

Handler = Callable[[AsyncSession, Runtime, WhatsAppSession, Any], Awaitable[None]]


async def record_message(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: ev.MessageReceived
) -> None:
    """Store the message; then the bot answers it, or the chat's handover ticket files it."""
    await messages_recorder.record_message(
        db, runtime, session, event, on_live=handover_service.on_message
    )


HANDLERS: dict[type[ev.EngineEvent], Handler] = {
    ev.StateChanged: session_recorder.record_state,
    ev.QRCode: session_recorder.record_qr,
    ev.PairSuccess: session_recorder.record_pair_success,
    ev.LoggedOut: session_recorder.record_logged_out,
    ev.MessageReceived: record_message,
    ev.Receipt: message_statuses.record_receipt,
    ev.MessageEdited: messages_recorder.record_edit,
    ev.MessageRevoked: messages_recorder.record_revoke,
    message_statuses.SendRequested: message_statuses.record_send_requested,
    message_statuses.SendConfirmed: message_statuses.record_send_confirmed,
    # Meta's webhook: dedupes its messages and statuses, then hands them to the handlers above.
    cloud_recorder.CloudNotification: cloud_recorder.record_notification,
    ev.ContactUpdated: contacts_service.record_contact_update,
    ev.GroupChanged: groups_recorder.record_group_change,
    ev.StatusViewed: stories_recorder.record_status_view,
}


def handler_for(event: ev.EngineEvent) -> Handler | None:
    # Statuses arrive as MessageReceived to status@broadcast: stories keeps them, out of the chats.
    # A reaction may be to one of the session's own statuses, which WhatsApp sends in the chat.
    if stories_recorder.is_status_message(event):
        return stories_recorder.record_status_message
    handler = HANDLERS.get(type(event))
    if stories_recorder.may_react_to_status(event):
        return stories_recorder.status_reaction_or(handler)
    return handler


async def record(runtime: Runtime, events: list[ev.EngineEvent]) -> None:
    async with runtime.database.sessionmaker() as db, db.begin():
        sessions: dict[str, WhatsAppSession | None] = {}
        for event in events:
            runtime.metrics.engine_events.labels(type(event).__name__).inc()
            handler = handler_for(event)
            if handler is None:
                continue
            if event.session_id not in sessions:
                sessions[event.session_id] = (
                    await db.execute(
                        select(WhatsAppSession).where(
                            WhatsAppSession.session_id == event.session_id
                        )
                    )
                ).scalar_one_or_none()
            session = sessions[event.session_id]
            if session is None:  # deleted while its engine was still talking
                continue
            await handler(db, runtime, session, event)

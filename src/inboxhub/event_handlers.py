"""Engine event type -> the service that records it. Reading this file shows the inbound data flow.

The session pool hands a batch of events to ``record``; the batch is one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.cache import shared_cache, watched
from inboxhub.contacts import service as contacts_service
from inboxhub.engines import events as ev
from inboxhub.engines.cloud import recorder as cloud_recorder
from inboxhub.groups import recorder as groups_recorder
from inboxhub.handover import service as handover_service
from inboxhub.messages import receipts as message_receipts
from inboxhub.messages import recorder as messages_recorder
from inboxhub.messages import send_records
from inboxhub.runtime import Runtime
from inboxhub.sessions import recorder as session_recorder
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.stories import recorder as stories_recorder

_SESSION_TABLES = watched("sessions", "organizations")

Handler = Callable[[AsyncSession, Runtime, WhatsAppSession, Any], Awaitable[None]]
BatchHandler = Callable[[AsyncSession, Runtime, list[tuple[WhatsAppSession, Any]]], Awaitable[None]]


async def record_messages(
    db: AsyncSession, runtime: Runtime, items: list[tuple[WhatsAppSession, ev.MessageReceived]]
) -> None:
    """Store the messages; then the bot answers each, or the chat's handover ticket files it."""
    await messages_recorder.record_messages(db, runtime, items, on_live=handover_service.on_message)


# The busiest events are recorded a run at a time: those of a batch between two events of any
# other type, kind by kind in this order, which is the order their effects depend on. A receipt
# finds its message once the send is confirmed or the message stored, whichever the engine
# reported first; a copy of a sent message finds it confirmed, and stays a copy.
BATCH_HANDLERS: dict[type[ev.EngineEvent], BatchHandler] = {
    send_records.SendRequested: send_records.record_sends_requested,
    send_records.SendConfirmed: send_records.record_sends_confirmed,
    ev.MessageReceived: record_messages,
    ev.Receipt: message_receipts.record_receipts,
}


def _one_at_a_time(record_run: BatchHandler) -> Handler:
    async def handle(
        db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: Any
    ) -> None:
        await record_run(db, runtime, [(session, event)])

    return handle


HANDLERS: dict[type[ev.EngineEvent], Handler] = {
    **{kind: _one_at_a_time(record_run) for kind, record_run in BATCH_HANDLERS.items()},
    ev.StateChanged: session_recorder.record_state,
    ev.QRCode: session_recorder.record_qr,
    ev.PairSuccess: session_recorder.record_pair_success,
    ev.LoggedOut: session_recorder.record_logged_out,
    ev.MessageEdited: messages_recorder.record_edit,
    ev.MessageRevoked: messages_recorder.record_revoke,
    # Meta's webhook: dedupes its messages and statuses, then hands them to the handlers above.
    cloud_recorder.CloudNotification: cloud_recorder.record_notification,
    ev.ContactUpdated: contacts_service.record_contact_update,
    ev.GroupChanged: groups_recorder.record_group_change,
    ev.StatusViewed: stories_recorder.record_status_view,
}


# Events whose handlers only read the session's row: the busiest ones (every message, receipt and
# send). They may use a detached copy kept between batches instead of reading the row again.
_READ_ONLY_TYPES: tuple[type[ev.EngineEvent], ...] = (
    ev.MessageReceived,
    ev.Receipt,
    send_records.SendRequested,
    send_records.SendConfirmed,
)
# handler_for may pick another handler (statuses, reactions to them): those read the row afresh.
_READ_ONLY_HANDLERS = frozenset(HANDLERS[t] for t in _READ_ONLY_TYPES)


def handler_for(event: ev.EngineEvent) -> Handler | None:
    # Statuses arrive as MessageReceived to status@broadcast: stories keeps them, out of the chats.
    # A reaction may be to one of the session's own statuses, which WhatsApp sends in the chat.
    if stories_recorder.is_status_message(event):
        return stories_recorder.record_status_message
    handler = HANDLERS.get(type(event))
    if stories_recorder.may_react_to_status(event):
        return stories_recorder.status_reaction_or(handler)
    return handler


async def _session_row(db: AsyncSession, session_id: str) -> WhatsAppSession | None:
    stmt = select(WhatsAppSession).where(WhatsAppSession.session_id == session_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def _snapshot(runtime: Runtime, session_id: str) -> WhatsAppSession | None:
    async def load() -> WhatsAppSession | None:
        async with runtime.database.sessionmaker() as db:
            row = await _session_row(db, session_id)
            if row is not None:
                db.expunge(row)
            return row

    cache = shared_cache(runtime, "recorded_sessions", _SESSION_TABLES)
    snapshot: WhatsAppSession | None = await cache.get_or_load(session_id, load)
    return snapshot


async def record(runtime: Runtime, events: list[ev.EngineEvent]) -> None:
    async with runtime.database.sessionmaker() as db, db.begin():
        # Rows read in this transaction, for handlers that change them; they win over copies.
        rows: dict[str, WhatsAppSession | None] = {}
        run: dict[type[ev.EngineEvent], list[tuple[WhatsAppSession, Any]]] = {}
        for event in events:
            handler = handler_for(event)
            if handler is None:
                continue
            if event.session_id in rows:
                session = rows[event.session_id]
            elif handler in _READ_ONLY_HANDLERS:
                session = await _snapshot(runtime, event.session_id)
            else:
                session = rows[event.session_id] = await _session_row(db, event.session_id)
            if session is None:  # deleted while its engine was still talking
                continue
            if type(event) in BATCH_HANDLERS and handler is HANDLERS[type(event)]:
                run.setdefault(type(event), []).append((session, event))
                continue
            await _record_run(db, runtime, run)
            await handler(db, runtime, session, event)
        await _record_run(db, runtime, run)
    for kind, count in Counter(type(event).__name__ for event in events).items():
        runtime.metrics.engine_events.labels(kind).inc(count)


async def _record_run(
    db: AsyncSession,
    runtime: Runtime,
    run: dict[type[ev.EngineEvent], list[tuple[WhatsAppSession, Any]]],
) -> None:
    for kind, record_run in BATCH_HANDLERS.items():
        if kind in run:
            await record_run(db, runtime, run[kind])
    run.clear()

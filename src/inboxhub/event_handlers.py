"""Engine event type -> the service that records it. Reading this file shows the inbound data flow.

Engines hand their events to the write queue (``writes.py``), which records a batch of them in
one transaction through this table.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.calls import recorder as calls_recorder
from inboxhub.contacts import service as contacts_service
from inboxhub.engines import events as ev
from inboxhub.groups import recorder as groups_recorder
from inboxhub.handover import service as handover_service
from inboxhub.messages import receipts as message_receipts
from inboxhub.messages import recorder as messages_recorder
from inboxhub.runtime import Runtime
from inboxhub.sessions import recorder as session_recorder
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.stories import recorder as stories_recorder
from inboxhub.writes import Handler, RunHandler


async def record_messages(
    db: AsyncSession, runtime: Runtime, items: list[tuple[WhatsAppSession, ev.MessageReceived]]
) -> None:
    """Store the messages; then the bot answers each, or the chat's handover ticket files it."""
    await messages_recorder.record_messages(db, runtime, items, on_live=handover_service.on_message)


# The busiest events, recorded a run at a time (``writes.WriteTable``), in this order: a receipt
# finds its message once the message is stored, whichever the engine reported first.
RUNS: dict[type, RunHandler] = {
    ev.MessageReceived: record_messages,
    ev.Receipt: message_receipts.record_receipts,
}


def _one_at_a_time(record_run: RunHandler) -> Handler:
    async def handle(
        db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: Any
    ) -> None:
        await record_run(db, runtime, [(session, event)])

    return handle


HANDLERS: dict[type[ev.EngineEvent], Handler] = {
    **{kind: _one_at_a_time(record_run) for kind, record_run in RUNS.items()},
    ev.StateChanged: session_recorder.record_state,
    ev.QRCode: session_recorder.record_qr,
    ev.PairSuccess: session_recorder.record_pair_success,
    ev.LoggedOut: session_recorder.record_logged_out,
    ev.ProfileUpdated: session_recorder.record_profile,
    ev.MessageEdited: messages_recorder.record_edit,
    ev.MessageRevoked: messages_recorder.record_revoke,
    ev.ContactUpdated: contacts_service.record_contact_update,
    ev.GroupChanged: groups_recorder.record_group_change,
    ev.StatusViewed: stories_recorder.record_status_view,
    ev.CallReceived: calls_recorder.record_call,
}


def handler_for(event: ev.EngineEvent) -> Handler | None:
    """The handler of one event; None for an event its kind's run records (or none at all)."""
    # Statuses arrive as MessageReceived to status@broadcast: stories keeps them, out of the chats.
    # A reaction may be to one of the session's own statuses, which WhatsApp sends in the chat.
    if stories_recorder.is_status_message(event):
        return stories_recorder.record_status_message
    handler = HANDLERS.get(type(event))
    if stories_recorder.may_react_to_status(event):
        return stories_recorder.status_reaction_or(handler)
    return None if type(event) in RUNS else handler


def count(runtime: Runtime, writes: list[Any]) -> None:
    """Engine events recorded, by type, counted once per batch."""
    kinds = Counter(type(w).__name__ for w in writes if isinstance(w, ev.EngineEvent))
    for kind, n in kinds.items():
        runtime.metrics.engine_events.labels(kind).inc(n)

"""Recording events: the single entry point every feature uses to say "this happened".

``publish`` writes the event and one delivery per interested subscriber in the caller's
transaction: if the change is committed, so are its deliveries; if it rolls back, nothing is sent.
Once the transaction commits, the events go to this process's live listeners and the delivery
worker wakes up (an SQLAlchemy ``after_commit`` hook, so every way of committing is covered).
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Engine, Table, event, insert, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from inboxhub.db import Database, utcnow
from inboxhub.direct import Along, Direct, insert_rows
from inboxhub.random_ids import hex_digits
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.bus import Published
from inboxhub.webhooks.event_names import STREAM_ONLY, selects
from inboxhub.webhooks.models import Event, WebhookDelivery, WebhookSubscription
from inboxhub.webhooks.subscribers import (
    FRAPPE_EVENTS,
    OrganizationWebhook,
    SessionWebhook,
    SubscriberCaches,
    subscribers,
)

if TYPE_CHECKING:
    from inboxhub.config import Settings

log = logging.getLogger(__name__)

NOTIFY_CHANNEL = "inboxhub_outbox"


def new_event_id() -> str:
    """``evt_`` + 12 hex digits of milliseconds + 20 random ones: unique, and sorted by time.

    The random part comes from ``random_ids``: ids are not secrets, and a system call per event
    costs more than the rest of recording it.
    """
    return f"evt_{time.time_ns() // 1_000_000:012x}{hex_digits(20)}"


# ---- what happens after a commit, per database -------------------------------------------------


@dataclass
class OutboxHooks:
    """A running gateway's reaction to committed events (live push, waking the worker)."""

    settings: Settings
    on_commit: Callable[[list[Published], bool], None]
    # Who hears events, kept between transactions.
    subscribers: SubscriberCaches | None = None


_HOOKS: weakref.WeakKeyDictionary[Engine, OutboxHooks] = weakref.WeakKeyDictionary()


def attach(database: Database, hooks: OutboxHooks) -> None:
    _HOOKS[database.engine.sync_engine] = hooks


def detach(database: Database) -> None:
    _HOOKS.pop(database.engine.sync_engine, None)


def hooks_of(db: AsyncSession) -> OutboxHooks | None:
    bind = db.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return _HOOKS.get(engine)


_KEY = "inboxhub.outbox"


@dataclass(eq=False)
class OutgoingEvent:
    """An event published in a transaction, written with the others just before it commits.

    A plain object rather than an ORM row: it is never loaded or changed through the ORM, and
    building ORM instances for every event costs more than writing them.
    """

    id: str
    organization_id: int
    session_pk: int | None
    session_id: str | None
    type: str
    chat_id: str | None
    payload: dict[str, Any]
    created_at: datetime
    seq: int = 0


@dataclass
class _Delivery:
    tx: SessionTransaction
    event: OutgoingEvent
    subscription_id: int
    ordering_key: str | None


@dataclass
class _Pending:
    """What one transaction has published so far.

    The events and their deliveries are inserted in two statements just before the transaction
    commits (``before_commit``), so a busy transaction does not pay a round trip per event, and
    SQLite's write lock is taken as late as can be.
    """

    hooks: OutboxHooks | None
    events: list[tuple[SessionTransaction, OutgoingEvent]] = field(default_factory=list)
    deliveries: list[_Delivery] = field(default_factory=list)
    # Transactions that queued deliveries some other way (redelivery, replay).
    queued: list[SessionTransaction] = field(default_factory=list)
    subscriptions: dict[tuple[int, int | None], list[SessionWebhook]] = field(default_factory=dict)
    notified: bool = False
    # Events already written in the transaction (``write_published``), and whether with deliveries.
    written: list[tuple[SessionTransaction, OutgoingEvent]] = field(default_factory=list)
    wrote_deliveries: bool = False
    committed: list[Published] = field(default_factory=list)
    wake: bool = False

    def take(self) -> tuple[list[OutgoingEvent], list[_Delivery]]:
        """The events and deliveries to write now; they count as written from here on."""
        events, deliveries = [e for _, e in self.events], self.deliveries
        self.written += self.events
        self.wrote_deliveries = self.wrote_deliveries or bool(deliveries)
        self.events, self.deliveries = [], []
        return events, deliveries

    def discard(self, rolled_back: SessionTransaction) -> None:
        def inside(tx: SessionTransaction | None) -> bool:
            while tx is not None:
                if tx is rolled_back:
                    return True
                tx = tx.parent
            return False

        self.events = [(tx, e) for tx, e in self.events if not inside(tx)]
        self.written = [(tx, e) for tx, e in self.written if not inside(tx)]
        self.deliveries = [d for d in self.deliveries if not inside(d.tx)]
        self.queued = [tx for tx in self.queued if not inside(tx)]
        # Rows read or inserted inside the savepoint may be gone: read them again.
        self.subscriptions.clear()
        self.notified = False


def _pending(db: AsyncSession) -> _Pending:
    pending = db.info.get(_KEY)
    if pending is None:
        pending = db.info[_KEY] = _Pending(hooks=hooks_of(db))
    assert isinstance(pending, _Pending)
    return pending


def _transaction(db: AsyncSession) -> SessionTransaction:
    sync = db.sync_session
    tx = sync.get_nested_transaction() or sync.get_transaction()
    assert tx is not None, "publish() runs inside a transaction"
    return tx


_EVENTS = cast(Table, Event.__table__)
# Built once: every transaction that publishes runs them.
_INSERT_EVENTS = insert(_EVENTS).returning(_EVENTS.c.id, _EVENTS.c.seq)
_DELIVERIES = cast(Table, WebhookDelivery.__table__)
_INSERT_DELIVERIES = insert(_DELIVERIES)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    pending = session.info.get(_KEY)
    if not isinstance(pending, _Pending):
        return
    if pending.events:
        # The commit flushes only after this hook: rows the events point at (a session created
        # in the same transaction) must be written first.
        session.flush()
        # One statement for the transaction's events; the database hands back their seq. Matched
        # by id rather than by order: SQLite cannot promise the order, and SQLAlchemy would then
        # fall back to a statement per row.
        events, deliveries = pending.take()
        seqs = session.execute(_INSERT_EVENTS, _event_rows(events)).all()
        _numbered(events, seqs)
        if deliveries:
            session.execute(_INSERT_DELIVERIES, _delivery_rows(deliveries))
    pending.committed = [
        Published(
            seq=e.seq,
            id=e.id,
            organization_id=e.organization_id,
            session_id=e.session_id,
            type=e.type,
            payload=e.payload,
            created_at=e.created_at,
        )
        for _, e in pending.written
    ]
    pending.wake = bool(pending.wrote_deliveries or pending.queued)


async def write_published(db: AsyncSession, *, along: Along | None = None) -> None:
    """Write the events (and their deliveries) published so far in ``db``'s transaction now,
    rather than in the commit's hook: on PostgreSQL by the driver itself (``direct.py``). The
    write queue's transactions, the busiest, do so just before they commit, and their busiest
    statement that returns nothing rides ``along`` with the events (PostgreSQL)."""
    pending = db.info.get(_KEY)
    if not isinstance(pending, _Pending) or not pending.events:
        if along is not None:
            await along.run(db)
        return
    events, deliveries = pending.take()
    rows = _event_rows(events)
    _numbered(events, await insert_rows(db, _EVENTS, rows, "id", "seq", along=along))
    await insert_rows(db, _DELIVERIES, _delivery_rows(deliveries))


def _event_rows(events: list[OutgoingEvent]) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "organization_id": e.organization_id,
            "session_pk": e.session_pk,
            "session_id": e.session_id,
            "type": e.type,
            "chat_id": e.chat_id,
            "payload": e.payload,
            "created_at": e.created_at,
        }
        for e in events
    ]


def _numbered(events: list[OutgoingEvent], seqs: Sequence[Sequence[Any]]) -> None:
    by_id: dict[str, int] = {row[0]: row[1] for row in seqs}
    for e in events:
        e.seq = by_id[e.id]


def _delivery_rows(deliveries: list[_Delivery]) -> list[dict[str, Any]]:
    return [
        {
            "organization_id": d.event.organization_id,
            "subscription_id": d.subscription_id,
            "event_seq": d.event.seq,
            "ordering_key": d.ordering_key,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": d.event.created_at,
            "created_at": d.event.created_at,
        }
        for d in deliveries
    ]


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(_KEY, None)
    if not isinstance(pending, _Pending) or pending.hooks is None:
        return
    try:
        pending.hooks.on_commit(pending.committed, pending.wake)
    except Exception:  # the commit stands; a listener's failure must not look like it did not
        log.exception("post-commit event hook failed")


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    pending = session.info.get(_KEY)
    if not isinstance(pending, _Pending):
        return
    if previous_transaction.parent is None:
        session.info.pop(_KEY, None)
    else:
        pending.discard(previous_transaction)


_NOTIFY = Direct(text(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '')"))


async def _notify_workers(db: AsyncSession, pending: _Pending) -> None:
    if not pending.notified and db.get_bind().dialect.name == "postgresql":
        # Reaches a worker in another process; PostgreSQL sends it only if the transaction commits.
        await _NOTIFY.fetch(db, {})
        pending.notified = True


async def deliveries_queued(db: AsyncSession) -> None:
    """Say that this transaction queued deliveries: the worker wakes once it commits."""
    pending = _pending(db)
    pending.queued.append(_transaction(db))
    await _notify_workers(db, pending)


def wants(
    subscription: SessionWebhook | OrganizationWebhook,
    event_type: str,
    session: WhatsAppSession | None,
    settings: Settings | None,
) -> bool:
    """Whether a subscriber takes this event (``subscribers`` has revived a disabled one whose
    address changed)."""
    if isinstance(subscription, OrganizationWebhook):
        if subscription.session_pk is not None and (
            session is None or session.id != subscription.session_pk
        ):
            return False
        return subscription.is_active and selects(subscription.events, event_type)
    if session is None or subscription.session_pk != session.id:
        return False
    if subscription.kind == "session":
        return (
            bool(session.webhook_url)
            and selects(session.webhook_events, event_type)
            and subscription.is_active
        )
    if subscription.kind == "frappe":
        url = settings.frappe_webhook_url if settings else None
        return bool(
            url
            and session.send_to_frappe
            and event_type in FRAPPE_EVENTS
            and subscription.is_active
        )
    return False


def ordering_key(session_pk: int | None, chat_id: str | None) -> str | None:
    """Deliveries with the same key reach a subscriber in the order they were recorded."""
    if chat_id:
        return f"{session_pk or 0}:{chat_id}"[:250]
    if session_pk:
        return f"{session_pk}:session"
    return None


# ---- the entry point --------------------------------------------------------------------------


async def publish(
    db: AsyncSession,
    *,
    organization_id: int,
    event_type: str,
    payload: dict[str, Any],
    session: WhatsAppSession | None = None,
    chat_id: str | None = None,
    subscription: WebhookSubscription | None = None,
) -> OutgoingEvent:
    """Record an event in the caller's transaction; deliveries are created with it, never after.

    The event's ``id`` is set at once; its ``seq`` when the transaction commits. With
    ``subscription`` the event goes to that one subscriber only (a feature's own receiver, such
    as the handover's CRM), not to the organization's and the session's webhooks.
    """
    # Written with the transaction's other events just before it commits (``_before_commit``).
    event = OutgoingEvent(
        id=new_event_id(),
        organization_id=organization_id,
        session_pk=session.id if session else None,
        session_id=session.session_id if session else None,
        type=event_type,
        chat_id=chat_id,
        payload=payload,
        created_at=utcnow(),
    )
    pending = _pending(db)
    tx = _transaction(db)
    settings = pending.hooks.settings if pending.hooks else None
    key = ordering_key(event.session_pk, chat_id)
    receivers: list[int] = []
    if subscription is not None:
        receivers.append(subscription.id)
    elif event_type not in STREAM_ONLY:
        found = await subscribers(
            db,
            pending.subscriptions,
            settings,
            organization_id,
            session,
            pending.hooks.subscribers if pending.hooks else None,
        )
        receivers += [r.id for r in found if wants(r, event_type, session, settings)]
    for receiver in receivers:
        pending.deliveries.append(_Delivery(tx, event, receiver, key))
    if receivers:
        await _notify_workers(db, pending)
    pending.events.append((tx, event))
    return event

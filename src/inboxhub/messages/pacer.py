"""The send pacer: messages of a bulk send beyond the per-session rate wait as ``queued`` rows and
go out one by one, spaced to the rate with some jitter (evenly spaced sends look less like a
bot to WhatsApp). Queued rows live in the database, so a restart resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import utcnow
from inboxhub.media import service as media_service
from inboxhub.media.models import MediaFile
from inboxhub.messages import service_window
from inboxhub.messages.delivery import deliver, mark_failed
from inboxhub.messages.models import EarlyReceipt, Message
from inboxhub.messages.send_status import early_receipt_index, publish_status
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession

log = logging.getLogger(__name__)

_JITTER = (0.7, 1.3)


async def fail_unconfirmed(
    db: AsyncSession, *, session_pks: list[int] | None = None, unowned_only: bool = False
) -> None:
    """Fail the ``pending`` sends that never got WhatsApp's id: the process that sent them is
    gone, and sending again could send twice.

    One guarded statement: on PostgreSQL a node taking a session over and the start-up recovery
    may look at the same rows at once, and only the one whose update moves a row publishes its
    ``failed`` (the other's condition no longer holds once it gets the row)."""
    at, reason = utcnow(), "the gateway stopped before WhatsApp confirmed the send"
    moved = (
        update(Message)
        .where(Message.status == "pending", Message.whatsapp_message_id.is_(None))
        .values(status="failed", error=reason, updated_at=at)
        .returning(Message.id, Message.session_pk, Message.chat_id)
        .execution_options(synchronize_session=False)
    )
    if session_pks is not None:
        moved = moved.where(Message.session_pk.in_(session_pks))
    if unowned_only:
        unowned = select(WhatsAppSession.id).where(WhatsAppSession.owner_node.is_(None))
        moved = moved.where(Message.session_pk.in_(unowned))
    failed = (await db.execute(moved)).all()
    if not failed:
        return
    sessions = {
        session.id: session
        for session in (
            await db.execute(
                select(WhatsAppSession).where(WhatsAppSession.id.in_({pk for _, pk, _ in failed}))
            )
        ).scalars()
    }
    for message_pk, session_pk, chat_id in failed:
        await publish_status(
            db,
            sessions[session_pk],
            message_pk=message_pk,
            whatsapp_message_id=None,
            chat_id=chat_id,
            previous="pending",
            status="failed",
            at=at,
            error=reason,
        )


class Pacer:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.wakeup = asyncio.Event()
        self.draining: dict[int, asyncio.Task[None]] = {}
        self.task: asyncio.Task[None] | None = None
        self.stopping = asyncio.Event()
        # Sessions whose bulk send is still sending its first, unqueued, messages: their queued
        # ones wait, so that a bulk goes out in the order it was given.
        self.held: dict[int, int] = {}

    @property
    def spacing(self) -> float:
        """Seconds between two paced sends of one session (0 when sends are not limited)."""
        item = self.runtime.limits.messages
        return item.get_expiry() / item.amount if item else 0.0

    async def run(self) -> None:
        interval = self.runtime.settings.messages_pacer_interval_seconds
        # Not ``while True``: on Python 3.11 a cancel that lands as ``wait_for`` wakes up is lost,
        # and the loop would outlive ``stop``.
        while not self.stopping.is_set():
            try:
                await self._dispatch()
            except Exception:
                log.exception("send pacer round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wakeup.wait(), timeout=interval)
            self.wakeup.clear()

    async def recover(self) -> None:
        """Rows left ``pending`` by a stopped gateway never got the engine's answer: fail them
        (sending again could send twice). Waiting receipts of those sends are forgotten.

        In cluster mode only the sessions no node drives: another node's are its own, still
        under way, and a session taken over from a dead node has its rows failed as it is
        taken over (``fail_unconfirmed``). Cluster mode is told by the database: this runs
        before the node joins."""
        async with self.runtime.database.sessionmaker() as db, db.begin():
            await fail_unconfirmed(db, unowned_only=not self.runtime.database.is_sqlite)
            await db.execute(
                delete(EarlyReceipt).where(EarlyReceipt.created_at < utcnow() - timedelta(days=1))
            )
            for session_pk, wamid in (
                await db.execute(select(EarlyReceipt.session_pk, EarlyReceipt.whatsapp_message_id))
            ).all():
                early_receipt_index(self.runtime).add((session_pk, wamid))

    async def _dispatch(self) -> None:
        """Start a drainer for every session with due queued messages and a connected engine."""
        async with self.runtime.database.sessionmaker() as db:
            due = (
                await db.execute(
                    select(Message.session_pk, WhatsAppSession.session_id)
                    .join(WhatsAppSession, WhatsAppSession.id == Message.session_pk)
                    .where(Message.status == "queued", Message.scheduled_at <= utcnow())
                    .group_by(Message.session_pk, WhatsAppSession.session_id)
                )
            ).all()
            for session_pk, session_id in list(due):
                client = self.runtime.pool.get(session_id)
                running = self.draining.get(session_pk)
                if client is None or not client.is_connected or (running and not running.done()):
                    continue
                if session_pk in self.held:
                    continue  # dispatched once the bulk send lets go
                self.draining[session_pk] = asyncio.create_task(
                    self._drain(session_pk), name=f"pacer:{session_id}"
                )

    async def _drain(self, session_pk: int) -> None:
        try:
            while not self.stopping.is_set():
                pause = await self._send_next(session_pk)
                if pause is None:
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.stopping.wait(), pause)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("send pacer stopped for session %s", session_pk)

    async def _send_next(self, session_pk: int) -> float | None:
        """Send the session's next due message; returns how long to wait before the next one,
        or None when there is nothing to send (or no connected engine to send it with)."""
        runtime = self.runtime
        async with runtime.database.sessionmaker() as db:
            session = await db.get(WhatsAppSession, session_pk)
            client = runtime.pool.get(session.session_id) if session else None
            if session is None or client is None or not client.is_connected:
                return None
            if session_pk in self.held:
                return None  # dispatched again once the bulk send lets go
            row = (
                await db.execute(
                    select(Message)
                    .where(
                        Message.session_pk == session_pk,
                        Message.status == "queued",
                        Message.scheduled_at <= utcnow(),
                    )
                    .order_by(Message.scheduled_at, Message.id)
                    .limit(1)
                )
            ).scalar_one_or_none()
            if row is None:
                return None
            decision = await runtime.limiter.hit(
                runtime.limits.messages, "messages", session.session_id
            )
            if not decision.allowed:
                return float(decision.retry_after) * random.uniform(1.0, 1.2)
            # Claimed by a conditional update, so two pacers never send the same row.
            claimed = await db.execute(
                update(Message)
                .where(Message.id == row.id, Message.status == "queued")
                .values(status="pending", updated_at=utcnow())
            )
            await db.commit()
            if not claimed.rowcount:  # type: ignore[attr-defined]
                return 0.0
            db.expunge(row)
            row.status = "pending"
            # The contact's window may have closed while the message waited for its turn.
            closed = await service_window.closed_for(db, session, client, row.type, [row.chat_id])
            if closed:
                refusal = closed[row.chat_id]
                await mark_failed(db, session, row, refusal.message, code=refusal.code)
                return 0.0
            data = None
            if row.media_id is not None:
                media = await db.get(MediaFile, row.media_id)
                if media is None:
                    await mark_failed(db, session, row, "its media file was deleted")
                    return 0.0
                data = await media_service.read_bytes(runtime, media)
            await db.commit()  # no connection held while the write queue records the send
            await deliver(db, runtime, session, client, row, data)
            await db.commit()
            return self.spacing * random.uniform(*_JITTER)

    async def stop(self, grace: float = 10.0) -> None:
        """Let each session finish the send in progress (cut between the engine's answer and
        its recording, it would be taken for unsent at the next start); the rest stay queued."""
        self.stopping.set()
        if self.task is not None:
            self.task.cancel()
        drains = [t for t in self.draining.values() if not t.done()]
        if drains:
            await asyncio.wait(drains, timeout=grace)
        tasks = [t for t in (self.task, *self.draining.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.draining.clear()


@contextlib.contextmanager
def holding(runtime: Runtime, session_pk: int) -> Iterator[None]:
    """The session's queued messages wait until the block ends (then the pacer looks at once)."""
    pacer = runtime.pacer
    if pacer is None:
        yield
        return
    pacer.held[session_pk] = pacer.held.get(session_pk, 0) + 1
    try:
        yield
    finally:
        left = pacer.held.pop(session_pk) - 1
        if left:
            pacer.held[session_pk] = left
        pacer.wakeup.set()


def wake(runtime: Runtime) -> None:
    """New queued messages: look now rather than at the next interval."""
    if runtime.pacer is not None:
        runtime.pacer.wakeup.set()


async def start(runtime: Runtime) -> None:
    """Recover what a stopped gateway left (before the gateway answers, and before a cluster
    node takes sessions over: what a dead node left of those is failed as they are taken), then
    pace in the background."""
    pacer = Pacer(runtime)
    await pacer.recover()
    runtime.pacer = pacer
    pacer.task = asyncio.create_task(pacer.run(), name="send-pacer")


async def stop(runtime: Runtime) -> None:
    pacer, runtime.pacer = runtime.pacer, None
    if pacer is not None:
        await pacer.stop(grace=runtime.settings.shutdown_timeout_seconds)

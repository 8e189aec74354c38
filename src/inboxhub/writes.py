"""The group-commit writer: rows that many tasks want written, one transaction per batch.

SQLite has one writer, and a transaction costs a sync of the WAL whatever it holds: hundreds of
concurrent sends and engine events each committing alone would queue for the lock and the disk.
Instead every such write is ``submit``-ted here; one task drains the queue a batch at a time and
records the batch in a single transaction. A caller of ``submit`` resumes once its write is
committed (so an engine acknowledges a message to WhatsApp only after it is stored, and a send
answers only once its row exists).

The queue keeps arrival order, and what it may hold is a :class:`WriteTable` given by the
application: the sends' own records (``messages/send_records.py``) and the engine events
(``event_handlers.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.cache import shared_cache
from inboxhub.errors import DatabaseUnavailable, WriteNotRecorded, connection_lost
from inboxhub.sessions.models import WhatsAppSession

if TYPE_CHECKING:
    from inboxhub.runtime import Runtime

log = logging.getLogger(__name__)

_BATCH = 256
# A batch this large has spread its fixed cost well enough; below it, the writer may wait up to
# _LINGER seconds for more writes when they come fast enough to arrive meanwhile (``_fill``).
_FULL_ENOUGH = 10
_LINGER = 0.002
_SMOOTHING = 0.1
# How long the writer waits for a database that went away before giving up on a batch.
_DB_OUTAGE_PATIENCE = 120.0


class Write(Protocol):
    """Anything the queue writes: it belongs to one session, named by its ``session_id``."""

    @property
    def session_id(self) -> str: ...


Handler = Callable[[AsyncSession, "Runtime", WhatsAppSession, Any], Awaitable[None]]
RunHandler = Callable[[AsyncSession, "Runtime", list[tuple[WhatsAppSession, Any]]], Awaitable[None]]


@dataclass(frozen=True)
class WriteTable:
    """How each kind of write is recorded.

    ``runs``: the busiest kinds, recorded a run at a time: those of a batch between two writes of
    any other kind, kind by kind in this order, which is the order their effects depend on. Their
    handlers only read the session's row, so they get a copy kept between batches.
    ``single``: the handler for one write of any other kind (or a run kind that needs its own,
    such as a status update arriving as a message), None to take the run's, or to skip it.
    """

    runs: dict[type, RunHandler]
    single: Callable[[Any], Handler | None]
    # Called with the batch once committed (metrics).
    committed: Callable[[Runtime, list[Any]], None] | None = None
    # Called last in the batch's transaction, before it commits (writing its events).
    finish: Callable[[AsyncSession], Awaitable[None]] | None = None


class WriteQueue:
    def __init__(self, runtime_ref: Callable[[], Runtime], table: WriteTable) -> None:
        self._runtime = runtime_ref
        self._table = table
        self._queue: asyncio.Queue[_Item] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        # The loop the writer runs on, kept: on Python 3.11 every asyncio.get_running_loop() is
        # a getpid() system call, a few microseconds on a virtual machine, and writes are many.
        self._loop: asyncio.AbstractEventLoop | None = None
        # When the last batch began and what it held: how fast writes have been coming.
        self._last_batch_at = 0.0
        self._last_batch_size = 0
        self._rate = 0.0
        self._batch_size = 0.0

    async def submit(
        self, write: Write, *, refuse_after: float | None = None, answer_within: float | None = None
    ) -> None:
        """Queue ``write``; returns once it is committed (raises ``WriteNotRecorded``, a
        ``RuntimeError``, if it was not).

        While the database is away the writer waits for it (engine events cannot be refused).
        ``refuse_after``: a write a client may simply send again (a new send) is dropped after
        that many seconds instead, and ``DatabaseUnavailable`` raised. ``answer_within``: a write
        that must happen (a send WhatsApp accepted) stays queued, but its caller goes on after
        that many seconds."""
        loop = self._loop or asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        refuse_at = None if refuse_after is None else loop.time() + refuse_after
        self._queue.put_nowait(_Item(write, future, refuse_at))
        if answer_within is not None:
            await _within(loop, future, answer_within)
            if not future.done():
                return
        await future

    async def settled(self, *, within: float) -> None:
        """Returns once every write queued before this call is committed (or after ``within``
        seconds): what an engine reported so far is then what the database says."""
        await self.submit(_Barrier(), answer_within=within)

    def start(self) -> None:
        if self._task is None:
            self._loop = asyncio.get_running_loop()
            self._task = asyncio.create_task(self._write_forever(), name="write-queue")

    async def drain(self) -> None:
        """Wait until every queued write is committed (at shutdown, and in tests)."""
        if self._task is not None and not self._task.done():
            await self._queue.join()

    async def stop(self) -> None:
        await self.drain()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._loop = None

    @property
    def depth(self) -> int:
        """Writes waiting for the batch under way to commit."""
        return self._queue.qsize()

    async def _write_forever(self) -> None:
        metrics = self._runtime().metrics
        while True:
            batch = [await self._queue.get()]
            # One turn of the event loop first: the requests and engine callbacks already due
            # submit their writes, and they join this batch rather than wait for the next. Under
            # load that doubles the batch, halving the transactions and what each one costs.
            await asyncio.sleep(0)
            self._take(batch)
            await self._fill(batch)
            started = time.perf_counter()
            try:
                await self._write(batch)  # may take in more while it waits for the database
            finally:
                metrics.write_batches.observe(time.perf_counter() - started)
                metrics.writes.inc(len(batch))
                for _ in batch:
                    self._queue.task_done()

    def _take(self, batch: list[_Item]) -> None:
        while len(batch) < _BATCH and not self._queue.empty():
            batch.append(self._queue.get_nowait())

    async def _fill(self, batch: list[_Item]) -> None:
        """Wait a moment for more writes when they come fast enough to fill the batch soon.

        A batch costs the same whatever it holds (a transaction; on PostgreSQL a round trip per
        statement): at a steady few hundred sends a second, batches of one or two writes made a
        send cost three times what it costs at full load. At full load batches are full without
        waiting, and when writes come slowly waiting would only add to their latency."""
        started = time.perf_counter()
        since, self._last_batch_at = started - self._last_batch_at, started
        if since > 0:
            # Writes per second, over the last few batches.
            self._rate += (self._last_batch_size / since - self._rate) * _SMOOTHING
        if (
            len(batch) < _FULL_ENOUGH
            and self._batch_size < _FULL_ENOUGH
            and self._rate * _LINGER >= 1.0
        ):
            await asyncio.sleep(min(_LINGER, (_FULL_ENOUGH - len(batch)) / self._rate))
            self._take(batch)
        self._last_batch_size = len(batch)
        self._batch_size += (len(batch) - self._batch_size) * _SMOOTHING

    async def _write(self, batch: list[_Item], *, take_more: bool = True) -> None:
        try:
            recorded = await self._write_with_retry(batch, take_more=take_more)
        except Exception:
            left = [item for item in batch if not item.future.done()]
            if len(left) == 1:
                log.exception("could not record %s", type(left[0].write).__name__)
                _settle(left[0].future, error=WriteNotRecorded())
                return
            # One bad write must not take its batch down: record the rest one by one.
            for item in left:
                await self._write([item], take_more=False)
            return
        for item in recorded:
            _settle(item.future)

    async def _write_with_retry(self, batch: list[_Item], *, take_more: bool) -> list[_Item]:
        """Record, waiting out a database that is briefly unreachable instead of losing writes;
        returns what was recorded. Meanwhile the writes that arrive join the batch (``batch``
        grows in place), so that those a client may send again are refused in time."""
        delay = 0.1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _DB_OUTAGE_PATIENCE
        runtime = self._runtime()
        while True:
            left = [item for item in batch if not item.future.done()]
            if not left:
                return left
            try:
                await record(runtime, self._table, [item.write for item in left])
                return left
            except Exception as exc:
                if not connection_lost(exc):
                    raise
                if loop.time() + delay > deadline:
                    raise
                log.warning(
                    "database unavailable while recording writes (%s); retrying",
                    type(exc).__name__,
                )
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)
            while take_more and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            now = loop.time()
            for item in batch:
                if item.refuse_at is not None and item.refuse_at <= now:
                    _settle(item.future, error=DatabaseUnavailable())


async def _within(
    loop: asyncio.AbstractEventLoop, future: asyncio.Future[None], seconds: float
) -> None:
    """Wait for ``future`` at most ``seconds``, leaving it running: ``asyncio.wait_for`` over
    ``asyncio.shield`` without their tasks and lookups of the running loop."""
    waiter = loop.create_future()

    def release(_: object = None) -> None:
        if not waiter.done():
            waiter.set_result(None)

    future.add_done_callback(release)
    timer = loop.call_later(seconds, release)
    try:
        await waiter
    finally:
        timer.cancel()
        future.remove_done_callback(release)


@dataclass(frozen=True, slots=True)
class _Barrier:
    """A write of nothing: committed with its batch, after everything queued before it."""

    session_id: str = ""


@dataclass(slots=True)
class _Item:
    write: Write
    future: asyncio.Future[None]
    refuse_at: float | None


def _settle(future: asyncio.Future[None], error: BaseException | None = None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)


# ---- one batch, one transaction ---------------------------------------------------------------


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

    cache = shared_cache(runtime, "recorded_sessions", ("sessions", "organizations"))
    snapshot: WhatsAppSession | None = await cache.get_or_load(session_id, load)
    return snapshot


async def record(runtime: Runtime, table: WriteTable, writes: list[Write]) -> None:
    """Record ``writes`` in one transaction, in arrival order but for the runs (``WriteTable``)."""
    async with runtime.database.sessionmaker() as db, db.begin():
        # Rows read in this transaction, for handlers that change them; they win over copies.
        rows: dict[str, WhatsAppSession | None] = {}
        run: dict[type, list[tuple[WhatsAppSession, Any]]] = {}
        for write in writes:
            kind = type(write)
            handler = table.single(write)
            if handler is None and kind not in table.runs:
                continue
            if write.session_id in rows:
                session = rows[write.session_id]
            elif handler is None:
                session = await _snapshot(runtime, write.session_id)
            else:
                session = rows[write.session_id] = await _session_row(db, write.session_id)
            if session is None:  # deleted while its engine was still talking
                continue
            if handler is None:
                run.setdefault(kind, []).append((session, write))
                continue
            await _record_run(db, runtime, table, run)
            await handler(db, runtime, session, write)
        await _record_run(db, runtime, table, run)
        if table.finish is not None:
            await table.finish(db)
    if table.committed is not None:
        table.committed(runtime, writes)


async def _record_run(
    db: AsyncSession,
    runtime: Runtime,
    table: WriteTable,
    run: dict[type, list[tuple[WhatsAppSession, Any]]],
) -> None:
    for kind, record_run in table.runs.items():
        if kind in run:
            await record_run(db, runtime, run[kind])
    run.clear()

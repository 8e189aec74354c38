"""SQLite connections for the async engine that run their calls on the event loop's thread.

aiosqlite hands every call (cursor, execute, fetch, close, commit) to a thread of its own and back,
four or five thread switches per statement; on a small machine those switches cost more than the
statements. A statement on a local SQLite file in WAL mode takes microseconds and never waits
for a reader, so it runs here directly. Only a statement that would wait for another writer's
lock goes to the connection's thread, which waits there with the usual busy timeout while the
event loop lets that writer finish (waiting on the loop's thread would deadlock it).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import aiosqlite

# How long a statement sent to the connection's thread waits for another writer's lock.
BUSY_TIMEOUT_MS = 10_000
# A write-ahead log past this size is folded back even if writers have to wait a moment for it:
# at most this long, and if it could not be, not again for a while.
_WAL_LIMIT_BYTES = 64 << 20
_TRUNCATE_PATIENCE_MS = 1_000
_HELD_BACK_PAUSE = 30.0

log = logging.getLogger(__name__)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    # The primary code: SQLITE_BUSY_RECOVERY and its kin are busy too.
    return exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _waiting_for_lock(conn: sqlite3.Connection, call: Callable[[], Any]) -> Any:
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    try:
        return call()
    finally:
        conn.execute("PRAGMA busy_timeout=0")


class LoopConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run inline unless they must wait for a lock.

    The connection's busy timeout is 0, so a locked database answers at once instead of
    blocking the event loop; that call is then retried on the connection's thread, where waiting
    is harmless. A statement that fails as busy has changed nothing, so the retry is safe.
    """

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        call = partial(fn, *args, **kwargs)
        try:
            return call()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
        return await super()._execute(  # type: ignore[no-untyped-call]
            _waiting_for_lock, self._connection, call
        )


def connector(path: str) -> Callable[[], Any]:
    """``async_creator`` for ``create_async_engine``: a started ``LoopConnection`` to ``path``."""

    async def connect() -> LoopConnection:
        connection = LoopConnection(
            partial(sqlite3.connect, path, check_same_thread=False), iter_chunk_size=64
        )
        # As SQLAlchemy does for aiosqlite's own connections: never keep the process alive.
        connection._thread.daemon = True
        await connection
        return connection

    return connect


class Checkpointer:
    """Folds the write-ahead log back into the database file, from a thread of its own.

    SQLite does it itself inside the commit that crosses 1,000 pages of log: on the event loop's
    thread that is a 10 ms stall for every request in flight, every few hundred commits. So the
    engine's connections leave it (``wal_autocheckpoint=0``) and this thread does it a few times
    a second, in parallel with the loop (SQLite releases the GIL).

    Folding the log back is not enough: the log starts again from its beginning only when a
    writer finds it wholly folded back and no reader in it, which under a steady load almost
    never happens, so it grew to the limit below and was then truncated while every writer
    waited (30-45 ms, the sends' p99). So each round first folds back what is there without
    blocking anyone (``PASSIVE``), then the few pages written meanwhile while holding the
    writers' lock, and restarts the log (``RESTART``) if no reader is in it; with a busy timeout
    of 0 it never waits for a writer or a reader, it tries again next round. Should the log
    still grow large, a ``TRUNCATE`` checkpoint makes writers wait for it once (on their
    connection's thread, where waiting is harmless), for a second at most.
    """

    def __init__(self, path: str, *, interval: float = 0.25) -> None:
        self.path = path
        self.interval = interval
        self._stop = threading.Event()
        self._held_back = False
        self._truncate_after = 0.0
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        while not self._stop.wait(self.interval):
            try:
                if conn is None:
                    conn = sqlite3.connect(self.path, check_same_thread=False)
                self._checkpoint(conn)
            except sqlite3.Error:
                log.warning("SQLite checkpoint failed; trying again shortly", exc_info=True)
        if conn is not None:
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA busy_timeout=0")
        _, frames, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if frames <= 0:
            return
        size = self._wal_size()
        if size <= _WAL_LIMIT_BYTES or time.monotonic() < self._truncate_after:
            conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()
            return
        # Writers wait while this waits for readers, so not for long, and not every round.
        conn.execute(f"PRAGMA busy_timeout={_TRUNCATE_PATIENCE_MS}")
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        # A checkpoint that cannot finish says so in its result, not by an error: a connection
        # that keeps a read transaction open holds the whole log back.
        if busy:
            self._truncate_after = time.monotonic() + _HELD_BACK_PAUSE
            if not self._held_back:
                log.warning(
                    "SQLite's write-ahead log (%d MB) cannot be folded back: a connection keeps "
                    "a transaction open",
                    size >> 20,
                )
        self._held_back = bool(busy)

    def _wal_size(self) -> int:
        try:
            return os.stat(self.path + "-wal").st_size
        except OSError:
            return 0

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

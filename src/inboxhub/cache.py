"""Rows kept in memory between requests, dropped whenever their tables are written.

The hot paths (every request's API key, every send's session) would otherwise read the same row
again and again. A cache empties itself when a statement of this process updates or deletes one
of its tables, and again when that transaction commits (a lookup in between may have cached the
old row), so this process never serves a stale row after a change; ``ttl`` bounds how long
another process sharing the database may.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from inboxhub.runtime import Runtime

K = TypeVar("K")
V = TypeVar("V")

_MAX_ENTRIES = 10_000
_CHANGES = ("UPDATE", "DELETE")


class WriteInvalidatedCache(Generic[K, V]):
    """``get_or_load`` answers from memory until one of ``tables`` is written (``UPDATE`` and
    ``DELETE``; with ``inserts``, ``INSERT`` too)."""

    def __init__(
        self,
        engine: AsyncEngine,
        tables: tuple[str, ...],
        *,
        ttl: float = 5.0,
        inserts: bool = False,
    ) -> None:
        self.ttl = ttl
        self._tables = tuple(t.upper() for t in tables)
        self._verbs = (*_CHANGES, "INSERT") if inserts else _CHANGES
        self._flag = "inboxhub_cache_" + "_".join(tables)
        self._entries: dict[K, tuple[float, V]] = {}
        # Bumped by every clear: a value loaded across one is not kept (it may predate the write).
        self._generation = 0
        event.listen(engine.sync_engine, "after_cursor_execute", self._after_execute)
        event.listen(engine.sync_engine, "commit", self._after_transaction)
        event.listen(engine.sync_engine, "rollback", self._after_transaction)

    async def get_or_load(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        entry = self._entries.get(key)
        if entry is not None and entry[0] >= time.monotonic():
            return entry[1]
        generation = self._generation
        value = await load()
        if generation == self._generation:
            if len(self._entries) >= _MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (time.monotonic() + self.ttl, value)
        return value

    def clear(self) -> None:
        self._entries.clear()
        self._generation += 1

    def _after_execute(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        head = statement[:96].lstrip()
        if not head[:6].upper().startswith(self._verbs):
            return
        # "UPDATE t SET", "DELETE FROM t", "INSERT INTO t": the table is the 2nd or 3rd word.
        words = head.upper().replace('"', "").split(None, 3)[1:3]
        if any(word in self._tables for word in words):
            self.clear()
            conn.info[self._flag] = True

    def _after_transaction(self, conn: Any) -> None:
        if conn.info.pop(self._flag, False):
            self.clear()


def shared_cache(
    runtime: Runtime, name: str, tables: tuple[str, ...], *, inserts: bool = False
) -> WriteInvalidatedCache[Any, Any]:
    """The gateway's cache called ``name``, created on first use."""
    cache = runtime.extras.get(name)
    if cache is None:
        cache = WriteInvalidatedCache[Any, Any](runtime.database.engine, tables, inserts=inserts)
        runtime.extras[name] = cache
    assert isinstance(cache, WriteInvalidatedCache)
    return cache

"""Rows kept in memory between requests, dropped whenever their tables are written.

The hot paths (every request's API key, every send's session) would otherwise read the same row
again and again. A cache empties itself when a statement of this process updates or deletes one
of its tables, and again when that transaction commits (a lookup in between may have cached the
old row), so this process never serves a stale row after a change; ``ttl`` bounds how long
another process sharing the database may.
"""

from __future__ import annotations

import contextlib
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from inboxhub.runtime import Runtime

K = TypeVar("K")
V = TypeVar("V")

_MAX_ENTRIES = 10_000


class _Writes:
    """One listener per engine for every cache on it: which tables a statement writes."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.caches: list[WriteInvalidatedCache[Any, Any]] = []
        event.listen(engine.sync_engine, "after_cursor_execute", self._after_execute)
        event.listen(engine.sync_engine, "commit", self._after_transaction)
        event.listen(engine.sync_engine, "rollback", self._after_transaction)

    def _after_execute(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        head = statement[:96].lstrip()
        verb = head[:6].upper()
        if verb not in _VERBS:
            return
        # "UPDATE t SET", "DELETE FROM t", "INSERT INTO t": the table is the 2nd or 3rd word.
        words = head.upper().replace('"', "").split(None, 3)[1:3]
        touched = [cache for cache in self.caches if cache.watches(verb, words)]
        for cache in touched:
            cache.clear()
        if touched:
            # An invalidated connection has no transaction left to end: nothing to clear later.
            with contextlib.suppress(DBAPIError, InvalidRequestError):
                conn.info.setdefault(_TOUCHED, set()).update(touched)

    def _after_transaction(self, conn: Any) -> None:
        try:
            touched = conn.info.pop(_TOUCHED, ())
        except (DBAPIError, InvalidRequestError):
            # A connection already invalidated (a dropped server, a cancelled call) has no
            # info left to read: forget everything rather than risk a stale entry.
            touched = self.caches
        for cache in touched:
            cache.clear()


_VERBS = frozenset({"UPDATE", "DELETE", "INSERT"})
_TOUCHED = "inboxhub_caches_touched"
_WRITES: weakref.WeakKeyDictionary[Any, _Writes] = weakref.WeakKeyDictionary()


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
        self._tables = frozenset(t.upper() for t in tables)
        self._verbs = _VERBS if inserts else _VERBS - {"INSERT"}
        self._entries: dict[K, tuple[float, V]] = {}
        # Bumped by every clear: a value loaded across one is not kept (it may predate the write).
        self._generation = 0
        writes = _WRITES.get(engine.sync_engine)
        if writes is None:
            writes = _WRITES[engine.sync_engine] = _Writes(engine)
        writes.caches.append(self)

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

    def watches(self, verb: str, words: list[str]) -> bool:
        return verb in self._verbs and any(word in self._tables for word in words)

    def clear(self) -> None:
        self._entries.clear()
        self._generation += 1


def shared_cache(
    runtime: Runtime, name: str, tables: tuple[str, ...], *, inserts: bool = False
) -> WriteInvalidatedCache[Any, Any]:
    """The gateway's cache called ``name``, created on first use."""
    cache = runtime.caches.get(name)
    if cache is None:
        cache = WriteInvalidatedCache[Any, Any](runtime.database.engine, tables, inserts=inserts)
        runtime.caches[name] = cache
    return cache

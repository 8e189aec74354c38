"""Rows kept in memory between requests, dropped whenever their tables are written.

The hot paths (every request's API key, every send's session) would otherwise read the same row
again and again. A cache empties itself when a statement of this process updates or deletes one
of its tables, and again when that transaction commits (a lookup in between may have cached the
old row), so this process never serves a stale row after a change; ``ttl`` bounds how long
another process sharing the database may.
"""

from __future__ import annotations

import time
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

K = TypeVar("K")
V = TypeVar("V")

_MAX_ENTRIES = 10_000


class WriteInvalidatedCache(Generic[K, V]):
    def __init__(self, engine: AsyncEngine, tables: tuple[str, ...], ttl: float = 5.0) -> None:
        self.ttl = ttl
        self._tables = tuple(t.upper() for t in tables)
        self._flag = "inboxhub_cache_" + "_".join(tables)
        self._entries: dict[K, tuple[float, V]] = {}
        event.listen(engine.sync_engine, "after_cursor_execute", self._after_execute)
        event.listen(engine.sync_engine, "commit", self._after_commit)

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, key: K, value: V) -> V:
        if len(self._entries) >= _MAX_ENTRIES:
            self._entries.clear()
        self._entries[key] = (time.monotonic() + self.ttl, value)
        return value

    def clear(self) -> None:
        self._entries.clear()

    def _after_execute(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        head = statement.lstrip()[:64].upper().replace('"', "")
        if not head.startswith(("UPDATE", "DELETE")):
            return
        # "UPDATE t SET" / "DELETE FROM t WHERE": the table is the second or third word.
        words = head.split(None, 3)[1:3]
        if any(word in self._tables for word in words):
            self._entries.clear()
            conn.info[self._flag] = True

    def _after_commit(self, conn: Any) -> None:
        if conn.info.pop(self._flag, False):
            self._entries.clear()

"""Rows kept in memory between requests, dropped whenever their tables are written.

The hot paths (every request's API key, every send's session) would otherwise read the same row
again and again. A cache empties itself when a statement of this process updates or deletes one
of its tables, and again when that transaction commits (a lookup in between may have cached the
old row), so this process never serves a stale row after a change. In cluster mode each commit
that wrote a watched table is announced to the other nodes, which empty their caches of it
within milliseconds; ``ttl`` bounds how long a node that missed the announcement may serve it.

A key that is missing is loaded once however many requests ask for it meanwhile: under load an
expired API key or session had every request in flight read the same row at once, each on a
connection of its own, past the pool's size.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from inboxhub.runtime import Runtime

K = TypeVar("K")
V = TypeVar("V")

_MAX_ENTRIES = 10_000


# Tables some cache watches (``watched``), declared where each cache is: a write to one is
# announced to the other nodes even by a node that has not built that cache yet.
WATCHED_TABLES: set[str] = set()


def watched(*tables: str) -> tuple[str, ...]:
    WATCHED_TABLES.update(table.upper() for table in tables)
    _Plan.version += 1
    return tables


@dataclass(frozen=True, slots=True, eq=False)
class _Plan:
    """What a statement's text says it writes, worked out once per text: the same few hundred
    statements run again and again, and reading each one's text cost more than the statement."""

    # Bumped whenever a table is watched or a cache made: plans made before are out of date.
    version: ClassVar[int] = 0

    made_at: int
    written: frozenset[str]  # watched tables, announced to the other nodes in cluster mode
    touched: tuple[WriteInvalidatedCache[Any, Any], ...]


class _Writes:
    """One listener per engine for every cache on it: which tables a statement writes."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.caches: list[WriteInvalidatedCache[Any, Any]] = []
        self._plans: dict[str, _Plan] = {}
        # Called after a commit with the watched tables it wrote (cluster mode).
        self.announce: Callable[[set[str]], None] | None = None
        event.listen(engine.sync_engine, "after_cursor_execute", self._after_execute)
        event.listen(engine.sync_engine, "commit", self._after_commit)
        event.listen(engine.sync_engine, "rollback", self._after_transaction)

    def _after_execute(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        plan = self._plans.get(statement)
        if plan is None or plan.made_at != _Plan.version:
            plan = self._plan(statement)
        if not plan.touched and (self.announce is None or not plan.written):
            return
        # A statement that changed no row (a periodic "unown what dead nodes owned" that found
        # nothing) leaves every cache right. Only trusted without RETURNING: SQLite counts a
        # RETURNING statement's rows as they are fetched, after this hook.
        if cursor.rowcount == 0 and cursor.description is None:
            return
        if self.announce is not None and plan.written:
            with contextlib.suppress(DBAPIError, InvalidRequestError):
                conn.info.setdefault(_WRITTEN, set()).update(plan.written)
        for cache in plan.touched:
            cache.clear()
        if plan.touched:
            # An invalidated connection has no transaction left to end: nothing to clear later.
            with contextlib.suppress(DBAPIError, InvalidRequestError):
                conn.info.setdefault(_TOUCHED, set()).update(plan.touched)

    def _plan(self, statement: str) -> _Plan:
        head = statement[:96].lstrip()
        verb = head[:6].upper()
        written: frozenset[str] = frozenset()
        touched: tuple[WriteInvalidatedCache[Any, Any], ...] = ()
        if verb in _VERBS:
            # "UPDATE t SET", "DELETE FROM t", "INSERT INTO t": the table is the 2nd or 3rd word.
            words = head.upper().replace('"', "").split(None, 3)[1:3]
            written = frozenset(word for word in words if word in WATCHED_TABLES)
            touched = tuple(cache for cache in self.caches if cache.watches(verb, words))
        if len(self._plans) >= _MAX_PLANS:  # IN lists of every length make texts without end
            self._plans.clear()
        plan = self._plans[statement] = _Plan(_Plan.version, written, touched)
        return plan

    def _after_commit(self, conn: Any) -> None:
        if self.announce is not None:
            with contextlib.suppress(DBAPIError, InvalidRequestError):
                written = conn.info.pop(_WRITTEN, None)
                if written:
                    self.announce(written)
        self._after_transaction(conn)

    def _after_transaction(self, conn: Any) -> None:
        with contextlib.suppress(DBAPIError, InvalidRequestError):
            conn.info.pop(_WRITTEN, None)
        try:
            touched = conn.info.pop(_TOUCHED, ())
        except (DBAPIError, InvalidRequestError):
            # A connection already invalidated (a dropped server, a cancelled call) has no
            # info left to read: forget everything rather than risk a stale entry.
            touched = self.caches
        for cache in touched:
            cache.clear()


_VERBS = frozenset({"UPDATE", "DELETE", "INSERT"})
_MAX_PLANS = 1024
_TOUCHED = "inboxhub_caches_touched"
_WRITTEN = "inboxhub_watched_tables_written"
_WRITES: weakref.WeakKeyDictionary[Any, _Writes] = weakref.WeakKeyDictionary()


def _writes_of(engine: AsyncEngine) -> _Writes:
    writes = _WRITES.get(engine.sync_engine)
    if writes is None:
        writes = _WRITES[engine.sync_engine] = _Writes(engine)
    return writes


def announce_writes(engine: AsyncEngine, announce: Callable[[set[str]], None] | None) -> None:
    """After each commit on ``engine`` that wrote watched tables, ``announce(tables)``."""
    _writes_of(engine).announce = announce


def clear_watching(engine: AsyncEngine, tables: set[str]) -> None:
    """Another node wrote ``tables`` (upper case; ``*`` for all): empty the caches of them."""
    for cache in _writes_of(engine).caches:
        if "*" in tables or cache.tables & tables:
            cache.clear()


class Loads(Generic[K, V]):
    """Loads of missing cache entries, at most one per key at a time: a caller that asks for a
    key being loaded waits for that load and gets its value (or its error)."""

    def __init__(self) -> None:
        # Bumped by ``forget``: a load begun before is neither kept nor shared with later callers
        # (it may predate the change that emptied the cache).
        self._generation = 0
        self._under_way: dict[K, tuple[int, asyncio.Future[V]]] = {}

    def forget(self) -> None:
        self._generation += 1

    async def get(
        self, key: K, load: Callable[[], Awaitable[V]], keep: Callable[[K, V], None]
    ) -> V:
        """``load()``'s value for ``key``, given to ``keep`` unless ``forget`` came meanwhile."""
        while True:
            under_way = self._under_way.get(key)
            if under_way is None or under_way[0] != self._generation:
                return await self._load(key, load, keep)
            future = under_way[1]
            # Not awaited directly: this caller's own cancellation must not cancel the load.
            await asyncio.wait((future,))
            if not future.cancelled():
                return future.result()
            # The loading request went away (its client hung up): load it here instead.

    async def _load(
        self, key: K, load: Callable[[], Awaitable[V]], keep: Callable[[K, V], None]
    ) -> V:
        generation = self._generation
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._under_way[key] = (generation, future)
        try:
            value = await load()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # marked as retrieved: nobody may be waiting for it
            raise
        else:
            future.set_result(value)
        finally:
            if self._under_way.get(key, (0, None))[1] is future:
                del self._under_way[key]
        if generation == self._generation:
            keep(key, value)
        return value


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
        self._loads = Loads[K, V]()
        watched(*tables)  # also puts every statement's plan out of date
        _writes_of(engine).caches.append(self)

    async def get_or_load(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        entry = self._entries.get(key)
        if entry is not None and entry[0] >= time.monotonic():
            return entry[1]
        return await self._loads.get(key, load, self._keep)

    def _keep(self, key: K, value: V) -> None:
        if len(self._entries) >= _MAX_ENTRIES:
            self._entries.clear()
        self._entries[key] = (time.monotonic() + self.ttl, value)

    @property
    def tables(self) -> frozenset[str]:
        return self._tables

    def watches(self, verb: str, words: list[str]) -> bool:
        return verb in self._verbs and any(word in self._tables for word in words)

    def clear(self) -> None:
        self._entries.clear()
        self._loads.forget()


async def through(
    cache: WriteInvalidatedCache[K, V] | None, key: K, load: Callable[[], Awaitable[V]]
) -> V:
    """``cache.get_or_load(key, load)``, or ``load()`` where no cache is kept (a process that
    only delivers)."""
    return await load() if cache is None else await cache.get_or_load(key, load)


def shared_cache(
    runtime: Runtime, name: str, tables: tuple[str, ...], *, inserts: bool = False
) -> WriteInvalidatedCache[Any, Any]:
    """The gateway's cache called ``name``, created on first use."""
    cache = runtime.caches.get(name)
    if cache is None:
        cache = WriteInvalidatedCache[Any, Any](runtime.database.engine, tables, inserts=inserts)
        runtime.caches[name] = cache
    return cache

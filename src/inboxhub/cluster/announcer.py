"""What one node tells the others, over PostgreSQL's ``NOTIFY``: ownership changed, tables that
caches hold were written, events were committed for some organizations.

Announcements of one kind are gathered for ``delay`` seconds and sent as one notification, so a
busy node sends a few per second whatever its write rate. Each names its sender; a node ignores
its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)

Handler = Callable[[set[str]], None]
Sender = Callable[[str], Coroutine[Any, Any, None]]

# NOTIFY payloads are limited to 8,000 bytes: past this many items, say "everything".
_MAX_ITEMS = 200
EVERYTHING = "*"


class Announcer:
    def __init__(self, node_id: str, send: Sender, *, delay: float = 0.05) -> None:
        self.node_id = node_id
        self._send = send
        self._delay = delay
        self._pending: dict[str, set[str]] = {}
        self._flush: asyncio.TimerHandle | None = None
        self._handlers: dict[str, list[Handler]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def on(self, kind: str, handler: Handler) -> None:
        self._handlers.setdefault(kind, []).append(handler)

    def announce(self, kind: str, items: set[str]) -> None:
        """Tell the other nodes, soon (callable from any code running on the event loop)."""
        self._pending.setdefault(kind, set()).update(items)
        if self._flush is None:
            self._flush = asyncio.get_running_loop().call_later(self._delay, self._send_pending)

    def _send_pending(self) -> None:
        self._flush = None
        pending, self._pending = self._pending, {}
        for kind, items in pending.items():
            listed = sorted(items) if len(items) <= _MAX_ITEMS else [EVERYTHING]
            payload = json.dumps({"node": self.node_id, "kind": kind, "items": listed})
            task = asyncio.get_running_loop().create_task(self._send(payload))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def heard(self, payload: str) -> None:
        try:
            message = json.loads(payload)
            sender, kind, items = message["node"], message["kind"], set(message["items"])
        except (ValueError, KeyError, TypeError):
            return
        if sender == self.node_id:
            return
        for handler in self._handlers.get(kind, ()):
            try:
                handler(items)
            except Exception:
                log.exception("cluster: handling %r from %s failed", kind, sender)

    async def close(self) -> None:
        if self._flush is not None:
            self._flush.cancel()
            self._send_pending()
        for task in list(self._tasks):
            with contextlib.suppress(Exception):
                await task

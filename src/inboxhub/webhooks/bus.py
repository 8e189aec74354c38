"""Committed events, pushed to the live listeners of this process (the server-sent event streams)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from inboxhub.webhooks import signing

CATCH_UP = object()


@dataclass(eq=False)
class Published:
    """A snapshot of a recorded event, taken when it was recorded and pushed once it is committed."""

    seq: int
    id: str
    organization_id: int
    session_id: str | None
    type: str
    payload: dict[str, Any]
    created_at: datetime

    @cached_property
    def body(self) -> bytes:
        """The webhook body; live listeners get the very same bytes."""
        return signing.encode(
            signing.envelope(
                event_id=self.id,
                event_type=self.type,
                payload=self.payload,
                created_at=self.created_at,
                session_id=self.session_id,
            )
        )


class Listener:
    """One live stream: an organization, optionally one session and some event types."""

    def __init__(
        self,
        *,
        organization_id: int,
        session_id: str | None,
        types: frozenset[str] | None,
        max_queue: int,
    ) -> None:
        self.organization_id = organization_id
        self.session_id = session_id
        self.types = types
        # ``None`` says the gateway is shutting down; ``CATCH_UP``, read the database.
        self.queue: asyncio.Queue[Published | object | None] = asyncio.Queue(max_queue)
        # Set when the queue overflowed: the stream catches up from the database instead.
        self.lagged = False

    def matches(self, event: Published) -> bool:
        return (
            event.organization_id == self.organization_id
            and (self.session_id is None or event.session_id == self.session_id)
            and (self.types is None or event.type in self.types)
        )

    def catch_up(self) -> None:
        """Events were committed elsewhere (another node): read them from the database."""
        self.lagged = True
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(CATCH_UP)

    def offer(self, event: Published) -> None:
        if self.lagged:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.lagged = True


class EventBus:
    def __init__(self, *, max_queue: int = 10_000) -> None:
        self._listeners: set[Listener] = set()
        self._max_queue = max_queue

    def listen(
        self, *, organization_id: int, session_id: str | None, types: frozenset[str] | None
    ) -> Listener:
        listener = Listener(
            organization_id=organization_id,
            session_id=session_id,
            types=types,
            max_queue=self._max_queue,
        )
        self._listeners.add(listener)
        return listener

    def close(self, listener: Listener) -> None:
        self._listeners.discard(listener)

    def shutdown(self) -> None:
        for listener in list(self._listeners):
            listener.lagged = False
            while not listener.queue.empty():
                listener.queue.get_nowait()
            listener.queue.put_nowait(None)
        self._listeners.clear()

    @property
    def listeners(self) -> int:
        return len(self._listeners)

    def catch_up(self, organization_ids: set[int] | None) -> None:
        """Listeners of these organizations (None: all) read what they missed from the database."""
        for listener in list(self._listeners):
            if organization_ids is None or listener.organization_id in organization_ids:
                listener.catch_up()

    def push(self, events: list[Published]) -> None:
        for listener in list(self._listeners):
            for event in events:
                if listener.matches(event):
                    listener.offer(event)

"""Kept-alive HTTP/1.1 connections, pooled per destination: shared by the clients written for
a hot path (webhooks going out, requests forwarded between cluster nodes)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Hashable
from typing import Generic, TypeVar


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.idle_since = time.monotonic()

    def usable(self, expiry: float) -> bool:
        return (
            not self.writer.is_closing()
            and not self.reader.at_eof()
            and time.monotonic() - self.idle_since < expiry
        )

    def close(self) -> None:
        self.writer.close()


K = TypeVar("K", bound=Hashable)
C = TypeVar("C", bound=Connection)


class Pool(Generic[K, C]):
    def __init__(self, *, expiry: float, max_idle: int) -> None:
        self.expiry = expiry
        self.max_idle = max_idle
        self._idle: dict[K, list[C]] = {}

    def _idle_connection(self, key: K) -> C | None:
        idle = self._idle.get(key)
        while idle:
            connection = idle.pop()
            if connection.usable(self.expiry):
                return connection
            connection.close()
        return None

    async def kept_alive(self, key: K) -> C | None:
        """An idle connection to reuse, once the event loop has read what arrived on it
        meanwhile: a peer that closed it (its keep-alive timeout) is noticed before anything is
        sent."""
        connection = self._idle_connection(key)
        if connection is None:
            return None
        await asyncio.sleep(0)
        if connection.usable(self.expiry):
            return connection
        connection.close()
        return None

    def release(self, key: K, connection: C) -> None:
        idle = self._idle.setdefault(key, [])
        if len(idle) >= self.max_idle:
            connection.close()
            return
        connection.idle_since = time.monotonic()
        idle.append(connection)

    def close(self) -> None:
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        self._idle.clear()

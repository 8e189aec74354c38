"""The HTTP/1.1 client that passes requests between nodes: a request's method, target, headers
and whole body written as they came, the owner's answer passed back as it is read.

Why not the general-purpose client: a forwarded request is on the hot path (with two nodes,
half of all requests), and httpx's request and response objects cost about a millisecond of
CPU per request on each side's event loop, as much as serving the request itself. Written
directly and parsed by httptools (llhttp, what uvicorn serves with) on kept-alive connections,
the hop costs a tenth of that. Requests whose body streams (uploads) and ``HEAD`` (whose answer
announces a body it does not carry) still go through httpx.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httptools
from starlette.types import Send

from inboxhub.keepalive import Connection, Pool

_READ = 65536
# Under uvicorn's keep-alive timeout (5 s): a connection is never reused just as the owner
# closes it for being idle.
_IDLE_SECONDS = 4.0
_MAX_IDLE = 64
_CONNECT_SECONDS = 3.0
_READ_SECONDS = 120.0
# An answer is held back, not streamed, only to see whether it is the owner's "moving" (small).
_HELD_LIMIT = 64 * 1024


class NodeUnreachable(Exception):
    """The request never reached the node: it may be sent elsewhere."""


class AnswerLost(Exception):
    """The request was sent and no answer came: the node may have acted on it."""


@dataclass
class Held:
    """An answer read whole instead of streamed (a 503, to be looked at before passing on)."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


@dataclass
class _Reading:
    """One answer as httptools parses it; what to pass on is queued, then sent between reads."""

    not_passed_back: frozenset[bytes]
    parser: httptools.HttpResponseParser = field(init=False)
    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    started: bool = False
    complete: bool = False
    keep_alive: bool = False
    trailing: bool = False
    chunks: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.parser = httptools.HttpResponseParser(self)

    def on_message_begin(self) -> None:
        if self.complete:
            self.trailing = True  # bytes after the answer: the connection is out of step
            return
        self.headers, self.chunks = [], []

    def on_header(self, name: bytes, value: bytes) -> None:
        if not self.complete and name.lower() not in self.not_passed_back:
            self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        if not self.complete:
            self.status = self.parser.get_status_code()

    def on_body(self, body: bytes) -> None:
        if not self.complete and self.status >= 200:
            self.chunks.append(body)

    def on_message_complete(self) -> None:
        # 1xx answers are skipped: the real one follows.
        if self.status >= 200 and not self.complete:
            self.complete = True
            self.keep_alive = self.parser.should_keep_alive()


class Relay:
    def __init__(self, not_passed_back: frozenset[bytes]) -> None:
        self.not_passed_back = not_passed_back
        self._pool: Pool[tuple[str, int], Connection] = Pool(
            expiry=_IDLE_SECONDS, max_idle=_MAX_IDLE
        )

    async def forward(
        self,
        url: str,
        method: str,
        target: str,
        headers: Iterable[tuple[bytes, bytes]],
        body: bytes,
        send: Send,
        *,
        hold_status: int,
    ) -> Held | None:
        """Send the request to the node at ``url`` and pass its answer to ``send``; an answer
        with ``hold_status`` is returned instead, unsent, for the caller to judge."""
        parts = urlsplit(url)
        origin = (parts.hostname or "127.0.0.1", parts.port or 80)
        host = parts.netloc.rpartition("@")[2]
        lines = [f"{method} {target} HTTP/1.1".encode("latin-1"), b"host: " + host.encode("idna")]
        lines += [name + b": " + value for name, value in headers]
        lines.append(b"content-length: %d" % len(body))
        request = b"\r\n".join(lines) + b"\r\n\r\n" + body
        for attempt in (1, 2):
            connection = await self._pool.kept_alive(origin)
            reused = connection is not None
            if connection is None:
                connection = await self._connect(origin)
            try:
                connection.writer.write(request)
                await connection.writer.drain()
            except OSError as exc:
                connection.close()
                if reused and attempt == 1:
                    continue  # it never reached the node: once more, on a new connection
                raise AnswerLost(str(exc) or type(exc).__name__) from exc
            try:
                held, keep = await self._answer(connection, send, hold_status)
            except BaseException:
                connection.close()
                raise
            if keep:
                self._pool.release(origin, connection)
            else:
                connection.close()
            return held
        raise AssertionError("unreachable")

    async def _answer(
        self, connection: Connection, send: Send, hold_status: int
    ) -> tuple[Held | None, bool]:
        reading = _Reading(self.not_passed_back)
        holding = False
        held = bytearray()
        answered = False
        while True:
            try:
                async with asyncio.timeout(_READ_SECONDS):
                    data = await connection.reader.read(_READ)
            except (OSError, TimeoutError) as exc:
                if reading.started:
                    raise  # half an answer passed on: the client's connection ends with it
                raise AnswerLost(str(exc) or type(exc).__name__) from exc
            if data:
                answered = True
                try:
                    reading.parser.feed_data(data)
                except httptools.HttpParserError as exc:
                    if reading.started:
                        raise
                    raise AnswerLost(f"malformed answer: {exc}") from exc
            elif reading.started:
                # Every answer of a node has a length or chunks: this one was cut short.
                raise ConnectionResetError("the node closed the connection mid-answer")
            else:
                raise AnswerLost(
                    "the answer ended early"
                    if answered
                    else "the node closed the connection without answering"
                )
            if reading.status >= 200 and not reading.started and not holding:
                if reading.status == hold_status:
                    holding = True
                else:
                    reading.started = True
                    await send(
                        {
                            "type": "http.response.start",
                            "status": reading.status,
                            "headers": reading.headers,
                        }
                    )
            chunks, reading.chunks = reading.chunks, []
            if holding:
                for chunk in chunks:
                    held += chunk
                if len(held) > _HELD_LIMIT:
                    raise AnswerLost("an oversized answer held back")
            else:
                for chunk in chunks:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            if reading.complete:
                break
        if holding:
            return Held(reading.status, reading.headers, bytes(held)), False
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return None, reading.keep_alive and not reading.trailing

    async def _connect(self, origin: tuple[str, int]) -> Connection:
        try:
            async with asyncio.timeout(_CONNECT_SECONDS):
                reader, writer = await asyncio.open_connection(*origin)
        except (OSError, TimeoutError) as exc:
            raise NodeUnreachable(f"could not connect to {origin[0]}:{origin[1]}: {exc}") from exc
        return Connection(reader, writer)

    def close(self) -> None:
        self._pool.close()

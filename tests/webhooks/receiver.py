"""A CRM's webhook endpoint on 127.0.0.1: a small HTTP/1.1 server that records what it receives
and answers as scripted (status codes, Retry-After, redirects, hanging, dropping the connection)."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from tests.support import eventually


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    # What the server answered (None while it is still deciding, or when it dropped the request).
    status: int | None = None

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def event_id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b'{"ok":true}'


@dataclass
class Raw:
    """Bytes written as they are: any framing, or none. ``status`` is what they answer, for
    ``accepted``; ``close`` hangs up after writing them."""

    data: bytes
    status: int | None = None
    close: bool = False


class Hang:
    """Never answer (until the client gives up)."""


class Drop:
    """Close the connection without answering."""


Script = Callable[
    [Received], "Reply | Raw | Hang | Drop | int | Awaitable[Reply | Raw | Hang | Drop | int]"
]


class Receiver:
    def __init__(self, script: Script | None = None, *, path: str = "/hook") -> None:
        self.script = script
        self.path = path
        self.requests: list[Received] = []
        self.port = 0
        # Close each connection right after answering, without "Connection: close".
        self.close_after_answer = False
        self.connections = 0  # accepted so far
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    @property
    def accepted(self) -> list[Received]:
        """Requests answered 2xx, in the order they were answered."""
        return [r for r in self.requests if r.status is not None and 200 <= r.status < 300]

    def accepted_ids(self) -> list[str]:
        return [r.event_id for r in self.accepted]

    async def start(self) -> Receiver:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        """Go down: the port refuses connections until ``start`` is called again."""
        if self._server is not None:
            self._server.close()
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            await self._server.wait_closed()
            self._server = None

    async def wait_for(self, count: int, *, timeout: float = 30.0) -> list[Received]:
        async def enough() -> bool:
            return len(self.accepted) >= count

        await eventually(enough, timeout=timeout)
        return self.accepted

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        self.connections += 1
        try:
            while await self._one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        line = await reader.readline()
        if not line:
            return False
        method, path, _ = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = header.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        received = Received(method=method, path=path, headers=headers, body=body)
        self.requests.append(received)
        answer: Any = self.script(received) if self.script else Reply()
        if inspect.isawaitable(answer):
            answer = await answer
        if isinstance(answer, int):
            answer = Reply(status=answer)
        if isinstance(answer, Hang):
            await asyncio.sleep(3600)
            return False
        if isinstance(answer, Drop):
            return False
        if isinstance(answer, Raw):
            writer.write(answer.data)
            await writer.drain()
            received.status = answer.status
            return not answer.close
        assert isinstance(answer, Reply)
        reason = next((s.phrase for s in HTTPStatus if s.value == answer.status), "Status")
        head = [f"HTTP/1.1 {answer.status} {reason}", f"Content-Length: {len(answer.body)}"]
        head += [f"{k}: {v}" for k, v in answer.headers.items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + answer.body)
        await writer.drain()
        received.status = answer.status
        return not self.close_after_answer

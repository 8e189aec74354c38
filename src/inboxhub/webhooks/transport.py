"""The HTTP/1.1 transport webhooks go out through, under httpx.

Two reasons for a transport of our own. Every connection is made to an address the SSRF guard
has just checked (resolve once, refuse if any address is blocked, connect to that address), so
DNS cannot point a request somewhere the guard refused. And it is lean: asyncio streams and h11,
with a small keep-alive pool per origin, cost a fraction of the general-purpose pool's CPU per
request, which is what bounds how many webhooks a gateway process can send per second.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from collections.abc import AsyncIterator
from typing import Any

import h11
import httpx

from inboxhub.ssrf import check_address

Origin = tuple[str, str, int]
_READ = 65536


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.h11 = h11.Connection(h11.CLIENT)
        self.idle_since = time.monotonic()
        self.answered = False  # any byte of a response seen on this connection

    def usable(self, expiry: float) -> bool:
        return (
            not self.writer.is_closing()
            and not self.reader.at_eof()
            and time.monotonic() - self.idle_since < expiry
        )

    def close(self) -> None:
        self.writer.close()

    async def next_event(self) -> Any:
        while True:
            event = self.h11.next_event()
            if event is not h11.NEED_DATA:
                return event
            data = await self.reader.read(_READ)
            if data:
                self.answered = True
            self.h11.receive_data(data)  # b"" tells h11 the peer closed

    async def send(self, request: h11.Request, body: bytes) -> h11.Response:
        self.writer.write(
            self.h11.send(request)
            + self.h11.send(h11.Data(data=body))
            + self.h11.send(h11.EndOfMessage())
        )
        await self.writer.drain()
        while True:
            event = await self.next_event()
            if isinstance(event, h11.Response):
                return event
            if isinstance(event, h11.ConnectionClosed):
                raise httpx.RemoteProtocolError(
                    "the server closed the connection without answering"
                )
            # 1xx informational answers are skipped


class _Body(httpx.AsyncByteStream):
    def __init__(self, pool: GuardedTransport, origin: Origin, connection: _Connection) -> None:
        self._pool, self._origin, self._connection = pool, origin, connection
        self._complete = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            while True:
                event = await self._connection.next_event()
                if isinstance(event, h11.Data):
                    yield bytes(event.data)
                elif isinstance(event, h11.EndOfMessage):
                    self._complete = True
                    return
                else:
                    raise httpx.RemoteProtocolError("the answer ended early")
        except h11.RemoteProtocolError as exc:
            raise httpx.RemoteProtocolError(str(exc)) from exc
        except OSError as exc:
            raise httpx.ReadError(str(exc) or type(exc).__name__) from exc

    async def aclose(self) -> None:
        connection = self._connection
        reusable = (
            self._complete
            and connection.h11.our_state is h11.DONE
            and connection.h11.their_state is h11.DONE
        )
        if reusable:
            connection.h11.start_next_cycle()
            self._pool.release(self._origin, connection)
        else:
            connection.close()


class GuardedTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        *,
        allow_private: bool,
        keepalive_expiry: float = 30.0,
        max_idle_per_origin: int = 64,
    ) -> None:
        self.allow_private = allow_private
        self.keepalive_expiry = keepalive_expiry
        self.max_idle_per_origin = max_idle_per_origin
        self._idle: dict[Origin, list[_Connection]] = {}
        self._ssl: ssl.SSLContext | None = None

    def _ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            self._ssl = httpx.create_ssl_context(trust_env=False)
        return self._ssl

    async def _connect(self, origin: Origin) -> _Connection:
        scheme, host, port = origin
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except OSError as exc:
            raise httpx.ConnectError(f"host '{host}' does not resolve") from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:  # every address, or a round-robin answer could slip through
            check_address(address, allow_private=self.allow_private)
        tls = self._ssl_context() if scheme == "https" else None
        error: Exception | None = None
        for address in addresses:
            try:
                reader, writer = await asyncio.open_connection(
                    address, port, ssl=tls, server_hostname=host if tls else None
                )
                return _Connection(reader, writer)
            except (OSError, ssl.SSLError) as exc:
                error = exc
        raise httpx.ConnectError(f"could not connect to {host}:{port}: {error}") from error

    def _idle_connection(self, origin: Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        while idle:
            connection = idle.pop()
            if connection.usable(self.keepalive_expiry):
                return connection
            connection.close()
        return None

    def release(self, origin: Origin, connection: _Connection) -> None:
        idle = self._idle.setdefault(origin, [])
        if len(idle) >= self.max_idle_per_origin:
            connection.close()
            return
        connection.idle_since = time.monotonic()
        idle.append(connection)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        origin = (url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80))
        body = b"".join([chunk async for chunk in request.stream])  # type: ignore[union-attr]
        message = h11.Request(
            method=request.method, target=url.raw_path, headers=list(request.headers.raw)
        )
        for attempt in (1, 2):
            connection = self._idle_connection(origin)
            reused = connection is not None
            if connection is None:
                connection = await self._connect(origin)
            try:
                response = await connection.send(message, body)
            except (OSError, h11.RemoteProtocolError, httpx.RemoteProtocolError) as exc:
                connection.close()
                # A kept-alive connection the server had already dropped: the request never
                # reached it, so it goes once more on a new connection.
                if reused and not connection.answered and attempt == 1:
                    continue
                if isinstance(exc, OSError):
                    raise httpx.WriteError(str(exc) or type(exc).__name__) from exc
                raise httpx.RemoteProtocolError(str(exc)) from exc
            except BaseException:
                connection.close()
                raise
            return httpx.Response(
                status_code=response.status_code,
                headers=response.headers,
                stream=_Body(self, origin, connection),
                extensions={"http_version": b"HTTP/1.1", "reason_phrase": response.reason},
            )
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        self._idle.clear()

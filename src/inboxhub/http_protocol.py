"""uvicorn's HTTP/1.1 protocol, with each answer leaving in one write.

uvicorn writes an answer's status line and headers in one call to the transport and its body in
another: two system calls and two packets for every answer, and the client wakes twice to read
them. The head's write was the dearest single line of a refused request's CPU (9 % of it), and the
client's second read is paid for on the same machine by whoever calls us. Here a head is held back
until the body's write joins it; what never gets a body write (a ``HEAD``, a ``100 Continue``, an
answer that ends the connection) leaves at the end of the loop's current step, or at ``close``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_HEAD_START = b"HTTP/1.1 "
_HEAD_END = b"\r\n\r\n"


class OneWriteTransport:
    """A transport that sends a held response head together with the write that follows it."""

    __slots__ = ("_held", "_loop", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        held = self._held
        if held is not None:
            self._held = None
            self._transport.writelines((held, data))
        elif data[-4:] == _HEAD_END and data[:9] == _HEAD_START:
            self._held = bytes(data)
            self._loop.call_soon(self.flush)
        else:
            self._transport.write(data)

    def flush(self) -> None:
        held, self._held = self._held, None
        if held is not None and not self._transport.is_closing():
            self._transport.write(held)

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._held = None
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        # Everything else (addresses, flow control, set_protocol) is the socket's own.
        return getattr(self._transport, name)


class HttpProtocol(HttpToolsProtocol):
    """``HttpToolsProtocol`` writing through ``OneWriteTransport``."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        one_write = OneWriteTransport(transport, asyncio.get_running_loop())
        super().connection_made(one_write)  # type: ignore[arg-type]

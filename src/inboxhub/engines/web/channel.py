"""The local channel between the gateway and the web engine process.

A Unix socket pair private to the two processes carries length-prefixed pickle frames: the socket
is created by the parent and inherited by the child only, so nothing else can write to it.

Parent → child: ``("call", id, op, session_id, kwargs)``, ``("shutdown",)``, and
``("shutdown", "renew")`` to end quietly while the sessions go on in a new process.
Child → parent: ``("ready", info)``, ``("fatal", message)``, ``("ok", id, value)``,
``("err", id, code, message, field)``, ``("event", EngineEvent)``.
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct
from typing import Any

from inboxhub.engines.base import (
    EngineError,
    EngineRateLimited,
    InvalidRecipient,
    NotConnected,
    NotFoundOnEngine,
)
from inboxhub.errors import ApiError, Conflict, EngineNotSupported, ValidationFailed

_HEADER = struct.Struct(">I")
# Media travels in frames; WhatsApp's own ceiling for documents is far above what we accept.
MAX_FRAME = 256 * 1024 * 1024

_ERRORS: dict[str, type[ApiError]] = {
    cls.code: cls
    for cls in (
        NotConnected,
        InvalidRecipient,
        EngineRateLimited,
        NotFoundOnEngine,
        EngineNotSupported,
        ValidationFailed,
        Conflict,
    )
}


def encode(message: tuple[Any, ...]) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    if len(data) > MAX_FRAME:
        raise ValidationFailed(
            f"The content is too large for the web engine ({len(data)} bytes)", field="message"
        )
    return _HEADER.pack(len(data)) + data


def error_frame(request_id: int, exc: ApiError) -> tuple[Any, ...]:
    return ("err", request_id, exc.code, exc.message, exc.field)


def rebuild_error(code: str, message: str, field: str | None) -> ApiError:
    """The parent's exception for an error the child reported."""
    return _ERRORS.get(code, EngineError)(message, field=field)


async def read_frame(reader: asyncio.StreamReader) -> tuple[Any, ...] | None:
    """The next frame, or None once the other side is gone."""
    try:
        (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
        if size > MAX_FRAME:
            return None
        data = await reader.readexactly(size)
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    frame: tuple[Any, ...] = pickle.loads(data)
    return frame


def recv_frame(sock: socket.socket) -> tuple[Any, ...] | None:
    """Blocking read of the next frame (child side); None once the parent is gone."""
    header = _recv_exactly(sock, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    if size > MAX_FRAME:
        return None
    data = _recv_exactly(sock, size)
    if data is None:
        return None
    frame: tuple[Any, ...] = pickle.loads(data)
    return frame


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        try:
            count = sock.recv_into(view[received:], size - received)
        except (ConnectionError, OSError):
            return None
        if count == 0:
            return None
        received += count
    return bytes(buffer)

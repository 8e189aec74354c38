"""The sandbox network's wire: calls both ways over one websocket, as JSON text frames.

Either side sends ``{"call": n, "op": name, "args": [...], "kwargs": {...}}`` and the other
answers ``{"re": n, "ok": value}`` or ``{"re": n, "error": {"type", "message", "field"}}``. The
gateway calls the network (send a message, link, create a group…); the network calls the gateway
with ``event`` (a session's engine event) and hears back once the gateway has recorded it, which
is when the network lets go of what it kept for the session.

Values are JSON plus what the engine contract passes around, tagged: the dataclasses of
``engines.base`` and ``engines.events`` (``{"__type__": name, ...}``), datetimes and bytes.
Nothing else is ever decoded into an object.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from websockets.asyncio.connection import Connection
from websockets.exceptions import ConnectionClosed

from inboxhub import errors
from inboxhub.engines import base
from inboxhub.engines.sandbox.codec import classes, decode, encode

log = logging.getLogger(__name__)

# Close code (private range) the network uses for a connection another one replaced.
REPLACED = 4001
# Media travels inside frames: as large as the gateway accepts, with room for base64.
MAX_FRAME_BYTES = 128 << 20
# The client attributes a node mirrors, sent with every answer and every event.
ATTRIBUTES = (
    "state",
    "phone_number",
    "push_name",
    "qr_code",
    "qr_expires_at",
    "last_disconnect_reason",
    "last_activity",
)


_ERRORS: dict[str, type[errors.ApiError]] = {
    **classes(errors, errors.ApiError),
    **classes(base, errors.ApiError),
}


def error_body(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, errors.ApiError):
        return {"type": type(exc).__name__, "message": exc.message, "field": exc.field}
    log.error("sandbox network call failed", exc_info=exc)
    return {"type": "EngineError", "message": "The sandbox network failed", "field": None}


def error_from(body: dict[str, Any]) -> errors.ApiError:
    cls = _ERRORS.get(str(body.get("type")), base.EngineError)
    return cls(str(body.get("message")), field=body.get("field"))


class Unreachable(base.NotConnected):
    """The sandbox network process cannot be reached (down, restarting, wrong token): to the
    session, as if WhatsApp's servers were."""


Handler = Callable[[str, list[Any], dict[str, Any]], Awaitable[Any]]


class Peer:
    """One side of a websocket: calls out (``call``) and answers what comes in (``handler``),
    each incoming call in a task of its own so a slow one holds up nothing behind it."""

    def __init__(self, ws: Connection, handler: Handler) -> None:
        self.ws = ws
        self._handler = handler
        self._numbers = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.closed = asyncio.Event()

    async def call(self, op: str, *args: Any, **kwargs: Any) -> Any:
        if self.closed.is_set():
            raise Unreachable("The sandbox network connection is closed")
        number = next(self._numbers)
        answer: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[number] = answer
        try:
            frame = encode({"call": number, "op": op, "args": args, "kwargs": kwargs})
            try:
                await self.ws.send(frame)
            except ConnectionClosed as exc:
                raise Unreachable("The sandbox network connection was lost") from exc
            return await answer
        finally:
            self._waiting.pop(number, None)

    async def run(self) -> None:
        """Read until the connection closes; calls still waiting then fail as unreachable."""
        try:
            async for frame in self.ws:
                try:
                    message = decode(frame)
                except (ValueError, TypeError) as exc:
                    log.warning("unreadable sandbox frame dropped: %s", exc)
                    continue
                if "re" in message:
                    self._answered(message)
                elif "call" in message:
                    task = asyncio.create_task(self._answer(message))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
        except ConnectionClosed:
            pass
        finally:
            self.closed.set()
            for waiting in self._waiting.values():
                if not waiting.done():
                    waiting.set_exception(Unreachable("The sandbox network connection was lost"))
            for task in list(self._tasks):
                task.cancel()

    def _answered(self, message: dict[str, Any]) -> None:
        waiting = self._waiting.get(message["re"])
        if waiting is None or waiting.done():
            return
        if "error" in message:
            waiting.set_exception(error_from(message["error"]))
        else:
            waiting.set_result(message.get("ok"))

    async def _answer(self, message: dict[str, Any]) -> None:
        reply: dict[str, Any] = {"re": message["call"]}
        try:
            args, kwargs = message.get("args") or [], message.get("kwargs") or {}
            reply["ok"] = await self._handler(str(message.get("op")), args, kwargs)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            reply["error"] = error_body(exc)
        with contextlib.suppress(ConnectionClosed):  # the caller sees the connection lost
            await self.ws.send(encode(reply))

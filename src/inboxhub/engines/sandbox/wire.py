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
import base64
import contextlib
import dataclasses
import itertools
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from websockets.asyncio.connection import Connection
from websockets.exceptions import ConnectionClosed

from inboxhub import errors
from inboxhub.engines import base, events

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


def _classes(module: Any, kind: type) -> dict[str, type[Any]]:
    return {
        name: cls
        for name, cls in vars(module).items()
        if isinstance(cls, type) and (issubclass(cls, kind) if kind is not object else True)
    }


_TYPES: dict[str, type[Any]] = {
    name: cls
    for module in (base, events)
    for name, cls in _classes(module, object).items()
    if dataclasses.is_dataclass(cls)
}
_ERRORS: dict[str, type[errors.ApiError]] = {
    **_classes(errors, errors.ApiError),
    **_classes(base, errors.ApiError),
}


def _tagged(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {"__type__": type(value).__name__, **fields}
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} does not travel on the sandbox wire")


encode = json.JSONEncoder(separators=(",", ":"), default=_tagged).encode


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__datetime__" in value:
        return datetime.fromisoformat(value["__datetime__"])
    if "__bytes__" in value:
        return base64.b64decode(value["__bytes__"])
    decoded = {k: _decode(v) for k, v in value.items() if k != "__type__"}
    if "__type__" in value:
        cls = _TYPES.get(value["__type__"])
        if cls is None:
            raise ValueError(f"unknown type on the sandbox wire: {value['__type__']!r}")
        return cls(**decoded)
    return decoded


def decode(text: str | bytes) -> Any:
    return _decode(json.loads(text))


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

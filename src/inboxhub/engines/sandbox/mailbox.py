"""What the sandbox's WhatsApp servers keep for a device until the device acknowledges it.

WhatsApp's servers hold a message (or receipt) for a linked device until the device says it has
it, and send it again when the device reconnects. The sandbox does the same: everything the
network hands a session is first written here (before the sender hears "sent"), and removed only
once the session's recorder has committed it (``emit`` returns). A gateway killed in between
finds its letters here after the restart and hands them over when the session reconnects; the
recorder keeps the first copy of a message that was stored but not yet acknowledged.
"""

from __future__ import annotations

import base64
import dataclasses
import itertools
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from inboxhub.engines import events

log = logging.getLogger(__name__)

# The engine's event dataclasses, by name: what a letter may contain (nothing else is decoded).
_TYPES: dict[str, type[Any]] = {
    name: cls
    for name, cls in vars(events).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls)
}


class Device(Protocol):
    @property
    def session_id(self) -> str: ...

    async def emit(self, event: events.EngineEvent) -> None: ...


@dataclass(eq=False)
class Letter:
    recipient: Device
    event: events.EngineEvent
    path: Path


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__type__": type(value).__name__, **fields}
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


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
        return _TYPES[value["__type__"]](**decoded)
    return decoded


class Mailbox:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._sequence = itertools.count()
        self._folders: set[str] = set()
        # Letters some task of this process is handing over: not to be handed over twice.
        self._in_flight: set[Path] = set()

    def post(self, recipient: Device, event: events.EngineEvent) -> Letter:
        """Keep ``event`` for ``recipient`` on disk; it stays until ``hand_over`` succeeds."""
        folder = self.directory / recipient.session_id
        if recipient.session_id not in self._folders:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._folders.add(recipient.session_id)
        name = f"{time.time_ns():020d}-{next(self._sequence):09d}"
        path, staging = folder / f"{name}.json", f"{folder}/{name}.tmp"
        with open(staging, "wb") as letter:  # not pathlib: one per message and receipt
            letter.write(json.dumps(_encode(event), separators=(",", ":")).encode())
        os.replace(staging, path)  # a kill mid-write leaves a .tmp file, never half a letter
        self._in_flight.add(path)
        return Letter(recipient, event, path)

    async def hand_over(self, letters: list[Letter]) -> None:
        """Deliver in order; each letter is removed once its recipient has stored it. The first
        failure stops the round: it and the rest wait for the recipient's next reconnect."""
        try:
            for letter in letters:
                await letter.recipient.emit(letter.event)
                letter.path.unlink(missing_ok=True)
        finally:
            self.release(letters)

    def release(self, letters: list[Letter]) -> None:
        """No task hands these over any more (done, failed or cancelled before it started)."""
        for letter in letters:
            self._in_flight.discard(letter.path)

    async def redeliver(self, recipient: Device) -> None:
        """What was kept for a session that (re)connected, oldest first."""
        folder = self.directory / recipient.session_id
        if not folder.is_dir():
            return
        letters: list[Letter] = []
        for path in sorted(folder.glob("*.json")):
            if path in self._in_flight:
                continue
            try:
                event = _decode(json.loads(path.read_text()))
            except (OSError, ValueError, TypeError, KeyError):
                log.exception("unreadable sandbox letter %s; dropped", path.name)
                path.unlink(missing_ok=True)
                continue
            self._in_flight.add(path)
            letters.append(Letter(recipient, event, path))
        if letters:
            log.info("handing %d kept event(s) to session %s", len(letters), recipient.session_id)
            await self.hand_over(letters)

    def forget(self, session_id: str) -> None:
        """The device was unlinked: what WhatsApp kept for it is gone."""
        shutil.rmtree(self.directory / session_id, ignore_errors=True)
        self._folders.discard(session_id)

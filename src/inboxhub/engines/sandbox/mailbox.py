"""What the sandbox's WhatsApp servers keep for a device until the device acknowledges it.

WhatsApp's servers hold a message (or receipt) for a linked device until the device says it has
it, and send it again when the device reconnects. The sandbox does the same: everything the
network hands a session is first written here (before the sender hears "sent"), and let go
only once the session's recorder has committed it (``emit`` returns). A gateway killed in between
finds its letters here after the restart and hands them over when the session reconnects; the
recorder keeps the first copy of a message that was stored but not yet acknowledged.

Each session's letters are lines appended to one journal file: ``+<name> <event JSON>`` when a
letter is kept, ``-<name>`` when it was handed over. An append is one small write; creating,
renaming and removing a file per letter cost a hundred times more, a tenth of a send. A journal
whose letters were all handed over is emptied; one that never empties under a steady flow is
rewritten with only the letters still kept once it grows past a megabyte.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from inboxhub.engines import events
from inboxhub.engines.sandbox.codec import decode, encode_bytes

log = logging.getLogger(__name__)

# An emptied journal is truncated once it is at least this long (not after every letter).
_EMPTY_AT_BYTES = 64 << 10
# A journal that still keeps letters is rewritten without the handed-over ones past this size.
_COMPACT_AT_BYTES = 1 << 20
_JOURNAL = "letters.journal"
# Journal files held open at most; the least recently used is closed (and reopened when needed).
_OPEN_JOURNALS = 256


class Device(Protocol):
    @property
    def session_id(self) -> str: ...

    async def emit(self, event: events.EngineEvent) -> None: ...


@dataclass(eq=False)
class Letter:
    recipient: Device
    event: events.EngineEvent
    name: str


def _kept_in(path: Path) -> dict[str, bytes]:
    """The letters a journal still keeps, by name, in the order they were posted."""
    kept: dict[str, bytes] = {}
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return kept
    for line in content.split(b"\n"):
        if line[:1] == b"+" and b" " in line:
            name, _, body = line[1:].partition(b" ")
            kept[name.decode()] = body
        elif line[:1] == b"-":
            kept.pop(line[1:].decode(), None)
    return kept


class _Journal:
    """One session's letters: an append-only file, and the letters it still keeps in memory too
    (a handful in flight, normally), so a rewrite never reads the file back. Its file is open
    while the session is busy; the mailbox closes the least recently used ones."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = folder / _JOURNAL
        self.kept = _kept_in(self.path)
        self._fd: int | None = None
        self.size = 0
        self._open()
        if self.size:
            self.append(b"\n")  # after a line a kill cut short, the next one starts clean

    def _open(self) -> int:
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self.size = os.fstat(self._fd).st_size
        return self._fd

    def append(self, line: bytes) -> None:
        fd = self._fd if self._fd is not None else self._open()
        rest = memoryview(line)
        while rest:
            written = os.write(fd, rest)
            self.size += written
            rest = rest[written:]

    def keep(self, name: str, body: bytes) -> None:
        self.append(b"+%s %s\n" % (name.encode(), body))
        self.kept[name] = body

    def let_go(self, name: str) -> None:
        self.append(b"-%s\n" % name.encode())
        self.kept.pop(name, None)
        if not self.kept and self.size >= _EMPTY_AT_BYTES:
            os.truncate(self.path, 0)
            self.size = 0
        elif self.size >= _COMPACT_AT_BYTES:
            self._compact()

    def _compact(self) -> None:
        staging = self.path.with_suffix(".tmp")
        staging.write_bytes(b"".join(b"+%s %s\n" % (n.encode(), b) for n, b in self.kept.items()))
        staging.chmod(0o600)
        os.replace(staging, self.path)  # a kill mid-rewrite leaves the old journal whole
        self.close()  # the next letter opens the new file

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class Mailbox:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._sequence = itertools.count()
        self._journals: dict[str, _Journal] = {}
        # Sessions whose journal file is open, least recently used first.
        self._open_journals: OrderedDict[str, _Journal] = OrderedDict()
        # Letters some task of this process is handing over: not to be handed over twice.
        self._in_flight: set[str] = set()

    def _journal(self, session_id: str) -> _Journal:
        journal = self._journals.get(session_id)
        if journal is None:
            journal = self._journals[session_id] = _Journal(self.directory / session_id)
        self._open_journals[session_id] = journal
        self._open_journals.move_to_end(session_id)
        if len(self._open_journals) > _OPEN_JOURNALS:
            # A thousand linked sessions must not hold a thousand files open.
            self._open_journals.popitem(last=False)[1].close()
        return journal

    def keep_for_later(self, session_id: str, event: events.EngineEvent) -> str:
        """Keep ``event`` for a device that is offline; it gets it when it reconnects. Returns
        the letter's name."""
        # Names sort in posting order, across restarts too.
        name = f"{time.time_ns():020d}-{next(self._sequence):09d}"
        self._journal(session_id).keep(name, encode_bytes(event))
        return name

    def post(self, recipient: Device, event: events.EngineEvent) -> Letter:
        """Keep ``event`` for ``recipient``; it stays until ``hand_over`` succeeds."""
        name = self.keep_for_later(recipient.session_id, event)
        self._in_flight.add(name)
        return Letter(recipient, event, name)

    async def hand_over(self, letters: list[Letter]) -> None:
        """Deliver in order; each letter is let go once its recipient has stored it. The first
        failure stops the round: it and the rest wait for the recipient's next reconnect."""
        try:
            for letter in letters:
                await letter.recipient.emit(letter.event)
                session_id = letter.recipient.session_id
                if session_id in self._journals:  # not: the device was unlinked meanwhile
                    self._journal(session_id).let_go(letter.name)
        finally:
            self.release(letters)

    def release(self, letters: list[Letter]) -> None:
        """No task hands these over any more (done, failed or cancelled before it started)."""
        for letter in letters:
            self._in_flight.discard(letter.name)

    async def redeliver(self, recipient: Device) -> list[events.EngineEvent]:
        """What was kept for a session that (re)connected, oldest first; returns what it was
        handed."""
        journal = self._journal(recipient.session_id)
        letters: list[Letter] = []
        for name, body in list(journal.kept.items()):
            if name in self._in_flight:
                continue
            try:
                event = decode(body)
            except (ValueError, TypeError, KeyError):
                # A line a kill cut short: its sender never heard "sent" for it.
                log.exception("unreadable sandbox letter %s; dropped", name)
                journal.let_go(name)
                continue
            self._in_flight.add(name)
            letters.append(Letter(recipient, event, name))
        if letters:
            log.info("handing %d kept event(s) to session %s", len(letters), recipient.session_id)
            await self.hand_over(letters)
        return [letter.event for letter in letters]

    def forget(self, session_id: str) -> None:
        """The device was unlinked: what WhatsApp kept for it is gone."""
        journal = self._journals.pop(session_id, None)
        self._open_journals.pop(session_id, None)
        if journal is not None:
            journal.close()
        shutil.rmtree(self.directory / session_id, ignore_errors=True)

    def close(self) -> None:
        for journal in self._journals.values():
            journal.close()
        self._journals.clear()
        self._open_journals.clear()

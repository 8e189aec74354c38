"""Thread gates of the engine process.

``LifecycleGate``: one start or stop at a time in the whole process, because neonize's Go side
keeps its clients in maps without locks. ``CallGate``: calls into one running client, so that a
stop waits for them (a call on a stopped client can make Go panic).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator


class LifecycleGate:
    """One start or stop at a time in this process; a start holds the line until its session
    reports something or ``settle`` seconds pass, whichever is first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def enter(self, settle: float) -> Ticket:
        self._lock.acquire()
        ticket = Ticket(self._lock)
        timer = threading.Timer(settle, ticket.release)
        timer.daemon = True
        timer.start()
        return ticket

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        with self._lock:
            yield


class Ticket:
    def __init__(self, lock: threading.Lock) -> None:
        self._lock = lock
        self._guard = threading.Lock()
        self._released = False

    def release(self) -> None:
        with self._guard:
            if not self._released:
                self._released = True
                self._lock.release()


class CallGate:
    """Counts calls into a running client; closing waits for them and refuses new ones."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._open = False

    def set_open(self, value: bool) -> None:
        with self._cond:
            self._open = value

    def try_enter(self) -> bool:
        with self._cond:
            if not self._open:
                return False
            self._active += 1
            return True

    def leave(self) -> None:
        with self._cond:
            self._active -= 1
            self._cond.notify_all()

    def close(self, timeout: float) -> None:
        with self._cond:
            self._open = False
            self._cond.wait_for(lambda: self._active == 0, timeout)

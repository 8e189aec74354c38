"""A started web engine (its supervised processes) as the tests drive it, and what the
operating system says about those processes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from inboxhub.engines.base import SessionConfig
from inboxhub.engines.events import EngineEvent, StateChanged
from inboxhub.engines.web import WebEngine
from inboxhub.engines.web.client import WebClient

FAST = {
    "web_reconnect_initial_seconds": 0.2,
    "web_reconnect_max_seconds": 0.5,
    "web_restart_initial_seconds": 0.3,
    "web_restart_max_seconds": 0.5,
}


class Engine:
    """A started web engine and what its sessions reported."""

    def __init__(self, engine: WebEngine) -> None:
        self.engine = engine
        self.events: list[EngineEvent] = []

    @property
    def supervisor(self) -> Any:
        """The first engine process's supervisor (where the first sessions go)."""
        return self.engine.shards[0]

    async def sink(self, event: EngineEvent) -> None:
        self.events.append(event)

    def client(self, session_id: str, **options: Any) -> WebClient:
        config = SessionConfig(session_id=session_id, options=options)
        client = self.engine.client(config, self.sink)
        assert isinstance(client, WebClient)
        return client

    async def hosted(self, supervisor: Any = None) -> dict[str, str]:
        hosted: dict[str, str] = await (supervisor or self.supervisor).call("hosted", "")
        return hosted

    def reasons(self, session_id: str) -> list[str]:
        return [
            e.reason or ""
            for e in self.events
            if isinstance(e, StateChanged) and e.session_id == session_id
        ]


def _stat(pid: str) -> tuple[str, int] | None:
    """(state, parent pid) of a process, from /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def children(parent: int) -> list[tuple[int, str, str]]:
    """(pid, state, command line) of each child process of ``parent``."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        stat = _stat(pid)
        if stat is None or stat[1] != parent:
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            cmdline = ""
        found.append((int(pid), stat[0], cmdline))
    return found


def engine_processes(store_dir: Path) -> list[int]:
    """The live web engine processes of this test process that keep their stores in
    ``store_dir`` (it is on their command line)."""
    return [
        pid
        for pid, state, cmdline in children(os.getpid())
        if "inboxhub.engines.web.host" in cmdline and str(store_dir) in cmdline and state != "Z"
    ]


def deleted_open_files(pid: int, directory: Path) -> list[str]:
    """Files of ``directory`` that a process keeps open although they were deleted."""
    found = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(directory)) and target.endswith(" (deleted)"):
            found.append(target)
    return found

"""How node processes start on one machine: the listening sockets, ``serve --workers N`` (N nodes
sharing the port), and the rule that SQLite has one node only."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

_RESTART_INITIAL = 1.0
_RESTART_MAX = 30.0


class SingleNodeOnly(RuntimeError):
    """SQLite cannot be shared by several gateway processes."""


def hold_sqlite(database_url: str) -> IO[str]:
    """Hold the lock file beside the SQLite database for the life of this process, or refuse:
    a second node on one SQLite file would fight the first for every write and for every
    WhatsApp session."""
    path = Path(make_url(database_url).database or "inboxhub.db").resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = (path.parent / f"{path.name}.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise SingleNodeOnly(
            f"another Inbox Hub already serves the SQLite database {path}. SQLite is single-node: "
            "run one `inboxhub serve`, or set INBOXHUB_DATABASE_URL to PostgreSQL for several."
        ) from None
    return handle


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        # Every worker binds the public port; the kernel spreads connections over them.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def advertised_host(host: str) -> str:
    """The address other nodes use for this one when it listens on every interface."""
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return host


def node_url(host: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    name = advertised_host(host)
    return f"http://[{name}]:{port}" if ":" in name else f"http://{name}:{port}"


def run_workers(count: int, argv: list[str]) -> int:
    """Start ``count`` node processes (``argv`` each), restart one that dies, pass SIGTERM and
    SIGINT on, and return once all have stopped. Each worker names itself (host and pid, or
    ``INBOXHUB_NODE_ID`` with its number) and listens for the other nodes on a port of its own."""
    base_env = {k: v for k, v in os.environ.items() if k != "INBOXHUB_NODE_URL"}
    base_id = base_env.pop("INBOXHUB_NODE_ID", None)
    stopping = False
    children: dict[int, subprocess.Popen[bytes]] = {}
    delays = [_RESTART_INITIAL] * count

    def spawn(slot: int) -> None:
        env = dict(base_env, INBOXHUB_NODE_ID=f"{base_id}-{slot + 1}") if base_id else base_env
        children[slot] = subprocess.Popen(argv, env=env)

    def stop(sig: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for child in children.values():
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(sig)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for slot in range(count):
        spawn(slot)
    log.info("started %d node processes (pids %s)", count, [c.pid for c in children.values()])
    while children:
        time.sleep(0.2)
        for slot, child in list(children.items()):
            code = child.poll()
            if code is None:
                continue
            del children[slot]
            if stopping:
                continue
            # A node that died: its sessions already moved to the others; start a new one.
            log.error(
                "node process %d exited with %s; restarting in %.0fs", child.pid, code, delays[slot]
            )
            time.sleep(delays[slot])
            delays[slot] = min(delays[slot] * 2, _RESTART_MAX)
            if not stopping:
                spawn(slot)
    return 0


def worker_argv(host: str | None, port: int | None) -> list[str]:
    argv = [sys.executable, "-c", "from inboxhub.cli import main; main()", "serve", "--reuse-port"]
    if host:
        argv += ["--host", host]
    if port:
        argv += ["--port", str(port)]
    return argv


def other_revisions_live(database_url: str, node_id: str, lease_seconds: float) -> str | None:
    """Why this node must not start (live nodes run another schema revision), or None. Asked
    before anything is migrated: migrating the schema under running nodes of an older version
    would break them."""
    import asyncio

    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    from inboxhub.cluster import service
    from inboxhub.migrate import head_revision

    revision = head_revision()

    async def ask() -> list[tuple[str, str]]:
        engine = create_async_engine(database_url)
        try:
            async with AsyncSession(engine) as db:
                if await db.scalar(text("SELECT to_regclass('cluster_nodes')")) is None:
                    return []  # a database from before cluster mode: no nodes to disturb
                return await service.other_schema_revisions(db, node_id, revision, lease_seconds)
        finally:
            await engine.dispose()

    others = asyncio.run(ask())
    if not others:
        return None
    names = ", ".join(f"{node} ({rev})" for node, rev in others)
    return (
        f"this node runs schema revision {revision}, but live nodes run another: {names}. "
        "Upgrade every node together (stop them, migrate, start)."
    )

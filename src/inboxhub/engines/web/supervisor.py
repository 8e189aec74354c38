"""Runs one web engine process, talks to it, and starts it again when it dies.

The gateway never imports neonize: a Go panic in it aborts the process that loaded it, and its
``connect()`` pins a thread per session. Sessions live in child processes instead, a share of
them in each (``engine.WebEngine``). When a process dies, calls in flight fail at once, its
sessions' clients hear why, and a new process is started after a doubling delay; every session
that was meant to run there is started again and resumes from its credential store without a
new QR.

whatsmeow keeps a deleted session's store open for as long as its process lives. A process whose
sessions were all deleted is ended; one that keeps others is renewed once it has forgotten
``renew_after`` stores, and only its own sessions reconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import socket
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import inboxhub
from inboxhub.engines.base import EngineError, NotConnected
from inboxhub.engines.events import EngineEvent
from inboxhub.engines.web.channel import encode, read_frame, rebuild_error
from inboxhub.errors import ApiError

log = logging.getLogger(__name__)

_READY_TIMEOUT = 30.0
_SHUTDOWN_TIMEOUT = 10.0
# A process that ran this long was healthy: the next restart starts from the shortest delay.
_HEALTHY_AFTER = 60.0
# The child imports this very package, wherever it was loaded from (a checkout's ``src``).
_SOURCE_ROOT = str(Path(inboxhub.__file__).resolve().parent.parent)


def forget_store(store_dir: str, session_id: str) -> None:
    """Delete a session's credential store (and SQLite's side files), confined to ``store_dir``."""
    root = Path(store_dir).resolve()
    store = (root / f"{session_id}.db").resolve()
    if store.parent != root:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)


@dataclass(frozen=True)
class HostConfig:
    store_dir: str
    reconnect_initial: float
    reconnect_max: float
    qr_timeout: float
    start_settle: float
    log_level: str = "INFO"
    device_name: str = "Inbox Hub"


class Supervisor:
    def __init__(
        self,
        config: HostConfig,
        *,
        on_event: Callable[[EngineEvent], None],
        on_lost: Callable[[str], None],
        restart_initial: float,
        restart_max: float,
        request_timeout: float,
        heartbeat: float = 15.0,
        renew_after: int = 50,
        label: str = "web engine process",
    ) -> None:
        self.config = config
        self.label = label
        self.renew_after = renew_after
        self._on_event = on_event
        self._on_lost = on_lost
        self.restart_initial = restart_initial
        self.restart_max = restart_max
        self.request_timeout = request_timeout
        self.heartbeat = heartbeat
        # Sessions meant to run (insertion-ordered) and how each was started: started again, the
        # same way, in a new process.
        self.running: dict[str, dict[str, Any]] = {}
        self.process: asyncio.subprocess.Process | None = None
        self.ready = False
        self.down_reason: str | None = "the web engine is starting"
        self.restarts = 0
        self._writer: asyncio.StreamWriter | None = None
        self._write_lock = asyncio.Lock()
        self._lifecycle = asyncio.Lock()
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._ids = itertools.count(1)
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False
        self._started = False
        self._startup = asyncio.Lock()
        self._renewing = False

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    # ---- process ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the process once, however many callers ask at the same time; a failure is
        logged and retried, never raised to the caller."""
        async with self._startup:
            if self._started:
                return
            self._started, self._closing = True, False
            await self._launch()
            self._spawn(self._watch(), "web-engine-supervisor")
            self._spawn(self._check_pulse(), "web-engine-heartbeat")

    def _spawn(self, coro: Any, name: str) -> None:
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _launch(self) -> bool:
        parent_end, child_end = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_SOURCE_ROOT, env.get("PYTHONPATH")) if p)
        try:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "inboxhub.engines.web.host",
                str(child_end.fileno()),
                json.dumps(asdict(self.config)),
                pass_fds=(child_end.fileno(),),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                env=env,
                # Its own process group: a Ctrl+C meant for the gateway reaches it as a shutdown.
                start_new_session=True,
            )
        except OSError as exc:
            parent_end.close()
            self._failed(f"the web engine process cannot be started: {exc}")
            return False
        finally:
            child_end.close()
        reader, self._writer = await asyncio.open_unix_connection(sock=parent_end)
        try:
            hello = await asyncio.wait_for(read_frame(reader), _READY_TIMEOUT)
        except TimeoutError:
            hello = None
        if hello is None or hello[0] != "ready":
            why = str(hello[1]) if hello and hello[0] == "fatal" else "it did not start"
            await self._kill()
            self._failed(f"web engine unavailable: {why}")
            return False
        self.ready, self.down_reason = True, None
        log.info("%s (pid %s) ready, neonize %s", self.label, hello[1]["pid"], hello[1]["neonize"])
        self._spawn(self._read(reader), "web-engine-reader")
        return True

    def _failed(self, reason: str) -> None:
        log.error("%s", reason)
        self.down_reason = reason
        self._on_lost(reason)

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        delay = self.restart_initial
        while not self._closing:
            process = self.process
            if process is not None and self.ready:
                started = loop.time()
                code = await process.wait()
                if self._closing:
                    return
                self._connection_lost()
                if self._renewing:
                    self._renewing = False
                    log.info("%s renewed to release the stores of deleted sessions", self.label)
                    self._on_lost("the web engine process is renewed; reconnecting")
                    delay = 0.0
                else:
                    self._failed(f"{self.label} exited with code {code}; restarting")
                    if loop.time() - started > _HEALTHY_AFTER:
                        delay = self.restart_initial
            await asyncio.sleep(delay)
            delay = min(max(delay * 2, self.restart_initial), self.restart_max)
            if self._closing:
                return
            if await self._launch():
                self.restarts += 1
                await self._resume_sessions()

    async def _check_pulse(self) -> None:
        """A process that is alive but stuck (a deadlock in Go) never exits by itself: kill it
        after two pings in a row went unanswered."""
        missed = 0
        while not self._closing:
            await asyncio.sleep(self.heartbeat)
            process = self.process
            if not self.ready or process is None:
                missed = 0
                continue
            try:
                await self.call("ping", "", wait=self.heartbeat)
                missed = 0
            except EngineError:
                missed += 1
                if missed >= 2 and process is self.process and process.returncode is None:
                    log.error("web engine process %s does not answer; restarting it", process.pid)
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
                    missed = 0
            except ApiError:
                missed = 0

    async def _resume_sessions(self) -> None:
        async with self._lifecycle:
            for session_id, options in list(self.running.items()):
                try:
                    await self.call("start", session_id, **options)
                except ApiError as exc:
                    log.error("could not restart web session %s: %s", session_id, exc.message)

    async def _read(self, reader: asyncio.StreamReader) -> None:
        while True:
            frame = await read_frame(reader)
            if frame is None:
                self._connection_lost()
                return
            kind = frame[0]
            if kind == "event":
                try:
                    self._on_event(frame[1])
                except Exception:
                    log.exception("web engine event %s not delivered", type(frame[1]).__name__)
                continue
            future = self._pending.pop(frame[1], None)
            if future is None or future.done():
                continue
            if kind == "ok":
                future.set_result(frame[2])
            else:
                future.set_exception(rebuild_error(frame[2], frame[3], frame[4]))

    def _connection_lost(self) -> None:
        """The process is gone or going: nothing in flight will be answered."""
        self.ready = False
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(
                    EngineError("The web engine process stopped while handling the request")
                )

    async def _kill(self) -> None:
        process = self.process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        self._connection_lost()

    async def stop(self) -> None:
        self._closing = True
        self._started = False
        self.down_reason = f"{self.label} is stopped"
        process = self.process
        if process is not None and process.returncode is None and self._writer is not None:
            with contextlib.suppress(OSError, ConnectionError):
                async with self._write_lock:
                    self._writer.write(encode(("shutdown",)))
                    await self._writer.drain()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), _SHUTDOWN_TIMEOUT)
        await self._kill()
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # ---- requests -----------------------------------------------------------------------------

    async def call(
        self, op: str, session_id: str, *, wait: float | None = None, **kwargs: Any
    ) -> Any:
        writer = self._writer
        if not self.ready or writer is None:
            raise NotConnected(
                f"The web engine is not running ({self.down_reason}); it restarts by itself",
                field="sessionId",
            )
        request_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        try:
            frame = encode(("call", request_id, op, session_id, kwargs))
            async with self._write_lock:
                writer.write(frame)
                await writer.drain()
            return await asyncio.wait_for(future, wait or self.request_timeout)
        except TimeoutError as exc:  # before OSError, of which it is a subclass
            raise EngineError(f"The web engine did not answer '{op}' in time") from exc
        except (ConnectionError, OSError) as exc:
            raise EngineError(f"The web engine process cannot be reached: {exc}") from exc
        finally:
            self._pending.pop(request_id, None)

    # Starting, stopping and logging out are serialized: neonize's Go side is not safe against
    # concurrent connects and stops.

    async def start_session(self, session_id: str, **options: Any) -> None:
        async with self._lifecycle:
            self.running[session_id] = options
            await self.start()
            if self.ready:
                await self.call("start", session_id, **options)

    async def stop_session(self, session_id: str) -> None:
        async with self._lifecycle:
            self.running.pop(session_id, None)
            if self.ready:
                await self.call("stop", session_id)

    async def logout_session(self, session_id: str) -> None:
        async with self._lifecycle:
            self.running.pop(session_id, None)
            if not self.ready:
                # No process to unlink through: forget the credentials here. The phone drops
                # the device from its list once it sees it never come back.
                forget_store(self.config.store_dir, session_id)
                return
            forgotten: int = await self.call("logout", session_id)
            if forgotten and not self.running:
                log.info("%s has no session left; ending it", self.label)
                await self.stop()
            elif forgotten >= self.renew_after:
                await self._renew()

    async def _renew(self) -> None:
        """End the process gracefully; the watcher starts a new one at once and its sessions
        reconnect there."""
        writer = self._writer
        if writer is None:
            return
        self._renewing = True
        # Requests now wait for the new process instead of reaching one that is leaving.
        self.ready, self.down_reason = False, "the web engine process is renewed"
        with contextlib.suppress(OSError, ConnectionError):
            async with self._write_lock:
                writer.write(encode(("shutdown", "renew")))
                await writer.drain()

"""The web engine process: hosts the gateway's WhatsApp Web sessions, apart from the API.

Run by the gateway's supervisor as ``python -m inboxhub.engines.web.host <fd> <config json>``,
with one end of a private socket pair as ``fd``. A Go panic inside neonize aborts this process
only; the supervisor starts a new one and the sessions reconnect from their stores.

Requests are served on a pool of threads (every neonize call blocks); events go back through one
writer thread, so neonize's callback threads never wait on the socket.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inboxhub.engines.base import NotConnected
from inboxhub.engines.web.channel import encode, error_frame, recv_frame
from inboxhub.errors import ApiError, ValidationFailed

if TYPE_CHECKING:
    from inboxhub.engines.web.gates import LifecycleGate
    from inboxhub.engines.web.session import SessionSettings, WebSession

log = logging.getLogger("inboxhub.engines.web.host")

_SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_WEDGED_EXIT = 75  # asks the supervisor for a fresh process
_WORKERS = 32


class Outbox:
    """Frames to the gateway, written by one thread in the order they were handed in."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._done = threading.Event()
        self._muted = False
        threading.Thread(target=self._pump, name="web-outbox", daemon=True).start()

    def send(self, message: tuple[Any, ...]) -> None:
        self.send_frame(encode(message))

    def send_frame(self, frame: bytes) -> None:
        if not self._muted:
            self._queue.put(frame)

    def mute(self) -> None:
        """Say nothing more: the sessions' last words would read as if they had been stopped."""
        self._muted = True

    def _pump(self) -> None:
        while True:
            frame = self._queue.get()
            if frame is None:
                self._done.set()
                return
            try:
                self._sock.sendall(frame)
            except OSError:
                os._exit(0)  # the gateway is gone; so is the reason to run

    def close(self, timeout: float) -> None:
        self._queue.put(None)
        self._done.wait(timeout)


class Host:
    def __init__(self, config: dict[str, Any], outbox: Outbox) -> None:
        from inboxhub.engines.web.gates import LifecycleGate
        from inboxhub.engines.web.session import SessionSettings

        self.store_dir = Path(config["store_dir"]).resolve()
        self.store_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.settings: SessionSettings = SessionSettings(
            reconnect_initial=float(config["reconnect_initial"]),
            reconnect_max=float(config["reconnect_max"]),
            qr_timeout=float(config["qr_timeout"]),
            start_settle=float(config["start_settle"]),
        )
        self.gate: LifecycleGate = LifecycleGate()
        self.outbox = outbox
        self.sessions: dict[str, WebSession] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._registry = threading.Lock()
        self.device_name = str(config.get("device_name") or "Inbox Hub")
        # Stores of logged-out sessions that whatsmeow still holds open (it never closes one):
        # the supervisor renews the process when they add up.
        self.forgotten = 0

    def store_path(self, session_id: str) -> Path:
        """One SQLite credential store per session, always inside the store directory."""
        if not _SESSION_ID.fullmatch(session_id):
            raise ValidationFailed(f"Invalid session id '{session_id}'", field="sessionId")
        path = (self.store_dir / f"{session_id}.db").resolve()
        if path.parent != self.store_dir or "?" in str(path) or "#" in str(path):
            raise ValidationFailed(f"Invalid session id '{session_id}'", field="sessionId")
        return path

    def session(
        self, session_id: str, device_name: str | None = None, proxy_url: str | None = None
    ) -> WebSession:
        from inboxhub.engines.web import account
        from inboxhub.engines.web.session import WebSession

        with self._registry:
            session = self.sessions.get(session_id)
            if session is None:
                session = WebSession(
                    session_id,
                    self.store_path(session_id),
                    self.settings,
                    self.gate,
                    lambda event: self.outbox.send(("event", event)),
                    device_name=device_name or self.device_name,
                    proxy_url=proxy_url,
                )
                session.on_linked = account.report_profile
                self.sessions[session_id] = session
            elif device_name:
                session.name_device(device_name)
            return session

    def forget(self, session_id: str) -> int:
        """Drop a logged-out session; how many stores this process holds for forgotten ones."""
        with self._registry:
            session = self.sessions.pop(session_id, None)
            if session is not None and session.started:  # only a connect opens the store
                self.forgotten += 1
            self._locks.pop(session_id, None)
            return self.forgotten

    def lock(self, session_id: str) -> threading.Lock:
        with self._registry:
            return self._locks.setdefault(session_id, threading.Lock())

    # ---- requests -----------------------------------------------------------------------------

    def call(self, request_id: int, op: str, session_id: str, kwargs: dict[str, Any]) -> None:
        from neonize.exc import NeonizeError

        from inboxhub.engines.web.operations import classify

        try:
            frame = encode(("ok", request_id, self.dispatch(op, session_id, kwargs)))
        except ApiError as exc:
            frame = encode(error_frame(request_id, exc))
        except NeonizeError as exc:
            frame = encode(error_frame(request_id, classify(exc)))
        except Exception as exc:
            log.exception("%s on %s failed", op, session_id)
            frame = encode(
                ("err", request_id, "ENGINE_ERROR", f"{type(exc).__name__}: {exc}", None)
            )
        self.outbox.send_frame(frame)

    def dispatch(self, op: str, session_id: str, kwargs: dict[str, Any]) -> Any:
        from inboxhub.engines.web.account import OPERATIONS

        if op == "start":
            with self.lock(session_id):
                return self.session(
                    session_id, kwargs.get("device_name"), kwargs.get("proxy_url")
                ).start()
        if op == "stop":
            with self.lock(session_id):
                session = self.sessions.get(session_id)
                if session is not None and not session.stop():
                    self._recycle_later()
                return None
        if op == "logout":
            with self.lock(session_id):
                if not self.session(session_id).logout():
                    self._recycle_later()
            return self.forget(session_id)
        if op == "pair":
            with self.lock(session_id):
                return self.session(session_id).pair_phone(str(kwargs["phone_number"]))
        if op == "hosted":
            return {sid: s.state for sid, s in self.sessions.items() if s.running}
        if op == "stats":
            return self.stats()
        if op == "devices":
            return {sid: s.device() for sid, s in self.sessions.items()}
        operation = OPERATIONS.get(op)
        if operation is None:
            raise ValidationFailed(f"Unknown web engine operation '{op}'")
        session = self.sessions.get(session_id)
        if session is None or not session.running:
            raise NotConnected(f"Session '{session_id}' is not connected", field="sessionId")
        return operation(session, **kwargs)

    def stats(self) -> dict[str, Any]:
        status = Path("/proc/self/status").read_text()
        rss = re.search(r"VmRSS:\s+(\d+)", status)
        return {
            "pid": os.getpid(),
            "rssKb": int(rss.group(1)) if rss else None,
            "sessions": len(self.sessions),
            "running": sum(1 for s in self.sessions.values() if s.running),
            "threads": threading.active_count(),
            "forgotten": self.forgotten,
            "openFiles": len(os.listdir("/proc/self/fd")),
        }

    def _recycle_later(self) -> None:
        # A session stuck inside Go cannot be freed; a new process frees it and the others
        # reconnect from their stores.
        log.error("a session is stuck in neonize; restarting the web engine process")
        threading.Timer(0.5, os._exit, args=(_WEDGED_EXIT,)).start()

    def shutdown(self) -> None:
        threads = [
            threading.Thread(target=s.stop, kwargs={"timeout": 5.0}, daemon=True)
            for s in list(self.sessions.values())
            if s.running
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(6.0)


def _reap_children(patience: float = 5.0) -> None:
    """Wait for the shells neonize's platform probe leaves behind (``os.popen("uname -a")``,
    never closed): each would stay a zombie for the process's whole life. Called while this
    process has started no child of its own, so every child there is is one of those."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0:
            time.sleep(0.01)  # a probe still running; it ends in a moment


def _quiet_stdout() -> None:
    # Go prints to stdout (pairing codes among it); keep that out of every log.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


def main(argv: list[str]) -> None:
    fd, config = int(argv[1]), json.loads(argv[2])
    os.umask(0o077)  # the credential stores are keys to the WhatsApp accounts: owner only
    _quiet_stdout()
    # neonize configures the root logger on import unless it already is.
    logging.basicConfig(
        level=str(config.get("log_level", "INFO")).upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s web-engine %(name)s: %(message)s",
    )
    os.environ.setdefault("NEONIZE_BOT_TAG", "off")  # no "sent by a bot" tag on every message
    sock = socket.socket(fileno=fd)
    outbox = Outbox(sock)
    try:
        import neonize

        from inboxhub.engines.web import account, session  # noqa: F401 - load before ready

        _reap_children()
    except Exception as exc:
        outbox.send(("fatal", f"neonize cannot be loaded: {type(exc).__name__}: {exc}"))
        outbox.close(5.0)
        os._exit(3)
    for name in ("neonize", "whatsmeow", "Whatsmeow"):
        logging.getLogger(name).setLevel(logging.WARNING)
    host = Host(config, outbox)
    outbox.send(("ready", {"pid": os.getpid(), "neonize": neonize.__version__}))
    executor = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="web-call")
    while True:
        frame = recv_frame(sock)
        if frame is None:
            break  # the gateway is gone: nothing to hand events to
        if frame[0] == "call" and frame[2] == "ping":
            outbox.send(("ok", frame[1], "pong"))  # answered here: the workers may all be busy
        elif frame[0] == "call":
            executor.submit(host.call, *frame[1:])
        elif frame[0] == "shutdown":
            if len(frame) > 1 and frame[1] == "renew":
                outbox.mute()  # the sessions go on in the next process
            host.shutdown()
            break
    outbox.close(2.0)
    os._exit(0)  # neonize's connect threads are not daemons; do not wait for them


if __name__ == "__main__":
    main(sys.argv)

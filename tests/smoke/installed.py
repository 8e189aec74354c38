"""Smoke test of an installed gateway, as a user runs it: the ``inboxhub`` command of a virtualenv
that holds the built wheel, started from a directory that is not the source tree.

    python installed.py --inboxhub /venv/bin/inboxhub [--database-url postgresql+asyncpg://…]
                        [--separate-worker] [--with-web]

Start, migrate, doctor, create a session, link it on the sandbox, send, receive a signed
``message.received`` webhook, restart, still linked. Standard library and httpx only (httpx is
one of the gateway's own dependencies), so it runs with the installed gateway's interpreter.
Talks to loopback only."""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

API_KEY = "ihk_smoke_" + "s" * 40
SECRET = "smoke-webhook-secret"
PHONE = "34600000001"
CONTACT = "34611111111"


class Receiver(BaseHTTPRequestHandler):
    deliveries: queue.Queue[tuple[dict[str, str], bytes]] = queue.Queue()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.deliveries.put(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(what: str, check: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except httpx.HTTPError as exc:
            last = exc
        if last and not isinstance(last, Exception):
            return last
        time.sleep(0.1)
    raise SystemExit(f"FAIL: {what} (last: {last!r})")


class Gateway:
    def __init__(self, inboxhub: str, workdir: Path, env: dict[str, str]) -> None:
        self.inboxhub, self.workdir, self.env = inboxhub, workdir, env
        self.base = f"http://127.0.0.1:{env['INBOXHUB_PORT']}"
        self.http = httpx.Client(base_url=self.base, headers={"X-API-Key": API_KEY}, timeout=10)
        self.processes: list[subprocess.Popen[bytes]] = []

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [self.inboxhub, *args], cwd=self.workdir, env=self.env, capture_output=True, check=False
        )
        output = (done.stdout + done.stderr).decode()
        if done.returncode != 0:
            raise SystemExit(f"FAIL: inboxhub {' '.join(args)} exited {done.returncode}:\n{output}")
        return output

    def start(self, *, separate_worker: bool) -> None:
        env = dict(self.env, INBOXHUB_EMBEDDED_WORKER=str(not separate_worker).lower())
        log = (self.workdir / "serve.log").open("ab")
        self.processes = [
            subprocess.Popen(
                [self.inboxhub, "serve"], cwd=self.workdir, env=env, stdout=log, stderr=log
            )
        ]
        if separate_worker:
            self.processes.append(
                subprocess.Popen(
                    [self.inboxhub, "worker"], cwd=self.workdir, env=env, stdout=log, stderr=log
                )
            )
        wait_for("the gateway answers /health", lambda: self.http.get("/health").status_code == 200)

    def stop(self) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            code = process.wait(timeout=30)
            if code != 0:
                raise SystemExit(f"FAIL: {process.args} exited {code} on SIGTERM")

    def status(self, session_id: str) -> str:
        response = self.http.get(f"/api/sessions/{session_id}/status")
        response.raise_for_status()
        state: str = response.json()["data"]["status"]
        return state


def expect(response: httpx.Response, status: int) -> dict[str, Any]:
    if response.status_code != status:
        raise SystemExit(
            f"FAIL: {response.request.method} {response.request.url} answered {response.status_code}: {response.text}"
        )
    body: dict[str, Any] = response.json()
    return body


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inboxhub", required=True, help="the installed inboxhub command")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--separate-worker", action="store_true")
    parser.add_argument(
        "--with-web", action="store_true", help="offer the web engine too (the [web] extra)"
    )
    args = parser.parse_args()

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{receiver.server_address[1]}/hook"

    workdir = Path(tempfile.mkdtemp(prefix="inboxhub-smoke-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("INBOXHUB_")}
    env.update(
        INBOXHUB_DATA_DIR=str(workdir / "data"),
        INBOXHUB_PORT=str(free_port()),
        INBOXHUB_API_KEY=API_KEY,
        INBOXHUB_ADMIN_EMAIL="admin@smoke.test",
        INBOXHUB_ADMIN_PASSWORD="smoke-admin-password",
        INBOXHUB_ALLOW_PRIVATE_TARGETS="true",
        INBOXHUB_RATE_LIMIT_MESSAGES="off",
    )
    if args.database_url:
        env["INBOXHUB_DATABASE_URL"] = args.database_url
    if args.with_web:
        # doctor then fails unless neonize, libmagic and ffmpeg are installed.
        env["INBOXHUB_ENABLED_ENGINES"] = '["web"]'
    gateway = Gateway(args.inboxhub, workdir, env)
    print(gateway.run("--version").strip())
    print(gateway.run("migrate").strip())
    print(gateway.run("doctor").strip())

    gateway.start(separate_worker=args.separate_worker)
    session_id = "smoke_" + workdir.name.rsplit("-", 1)[-1].lower()
    created = expect(
        gateway.http.post(
            "/api/sessions",
            json={
                "sessionId": session_id,
                "sessionName": "Smoke",
                "webhookUrl": hook,
                "webhookSecret": SECRET,
            },
        ),
        201,
    )["data"]
    expect(
        gateway.http.post(
            "/api/sandbox/link",
            json={"qr": created["qrText"], "phoneNumber": PHONE, "pushName": "Smoke"},
        ),
        200,
    )
    wait_for("the session is connected", lambda: gateway.status(session_id) == "connected")
    sent = expect(
        gateway.http.post(
            f"/api/messages/{session_id}/send",
            json={"to": CONTACT, "type": "text", "message": "Hola"},
        ),
        200,
    )["data"]
    print(f"sent: {json.dumps(sent)[:160]}")
    expect(
        gateway.http.post(
            "/api/sandbox/messages",
            json={"from": CONTACT, "to": session_id, "message": "¿Está listo?"},
        ),
        200,
    )
    deadline = time.monotonic() + 30
    event: dict[str, Any] = {}
    while event.get("event") != "message.received":
        headers, body = Receiver.deliveries.get(timeout=max(0.1, deadline - time.monotonic()))
        signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(headers.get("x-webhook-signature", ""), signature):
            raise SystemExit(f"FAIL: bad webhook signature {headers.get('x-webhook-signature')!r}")
        event = json.loads(body)
    if event["data"]["message"]["content"] != "¿Está listo?":
        raise SystemExit(f"FAIL: unexpected message.received {event!r}")
    print("signed message.received webhook verified")

    gateway.stop()
    gateway.start(separate_worker=args.separate_worker)
    wait_for(
        "the session is linked again after a restart",
        lambda: gateway.status(session_id) == "connected",
    )
    gateway.stop()
    receiver.shutdown()
    print(
        f"SMOKE OK ({'PostgreSQL' if args.database_url else 'SQLite'}, {'separate worker' if args.separate_worker else 'embedded worker'}{', web engine offered' if args.with_web else ''})"
    )


if __name__ == "__main__":
    sys.exit(main())

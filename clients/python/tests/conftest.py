"""A real gateway process for the SDK's tests, and a real webhook receiver for its deliveries.

One ``inboxhub serve`` per test session, on the sandbox engine, with SQLite in a temporary
directory (or, with ``INBOXHUB_TEST_DATABASE_URL``, that PostgreSQL database, emptied first).
Run from the repository root: ``.venv/bin/python -m pytest clients/python/tests``.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from inboxhub_client import InboxHub

ROOT = Path(__file__).resolve().parents[3]
API_KEY = "ihk_sdk_" + "s" * 40
ADMIN_EMAIL = "sdk-admin@example.com"
ADMIN_PASSWORD = "sdk-horse-battery-staple"
CRM_TOKEN = "sdk-crm-token-" + "c" * 24
WEBHOOK_SECRET = "whsec_" + "c2RrLXdlYmhvb2stc2VjcmV0LWJ5dGVz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def eventually(check, timeout: float = 20.0, interval: float = 0.05):  # type: ignore[no-untyped-def]
    """Polls ``check`` until it returns something truthy; returns it."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout}s: {check}")
        time.sleep(interval)


@dataclass
class Gateway:
    url: str
    api_key: str = API_KEY
    admin_email: str = ADMIN_EMAIL
    admin_password: str = ADMIN_PASSWORD
    crm_token: str = CRM_TOKEN


def _empty_postgres(url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from inboxhub.db import Base
    from inboxhub.migrate import upgrade
    from inboxhub.models import import_all_models

    upgrade(url)
    import_all_models()

    async def truncate() -> None:
        engine = create_async_engine(url)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        await engine.dispose()

    asyncio.run(truncate())


@pytest.fixture(scope="session")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    work = tmp_path_factory.mktemp("gateway")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INBOXHUB_", "FRAPPE_"))}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        INBOXHUB_HOST="127.0.0.1",
        INBOXHUB_PORT=str(port),
        INBOXHUB_DATA_DIR=str(work / "data"),
        INBOXHUB_ENGINE="sandbox",
        INBOXHUB_API_KEY=API_KEY,
        INBOXHUB_ADMIN_EMAIL=ADMIN_EMAIL,
        INBOXHUB_ADMIN_PASSWORD=ADMIN_PASSWORD,
        INBOXHUB_JWT_SECRET="sdk-jwt-secret-that-is-long-enough-for-hs256",
        INBOXHUB_CRM_API_TOKEN=CRM_TOKEN,
        INBOXHUB_RATE_LIMIT_AUTH="off",
        INBOXHUB_RATE_LIMIT_USER="off",
        INBOXHUB_RATE_LIMIT_SESSION="off",
        INBOXHUB_RATE_LIMIT_MESSAGES="off",
        INBOXHUB_ALLOW_PRIVATE_TARGETS="true",
        INBOXHUB_SANDBOX_RECONNECT_DELAY_SECONDS="0.05",
        INBOXHUB_WEBHOOK_RETRY_SCHEDULE=json.dumps([0.2] * 5),
        INBOXHUB_WEBHOOK_RETRY_JITTER="0",
        INBOXHUB_WEBHOOK_TIMEOUT_SECONDS="5",
        INBOXHUB_WEBHOOK_POLL_INTERVAL_SECONDS="0.2",
        INBOXHUB_LOG_LEVEL="WARNING",
    )
    database_url = os.environ.get("INBOXHUB_TEST_DATABASE_URL")
    if database_url:
        _empty_postgres(database_url)
        env["INBOXHUB_DATABASE_URL"] = database_url
    log = work / "gateway.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", "from inboxhub.cli import main; main()", "serve"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"the gateway exited:\n{log.read_text()[-3000:]}")
        try:
            return httpx.get(url + "/health", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    try:
        eventually(healthy, timeout=60, interval=0.1)
        yield Gateway(url)
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    tracebacks = [b for b in log.read_text(errors="replace").split("\n\n") if "Traceback" in b]
    assert not tracebacks, "the gateway logged errors:\n" + "\n\n".join(tracebacks)


@pytest.fixture
def hub(gateway: Gateway) -> Iterator[InboxHub]:
    with InboxHub(gateway.url, api_key=gateway.api_key) as client:
        yield client


@pytest.fixture
def admin(gateway: Gateway) -> Iterator[InboxHub]:
    """A client with an admin's JWT (organizations, members, keys, the cluster)."""
    with InboxHub(gateway.url) as anonymous:
        tokens = anonymous.login({"identifier": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    with InboxHub(gateway.url, token=tokens.access_token) as client:
        yield client


@dataclass
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A CRM's webhook endpoint on loopback: keeps every delivery, answers ``status``."""

    url: str
    deliveries: list[Delivery] = field(default_factory=list)
    status: int = 200

    def of(self, event: str) -> list[Delivery]:
        return [d for d in self.deliveries if d.headers.get("X-Webhook-Event") == event]


@pytest.fixture(scope="session")
def receiver() -> Iterator[Receiver]:
    port = free_port()
    state = Receiver(f"http://127.0.0.1:{port}/webhook")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length)
            state.deliveries.append(Delivery(self.path, dict(self.headers.items()), body))
            self.send_response(state.status)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()

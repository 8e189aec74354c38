"""Real processes: a gateway killed with SIGKILL mid-delivery, and the standalone worker."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, API_KEY, _truncate
from tests.support import eventually
from tests.webhooks.receiver import Hang

pytestmark = pytest.mark.slow

SRC = Path(__file__).resolve().parents[2] / "src"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Process:
    """``inboxhub <command>`` in a child process, configured only through its environment."""

    def __init__(self, command: str, env: dict[str, str], log: Path) -> None:
        self.command, self.env, self.log = command, env, log
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> Process:
        with self.log.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                "from inboxhub.cli import main; main()",
                self.command,
                env=self.env,
                stdout=out,
                stderr=out,
            )
        return self

    async def signal(self, sig: int) -> int:
        assert self.proc is not None
        self.proc.send_signal(sig)
        return await asyncio.wait_for(self.proc.wait(), 30)

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()


@pytest.fixture
async def processes(tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    started: list[Process] = []

    def make(command: str, env: dict[str, str]) -> Process:
        process = Process(command, env, tmp_path / f"{command}.log")
        started.append(process)
        return process

    yield make
    for process in started:
        await process.stop()


def gateway_env(
    tmp_path: Path, port: int, database_url: str | None, **extra: str
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INBOXHUB_", "FRAPPE_"))}
    env.update(
        PYTHONPATH=str(SRC),
        INBOXHUB_HOST="127.0.0.1",
        INBOXHUB_PORT=str(port),
        INBOXHUB_DATA_DIR=str(tmp_path / "data"),
        INBOXHUB_API_KEY=API_KEY,
        INBOXHUB_ADMIN_EMAIL=ADMIN_EMAIL,
        INBOXHUB_ADMIN_PASSWORD=ADMIN_PASSWORD,
        INBOXHUB_JWT_SECRET="test-jwt-secret-that-is-long-enough-for-hs256",
        INBOXHUB_ALLOW_PRIVATE_TARGETS="true",
        INBOXHUB_RATE_LIMIT_AUTH="off",
        INBOXHUB_RATE_LIMIT_USER="off",
        INBOXHUB_RATE_LIMIT_SESSION="off",
        INBOXHUB_RATE_LIMIT_MESSAGES="off",
        INBOXHUB_SANDBOX_RECONNECT_DELAY_SECONDS="0.05",
        INBOXHUB_WEBHOOK_RETRY_SCHEDULE=json.dumps([0.2] * 30),
        INBOXHUB_WEBHOOK_RETRY_JITTER="0",
        INBOXHUB_WEBHOOK_TIMEOUT_SECONDS="5",
        INBOXHUB_WEBHOOK_POLL_INTERVAL_SECONDS="0.2",
        INBOXHUB_LOG_LEVEL="WARNING",
    )
    if database_url:
        env["INBOXHUB_DATABASE_URL"] = database_url
    env.update(extra)
    return env


async def healthy(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=2) as http:

        async def up() -> bool:
            try:
                return (await http.get("/health")).status_code == 200
            except httpx.TransportError:
                return False

        await eventually(up, timeout=60, interval=0.1)


async def link(api: httpx.AsyncClient, session_id: str, phone: str, webhook_url: str) -> None:
    created = await api.post(
        "/api/sessions",
        json={"sessionId": session_id, "webhookUrl": webhook_url, "webhookSecret": "k"},
    )
    assert created.status_code == 201, created.text
    linked = await api.post(
        "/api/sandbox/link", json={"qr": created.json()["data"]["qrText"], "phoneNumber": phone}
    )
    assert linked.status_code == 200, linked.text
    await wait_connected(api, session_id)


async def wait_connected(api: httpx.AsyncClient, session_id: str) -> None:
    async def connected() -> bool:
        data = (await api.get(f"/api/sessions/{session_id}/status")).json()["data"]
        return data["status"] == "connected"

    await eventually(connected, timeout=20)


async def all_deliveries(api: httpx.AsyncClient) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        data = (
            await api.get("/api/webhooks/deliveries", params={"page": page, "limit": 200})
        ).json()["data"]
        items += data["deliveries"]
        if page >= data["pagination"]["pages"]:
            return items
        page += 1


async def settled(api: httpx.AsyncClient) -> list[dict[str, Any]]:
    async def done():
        log = await all_deliveries(api)
        return log if log and all(d["status"] == "succeeded" for d in log) else None

    result: list[dict[str, Any]] = await eventually(done, timeout=60, interval=0.2)
    return result


async def test_a_gateway_killed_mid_delivery_delivers_everything_after_restart(
    tmp_path, processes, receivers
):
    holding = False

    def script(request):
        return Hang() if holding else 200

    receiver = await receivers(script)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = gateway_env(tmp_path, port, None)
    gateway = await processes("serve", env).start()
    await healthy(base_url)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=15
    ) as api:
        sessions = ["crash_a", "crash_b", "crash_c"]
        for n, session_id in enumerate(sessions):
            await link(api, session_id, f"3460000060{n}", receiver.url)
        await settled(api)

        # The receiver stops answering: deliveries are in flight when the gateway dies.
        holding = True
        for session_id in sessions:
            await api.post(f"/api/sandbox/sessions/{session_id}/drop")
        for session_id in sessions:
            await wait_connected(api, session_id)

        async def in_flight() -> bool:
            return sum(r.status is None for r in receiver.requests) >= len(sessions)

        await eventually(in_flight)
        held = {r.event_id for r in receiver.requests if r.status is None}
        assert await gateway.signal(signal.SIGKILL) == -signal.SIGKILL

    holding = False
    await processes("serve", env).start()
    await healthy(base_url)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=15
    ) as api:
        for session_id in sessions:  # linked sessions come back by themselves
            await wait_connected(api, session_id)
        log = await settled(api)

    accepted = receiver.accepted_ids()
    assert held <= set(accepted)  # what was in flight went again, with the same event id
    assert {d["eventId"] for d in log} <= set(accepted)  # every event at least once
    for session_id in sessions:  # and each session's events in the order they happened
        expected = [
            d["eventId"]
            for d in sorted(log, key=lambda d: d["eventSeq"])
            if d["sessionId"] == session_id
        ]
        first_seen = [e for e in dict.fromkeys(accepted) if e in expected]
        assert first_seen == expected, session_id


def _database_urls() -> list[str | None]:
    urls: list[str | None] = [None]
    configured = os.environ.get("INBOXHUB_TEST_DATABASE_URL", "")
    if configured.startswith("postgresql"):
        urls.append(configured)
    return urls


@pytest.mark.parametrize("database_url", _database_urls(), ids=lambda u: "pg" if u else "sqlite")
async def test_standalone_workers_deliver_for_a_gateway_without_one(
    tmp_path, processes, receivers, database_url
):
    receiver = await receivers()
    if database_url:
        await _truncate(database_url)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = gateway_env(tmp_path, port, database_url)
    await processes("serve", {**env, "INBOXHUB_EMBEDDED_WORKER": "false"}).start()
    await healthy(base_url)
    # SQLite has a single worker; PostgreSQL shares the queue between several.
    workers = [await processes("worker", env).start() for _ in range(2 if database_url else 1)]
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=15
    ) as api:
        for n in range(3):
            await link(api, f"solo_{n}", f"3460000070{n}", receiver.url)
            await api.post(f"/api/sandbox/sessions/solo_{n}/drop")
        for n in range(3):
            await wait_connected(api, f"solo_{n}")
        log = await settled(api)
    accepted = receiver.accepted_ids()
    assert sorted(accepted) == sorted(d["eventId"] for d in log)  # each exactly once
    for n in range(3):
        expected = [
            d["eventId"]
            for d in sorted(log, key=lambda d: d["eventSeq"])
            if d["sessionId"] == f"solo_{n}"
        ]
        assert [e for e in accepted if e in expected] == expected
    for worker in workers:
        assert await worker.signal(signal.SIGTERM) == 0

"""Gateways in child processes (``inboxhub serve``, ``inboxhub worker``), configured only through
their environment, and what the tests ask of them over HTTP."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.auth import ADMIN_EMAIL, ADMIN_PASSWORD, API_KEY
from tests.support.polling import eventually

SRC = Path(__file__).resolve().parents[2] / "src"


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


async def settled(api: httpx.AsyncClient, timeout: float = 60) -> list[dict[str, Any]]:
    async def done():
        log = await all_deliveries(api)
        return log if log and all(d["status"] == "succeeded" for d in log) else None

    result: list[dict[str, Any]] = await eventually(done, timeout=timeout, interval=0.2)
    return result

"""Real processes: a gateway killed with SIGKILL mid-delivery, and the standalone worker."""

from __future__ import annotations

import os
import signal

import httpx
import pytest

from tests.support import eventually
from tests.support.auth import API_KEY
from tests.support.database import truncate
from tests.support.ports import free_port
from tests.support.processes import gateway_env, healthy, link, settled, wait_connected
from tests.webhooks.receiver import Hang

pytestmark = pytest.mark.slow


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
        await truncate(database_url)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = gateway_env(tmp_path, port, database_url)
    await processes("serve", {**env, "INBOXHUB_EMBEDDED_WORKER": "false"}).start()
    await healthy(base_url)
    # SQLite has a single worker; PostgreSQL shares the queue between several.
    workers = [
        await processes("worker", {**env, "INBOXHUB_LOG_LEVEL": "INFO"}).start()
        for _ in range(2 if database_url else 1)
    ]

    async def running() -> bool:
        # Each one past its start, so that the SIGTERM at the end meets its handler.
        return workers[0].log.read_text().count("webhook worker running") == len(workers)

    await eventually(running, timeout=60)
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

"""SIGTERM stops a real gateway (and a standalone worker) in order: requests in flight are
answered, live streams end, deliveries finish or are left for retry, the exit status is 0, and
after a restart nothing is missing."""

from __future__ import annotations

import asyncio
import io
import signal
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests.ops.load import (
    A_PHONE,
    B_PHONE,
    Load,
    database_urls,
    restart_and_check,
)
from tests.support import eventually
from tests.support.auth import API_KEY
from tests.support.database import fresh_database
from tests.support.ports import free_port
from tests.support.processes import gateway_env, healthy, link, settled, wait_connected
from tests.webhooks.receiver import Hang, Reply

pytestmark = pytest.mark.slow

backends = pytest.mark.parametrize(
    "database_url", database_urls(), ids=lambda u: "pg" if u else "sqlite"
)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "teal").save(out, format="PNG")
    return out.getvalue()


def assert_orderly(log: Path, *expected: str) -> None:
    text = log.read_text()
    for line in expected:
        assert line in text, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    assert "graceful shutdown exceeded" not in text, text[-3000:]


async def read_stream(api: httpx.AsyncClient) -> bytes:
    """An open live event stream; returns what it sent once the gateway ends it."""
    received = b""
    async with api.stream("GET", "/api/events/stream", timeout=None) as response:
        assert response.status_code == 200
        async for chunk in response.aiter_bytes():
            received += chunk
    return received


@backends
async def test_sigterm_under_load_answers_what_is_in_flight_and_exits_0(
    tmp_path, processes, receivers, database_url
):
    async def slow(request):
        await asyncio.sleep(0.2)  # deliveries are in flight when the stop comes
        return 200

    receiver = await receivers(slow)
    release = asyncio.Event()
    image = png()

    async def held(request):
        await release.wait()
        return Reply(headers={"Content-Type": "image/png"}, body=image)

    media = await receivers(held, path="/photo.png")
    await fresh_database(database_url)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = gateway_env(
        tmp_path,
        port,
        database_url,
        INBOXHUB_LOG_LEVEL="INFO",
        INBOXHUB_SHUTDOWN_TIMEOUT_SECONDS="30",
    )
    gateway = await processes("serve", env).start()
    await healthy(base_url)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=60
    ) as api:
        await link(api, "load_a", A_PHONE, receiver.url)
        await link(api, "load_b", B_PHONE, receiver.url)
        stream = asyncio.create_task(read_stream(api))
        load = Load(api)
        load.start()

        async def busy() -> bool:
            return load.answered >= 20 or load.stopping.is_set()

        await eventually(busy, timeout=90, interval=0.1)
        # Sends whose media download the gateway is waiting for: surely in flight at the stop.
        body = {"to": "34613000099", "type": "image", "message": {"image": {"url": media.url}}}
        in_flight = [
            asyncio.create_task(api.post("/api/messages/load_a/send", json=body)) for _ in range(3)
        ]
        await eventually(lambda: asyncio.sleep(0, len(media.requests) >= 3), timeout=30)
        assert gateway.proc is not None
        gateway.proc.send_signal(signal.SIGTERM)
        await asyncio.sleep(0.5)
        release.set()
        assert await asyncio.wait_for(gateway.proc.wait(), 90) == 0
        answers = await asyncio.gather(*in_flight)
        assert [a.status_code for a in answers] == [200] * 3, [a.text for a in answers]
        load.sends += [a.json()["data"] for a in answers]
        assert b"retry:" in await asyncio.wait_for(stream, 10)  # ended by the gateway, not cut
        await load.stop()
    assert not load.failures
    assert_orderly(
        gateway.log,
        "Inbox Hub stopping",
        "webhook worker stopped",
        "Inbox Hub stopped: 2 session(s) disconnected",
    )

    await restart_and_check(processes("serve", env).start, base_url, receiver, load)


@backends
async def test_sigterm_stops_a_standalone_worker_mid_delivery_and_the_rest_go_out_later(
    tmp_path, processes, receivers, database_url
):
    holding = False

    def script(request):
        return Hang() if holding else 200

    receiver = await receivers(script)
    await fresh_database(database_url)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = gateway_env(tmp_path, port, database_url, INBOXHUB_LOG_LEVEL="INFO")
    await processes("serve", {**env, "INBOXHUB_EMBEDDED_WORKER": "false"}).start()
    await healthy(base_url)
    worker = await processes("worker", env).start()
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=30
    ) as api:
        sessions = ["term_a", "term_b"]
        for n, session_id in enumerate(sessions):
            await link(api, session_id, f"3460000090{n}", receiver.url)
        await settled(api)

        holding = True
        for session_id in sessions:
            await api.post(f"/api/sandbox/sessions/{session_id}/drop")

        async def in_flight() -> bool:
            return sum(r.status is None for r in receiver.requests) >= len(sessions)

        await eventually(in_flight, timeout=30)
        held = {r.event_id for r in receiver.requests if r.status is None}
        assert await worker.signal(signal.SIGTERM) == 0
        assert_orderly(worker.log, "webhook worker stopping", "left for retry")

        holding = False
        await processes("worker", env).start()
        for session_id in sessions:
            await wait_connected(api, session_id)
        log = await settled(api)
    accepted = receiver.accepted_ids()
    assert held <= set(accepted)  # given back at the stop, delivered by the next worker
    assert {d["eventId"] for d in log} <= set(accepted)

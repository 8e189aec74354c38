"""A gateway killed with SIGKILL while it sends and receives: after the restart nothing it
answered for is missing, and every webhook event arrives (duplicates only under the same id)."""

from __future__ import annotations

import asyncio
import signal

import httpx
import pytest

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
from tests.support.processes import gateway_env, healthy, link

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("database_url", database_urls(), ids=lambda u: "pg" if u else "sqlite")
async def test_a_gateway_killed_under_load_keeps_everything_it_answered_for(
    tmp_path, processes, receivers, database_url
):
    receiver = await receivers()
    await fresh_database(database_url)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = gateway_env(tmp_path, port, database_url)
    gateway = await processes("serve", env).start()
    await healthy(base_url)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=30
    ) as api:
        await link(api, "load_a", A_PHONE, receiver.url)
        await link(api, "load_b", B_PHONE, receiver.url)
        load = Load(api)
        load.start()

        async def busy() -> bool:
            return load.answered >= 40 or load.stopping.is_set()

        await eventually(busy, timeout=90, interval=0.1)
        # Killed at full speed, the instant a send to load_b is answered: its delivery to
        # load_b and the receipt back are then most likely still on their way.
        assert gateway.proc is not None
        process = gateway.proc

        def kill() -> None:
            load.on_peer_answer = None
            process.send_signal(signal.SIGKILL)

        load.on_peer_answer = kill
        assert await asyncio.wait_for(process.wait(), 60) == -signal.SIGKILL
        await load.stop()
    assert not load.failures
    assert load.answered >= 40

    await restart_and_check(processes("serve", env).start, base_url, receiver, load)

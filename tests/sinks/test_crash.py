"""A real gateway process killed with SIGKILL while its brokers are unreachable: after the
restart, every event reaches both brokers, in each chat's order."""

from __future__ import annotations

import signal
from collections import Counter

import httpx
import pytest

from tests.sinks.brokers import NATS, RABBITMQ
from tests.sinks.conftest import amqp_sink, nats_sink
from tests.sinks.flows import all_arrive, assert_in_order_per_chat, chatter, failing, settled
from tests.support.auth import API_KEY
from tests.support.ports import free_port
from tests.support.processes import gateway_env, healthy, wait_connected

pytestmark = pytest.mark.slow


async def test_a_gateway_killed_while_brokers_are_down_delivers_everything_after_restart(
    tmp_path, processes, proxies, rabbit, stream
):
    to_rabbit, to_nats = await proxies(RABBITMQ), await proxies(NATS)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = gateway_env(tmp_path, port, None)
    gateway = await processes("serve", env).start()
    await healthy(base_url)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=15
    ) as api:
        amqp = await amqp_sink(api, rabbit.exchange, port=to_rabbit.port, events=["message"])
        jet = await nats_sink(api, stream.prefix, port=to_nats.port, events=["message"])
        created = await api.post("/api/sessions", json={"sessionId": "crash"})
        linked = await api.post(
            "/api/sandbox/link",
            json={"qr": created.json()["data"]["qrText"], "phoneNumber": "34600000921"},
        )
        assert linked.status_code == 200, linked.text
        await wait_connected(api, "crash")
        texts = await chatter(api, "crash", range(0, 4))
        await all_arrive(_reader(rabbit), texts)
        await all_arrive(stream.messages, texts)

        # Both brokers become unreachable; events pile up in the outbox; the gateway dies.
        await to_rabbit.stop()
        await to_nats.stop()
        texts += await chatter(api, "crash", range(4, 10))
        await failing(api, amqp["id"])
        await failing(api, jet["id"])
        assert await gateway.signal(signal.SIGKILL) == -signal.SIGKILL

    await to_rabbit.start()
    await to_nats.start()
    await processes("serve", env).start()
    await healthy(base_url)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=15
    ) as api:
        await settled(api, amqp["id"], len(texts))
        await settled(api, jet["id"], len(texts))

    from_rabbit = await all_arrive(_reader(rabbit), texts)
    from_nats = await all_arrive(stream.messages, texts)
    assert len({m.event_id for m in from_rabbit}) == len(texts)
    assert sorted(Counter(m.event_id for m in from_nats).values()) == [1] * len(texts)
    assert_in_order_per_chat(from_rabbit, texts)
    assert_in_order_per_chat(from_nats, texts)


def _reader(rabbit):
    async def read():
        return list(rabbit.messages)

    return read

"""Sink fixtures: a run's own exchange and stream on the machine's brokers, proxies to play
outages, and the webhook receivers (to compare what both transports carry)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tests.sinks.brokers import (
    NATS,
    RABBITMQ,
    RabbitConsumer,
    StreamReader,
    TcpProxy,
    run_name,
)
from tests.webhooks.conftest import FAST, receiver, receivers

__all__ = ["receiver", "receivers"]

# Retries that outlast an outage of a few seconds (and never dead-letter during one).
PATIENT = {**FAST, "webhook_retry_schedule": [0.1] * 200}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return dict(PATIENT)


@pytest.fixture
async def rabbit() -> AsyncIterator[RabbitConsumer]:
    consumer = await RabbitConsumer(run_name("inboxhub_test_")).start()
    yield consumer
    await consumer.stop()


@pytest.fixture
async def stream() -> AsyncIterator[StreamReader]:
    reader = await StreamReader(run_name("ihtest")).start()
    yield reader
    await reader.stop()


@pytest.fixture
async def proxies() -> AsyncIterator[Callable[..., Any]]:
    started: list[TcpProxy] = []

    async def start(target: tuple[str, int]) -> TcpProxy:
        proxy = await TcpProxy(target).start()
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        await proxy.stop()


@pytest.fixture
async def rabbit_proxy(proxies: Callable[..., Any]) -> TcpProxy:
    proxy: TcpProxy = await proxies(RABBITMQ)
    return proxy


@pytest.fixture
async def nats_proxy(proxies: Callable[..., Any]) -> TcpProxy:
    proxy: TcpProxy = await proxies(NATS)
    return proxy


async def add_sink(client: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    response = await client.post("/api/webhooks/sinks", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def amqp_sink(
    client: httpx.AsyncClient, exchange: str, port: int = RABBITMQ[1], **body: Any
) -> dict[str, Any]:
    return await add_sink(
        client,
        type="amqp",
        url=f"amqp://guest:guest@127.0.0.1:{port}/",
        exchange=exchange,
        **body,
    )


async def nats_sink(
    client: httpx.AsyncClient, prefix: str, port: int = NATS[1], **body: Any
) -> dict[str, Any]:
    return await add_sink(
        client, type="nats", url=f"nats://127.0.0.1:{port}", subjectPrefix=prefix, **body
    )

"""RabbitMQ (AMQP 0-9-1) through aio-pika: a durable topic exchange, routing key
``{org}.{sessionId}.{event}``, persistent messages, and a publish counts only once the broker
confirms it (publisher confirms)."""

from __future__ import annotations

import asyncio
import socket
import ssl
from dataclasses import dataclass, field
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, ExchangeType
from aiormq.connection import TransportFactory
from aiormq.exceptions import AMQPConnectionError
from yarl import URL

from inboxhub.sinks.addresses import DEFAULT_DESTINATION, routing_key
from inboxhub.sinks.channel import BrokerChannel, PublishFailed
from inboxhub.ssrf import resolve_checked
from inboxhub.webhooks.queue import Job


class GuardedTransport(TransportFactory):
    """Connects only to addresses the SSRF guard has just checked (the broker's name is resolved
    once, here), and verifies TLS against the name the URL gave."""

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private

    async def create(
        self, url: URL, **kwargs: Any
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        provider = kwargs.pop("ssl_context_provider", None)
        host, port = url.host or "", url.port or 5672
        tls: ssl.SSLContext | None = None
        if url.scheme == "amqps" and provider is not None:
            tls = await provider.get_context()
        addresses = await resolve_checked(host, port, allow_private=self.allow_private)
        error: OSError | None = None
        for address in addresses:
            try:
                return await asyncio.open_connection(
                    address,
                    port,
                    ssl=tls,
                    server_hostname=host if tls else None,
                    family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                    **kwargs,
                )
            except OSError as exc:
                error = exc
        raise AMQPConnectionError(f"could not connect to {host}:{port}: {error}")


class _Connection(aio_pika.Connection):
    """aio-pika's connection, with the transport handed to aiormq (which takes one)."""

    def __init__(self, url: str, transport: TransportFactory) -> None:
        super().__init__(URL(url))
        self.kwargs["transport_factory"] = transport


@dataclass
class AmqpLink:
    connection: _Connection
    channel: AbstractChannel
    exchanges: dict[str, AbstractExchange] = field(default_factory=dict)


class AmqpChannel(BrokerChannel[AmqpLink]):
    sink_type = "amqp"

    async def _open(self, url: str) -> AmqpLink:
        connection = _Connection(
            url, GuardedTransport(allow_private=self.settings.allow_private_targets)
        )
        await connection.connect(timeout=self.settings.webhook_timeout_seconds)
        try:
            channel = await connection.channel(publisher_confirms=True)
        except BaseException:
            await connection.close()
            raise
        return AmqpLink(connection, channel)

    def _usable(self, link: AmqpLink) -> bool:
        return not link.connection.is_closed and not link.channel.is_closed

    async def _close(self, link: AmqpLink) -> None:
        await link.connection.close()

    async def _exchange(self, link: AmqpLink, name: str) -> AbstractExchange:
        exchange = link.exchanges.get(name)
        if exchange is None:
            # Declared by the gateway, so consumers can bind before the first event; a durable
            # exchange outlives a broker restart. An existing exchange of another type closes
            # the channel with the broker's reason, which the delivery log shows.
            exchange = await link.channel.declare_exchange(name, ExchangeType.TOPIC, durable=True)
            link.exchanges[name] = exchange
        return exchange

    async def _publish(self, link: AmqpLink, job: Job, headers: dict[str, str]) -> str:
        name = job.destination or DEFAULT_DESTINATION
        exchange = await self._exchange(link, name)
        key = routing_key(job.organization_id, job.session_id, job.event_type)
        message = aio_pika.Message(
            body=job.body,
            headers=dict(headers),
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=job.event_id,
            timestamp=job.created_at,
            type=job.event_type,
            app_id="inboxhub",
        )
        # Not mandatory: like any topic exchange, one drops what no queue is bound for (a
        # consumer's bindings choose what it hears).
        confirm = await exchange.publish(message, routing_key=key, mandatory=False)
        if confirm is None:
            raise PublishFailed("the broker did not confirm the message")
        return f"confirmed by the broker: exchange {name!r}, routing key {key!r}"

"""The machine's RabbitMQ and NATS JetStream, seen from the consumer's side, and a TCP proxy in
front of them that a test stops and starts to play a broker outage (the brokers themselves are
shared and never stopped)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import aio_pika
import nats
from aio_pika.abc import AbstractIncomingMessage
from nats.js.api import StreamConfig

RABBITMQ = ("127.0.0.1", 5672)
NATS = ("127.0.0.1", 4222)
RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"
NATS_URL = "nats://127.0.0.1:4222"


def run_name(prefix: str) -> str:
    """A name no other test run uses (the brokers are shared by every run on the machine)."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


@dataclass
class Delivered:
    """One message as a consumer got it."""

    body: bytes
    headers: dict[str, str]
    routing: str  # AMQP routing key or NATS subject
    properties: dict[str, Any] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def event_id(self) -> str:
        return self.headers["webhook-id"]


class TcpProxy:
    """127.0.0.1:<port> -> a broker. ``stop`` closes the port and cuts every connection through
    it (the broker looks dead to the gateway); ``start`` opens the same port again."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> TcpProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}
        for src, dst in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.create_task(self._pipe(src, dst))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    async def _pipe(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
        try:
            while data := await src.read(65536):
                dst.write(data)
                await dst.drain()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            self._writers.discard(dst)
            dst.transport.abort()


class RabbitConsumer:
    """A queue of its own, bound to a run's exchange, collecting every message."""

    def __init__(self, exchange: str, binding: str = "#") -> None:
        self.exchange = exchange
        self.binding = binding
        self.messages: list[Delivered] = []
        self._connection: aio_pika.abc.AbstractConnection | None = None

    async def start(self) -> RabbitConsumer:
        self._connection = await aio_pika.connect(RABBITMQ_URL)
        channel = await self._connection.channel()
        # Declared as the gateway declares it, so the binding exists before the first event.
        exchange = await channel.declare_exchange(
            self.exchange, aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(exchange, routing_key=self.binding)
        await queue.consume(self._on_message)
        return self

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        async with message.process():
            self.messages.append(
                Delivered(
                    body=message.body,
                    headers={k: str(v) for k, v in (message.headers or {}).items()},
                    routing=message.routing_key or "",
                    properties={
                        "content_type": message.content_type,
                        "delivery_mode": message.delivery_mode,
                        "message_id": message.message_id,
                        "type": message.type,
                        "app_id": message.app_id,
                        "timestamp": message.timestamp,
                    },
                )
            )

    async def stop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                channel = await self._connection.channel()
                await channel.exchange_delete(self.exchange)
            await self._connection.close()


class StreamReader:
    """A JetStream stream of the run's own over ``{prefix}.>``, read from the start."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.stream = prefix.upper()
        self._client: nats.NATS | None = None

    async def start(self) -> StreamReader:
        self._client = await nats.connect(NATS_URL)
        await self._client.jetstream().add_stream(
            StreamConfig(name=self.stream, subjects=[f"{self.prefix}.>"])
        )
        return self

    async def messages(self) -> list[Delivered]:
        """Everything the stream holds, in its order."""
        assert self._client is not None
        js = self._client.jetstream()
        info = await js.stream_info(self.stream)
        found = []
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            if info.state.messages == 0:
                break
            raw = await js.get_msg(self.stream, seq)
            found.append(
                Delivered(
                    body=raw.data or b"",
                    headers=dict(raw.headers or {}),
                    routing=raw.subject,
                )
            )
        return found

    async def stop(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):
                await self._client.jetstream().delete_stream(self.stream)
            await self._client.close()

"""The worker's broker channels: a delivery to a broker sink is published instead of POSTed.

The broker clients (aio-pika, nats-py) are imported when a sink first has work: a gateway or a
worker without sinks does not pay for loading them at every start.
"""

from __future__ import annotations

from typing import Any

from inboxhub.config import Settings
from inboxhub.sinks.channel import BrokerChannel


def open_channel(kind: str, settings: Settings) -> BrokerChannel[Any]:
    """The channel of a broker type (a subscription kind); it keeps its sinks' connections."""
    if kind == "amqp":
        from inboxhub.sinks.amqp import AmqpChannel

        return AmqpChannel(settings)
    if kind == "nats":
        from inboxhub.sinks.jetstream import JetStreamChannel

        return JetStreamChannel(settings)
    raise ValueError(f"no broker channel for subscriptions of kind {kind!r}")

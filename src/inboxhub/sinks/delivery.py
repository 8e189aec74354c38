"""The worker's broker channels: a delivery to a broker sink is published instead of POSTed."""

from __future__ import annotations

from typing import Any

from inboxhub.config import Settings
from inboxhub.sinks.amqp import AmqpChannel
from inboxhub.sinks.channel import BrokerChannel
from inboxhub.sinks.jetstream import JetStreamChannel

CHANNELS: dict[str, type[BrokerChannel[Any]]] = {"amqp": AmqpChannel, "nats": JetStreamChannel}


def broker_channels(settings: Settings) -> dict[str, BrokerChannel[Any]]:
    """One channel per broker type, each keeping its sinks' connections (by subscription kind)."""
    return {kind: channel(settings) for kind, channel in CHANNELS.items()}

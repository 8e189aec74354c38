from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from inboxhub.auth.schemas import CamelModel
from inboxhub.sinks.addresses import EXCHANGE_PATTERN, SUBJECT_PREFIX_PATTERN, check_exchange
from inboxhub.webhooks.schemas import EVENTS_HELP, check_events, check_secret

SinkType = Literal["amqp", "nats"]

URL_HELP = (
    "amqp://user:password@host:5672/vhost (amqps:// for TLS) or nats://user:password@host:4222 "
    "(nats://token@host, tls:// for TLS); the credentials are kept secret"
)
EXCHANGE_HELP = "AMQP only: the durable topic exchange to publish to (default inboxhub)"
PREFIX_HELP = "NATS only: the first tokens of every subject (default inboxhub)"


class SinkCreate(CamelModel):
    type: SinkType = Field(description="amqp (RabbitMQ) or nats (NATS JetStream)")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    url: str = Field(min_length=1, max_length=2000, description=URL_HELP)
    exchange: str | None = Field(default=None, pattern=EXCHANGE_PATTERN, description=EXCHANGE_HELP)
    subject_prefix: str | None = Field(
        default=None, max_length=200, pattern=SUBJECT_PREFIX_PATTERN, description=PREFIX_HELP
    )
    events: list[str] = Field(default_factory=lambda: ["*"], max_length=30, description=EVENTS_HELP)
    secret: str | None = Field(
        default=None,
        max_length=500,
        description="HMAC key: messages carry the webhooks' signature headers; without it, none",
    )
    is_active: bool = True

    _events = field_validator("events")(check_events)
    _secret = field_validator("secret")(check_secret)
    _exchange = field_validator("exchange")(check_exchange)


class SinkUpdate(CamelModel):
    type: SinkType | None = Field(default=None, description="Cannot change; create another sink")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    url: str | None = Field(
        default=None,
        min_length=1,
        max_length=2000,
        description="The URL as shown (password ***) keeps the stored password",
    )
    exchange: str | None = Field(default=None, pattern=EXCHANGE_PATTERN, description=EXCHANGE_HELP)
    subject_prefix: str | None = Field(
        default=None, max_length=200, pattern=SUBJECT_PREFIX_PATTERN, description=PREFIX_HELP
    )
    events: list[str] | None = Field(default=None, max_length=30, description=EVENTS_HELP)
    secret: str | None = Field(default=None, max_length=500, description="null removes it")
    is_active: bool | None = None

    _events = field_validator("events")(check_events)
    _secret = field_validator("secret")(check_secret)
    _exchange = field_validator("exchange")(check_exchange)

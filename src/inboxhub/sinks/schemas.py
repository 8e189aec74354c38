from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from inboxhub.auth.schemas import CamelModel
from inboxhub.envelope import Omitted, ReadModel
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


# ---- answers ----------------------------------------------------------------------------------


class SinkRead(ReadModel):
    """A message broker destination; ``routingKey`` (AMQP) or ``subject`` (NATS) says what
    each event is published as."""

    id: int
    organization_id: int
    type: SinkType
    name: str | None
    url: str | None = Field(description="Credentials in the URL are hidden")
    has_credentials: bool
    exchange: str | None
    subject_prefix: str | None
    routing_key: str = Omitted
    subject: str = Omitted
    events: list[str]
    has_secret: bool
    is_active: bool
    disabled_reason: str | None
    disabled_at: str | None
    failing_since: str | None
    last_success_at: str | None
    last_failure_at: str | None
    created_at: str
    updated_at: str


class SinkList(ReadModel):
    sinks: list[SinkRead]
    total: int


class SinkDeleted(ReadModel):
    id: int
    deleted: bool


class SinkTestResult(ReadModel):
    delivered: bool
    event_id: str
    url: str | None
    routing_key: str = Omitted
    subject: str = Omitted
    duration_ms: int
    result: str | None = Field(description="What the broker confirmed")
    error: str | None
    signed: bool

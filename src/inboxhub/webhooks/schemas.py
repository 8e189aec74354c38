from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, field_validator

from inboxhub.auth.schemas import CamelModel
from inboxhub.envelope import Pagination, ReadModel
from inboxhub.webhooks.event_names import EVENT_TYPES, SUBSCRIPTION_EVENTS, unknown_event_names

EVENTS_HELP = (
    f"Subscription names {sorted(SUBSCRIPTION_EVENTS)} or exact event types {sorted(EVENT_TYPES)}"
)

DeliveryStatus = Literal["pending", "succeeded", "failed", "replayed", "cancelled"]


def check_events(events: list[str] | None) -> list[str] | None:
    if events is None:
        return None
    if not events:
        raise ValueError("list at least one event (or '*' for all)")
    unknown = unknown_event_names(events)
    if unknown:
        raise ValueError(f"unknown event(s) {unknown}; use {sorted(SUBSCRIPTION_EVENTS)}")
    return list(dict.fromkeys(events))


def check_secret(secret: str | None) -> str | None:
    if secret is not None and not secret.strip():
        raise ValueError("the secret must not be empty; leave it out to send unsigned webhooks")
    return secret


class WebhookCreate(CamelModel):
    name: str = Field(default="Webhook", min_length=1, max_length=200)
    url: str = Field(min_length=1, max_length=2000)
    events: list[str] = Field(default_factory=lambda: ["*"], max_length=30, description=EVENTS_HELP)
    secret: str | None = Field(
        default=None, max_length=500, description="HMAC key; without it webhooks go unsigned"
    )
    is_active: bool = True

    _events = field_validator("events")(check_events)
    _secret = field_validator("secret")(check_secret)


class WebhookUpdate(CamelModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    url: str | None = Field(default=None, min_length=1, max_length=2000)
    events: list[str] | None = Field(default=None, max_length=30, description=EVENTS_HELP)
    secret: str | None = Field(default=None, max_length=500, description="null removes it")
    is_active: bool | None = None

    _events = field_validator("events")(check_events)
    _secret = field_validator("secret")(check_secret)


class ReplayRequest(CamelModel):
    since: datetime = Field(description="Replay events (or failed deliveries) from this time on")
    until: datetime | None = None
    only_failed: bool = Field(
        default=False, description="Only dead-lettered deliveries, sent again to their subscriber"
    )
    subscription_id: int | None = Field(default=None, ge=1)
    session_id: str | None = Field(default=None, max_length=100)


# ---- answers ----------------------------------------------------------------------------------

SubscriberKind = Literal["organization", "session", "frappe", "amqp", "nats", "chatwoot"]
WaitReason = Literal["subscriber_disabled", "earlier_pending", "retry_scheduled", "due"]


class WebhookRead(ReadModel):
    """A subscriber of any kind, with its health."""

    id: int
    organization_id: int
    kind: SubscriberKind
    name: str | None
    url: str | None = Field(description="Credentials in the URL are hidden")
    events: list[str]
    has_secret: bool
    is_active: bool
    disabled_reason: str | None
    disabled_at: str | None
    failing_since: str | None
    last_success_at: str | None
    last_failure_at: str | None
    session_id: str | None
    created_at: str
    updated_at: str


class WebhookList(ReadModel):
    webhooks: list[WebhookRead]
    total: int


class SubscriptionList(ReadModel):
    organization_id: int
    subscriptions: list[WebhookRead]
    total: int


class WebhookDeleted(ReadModel):
    id: int
    deleted: bool


class SubscriberRemoved(ReadModel):
    id: int
    kind: SubscriberKind
    removed: bool


class SessionWebhookRemoved(ReadModel):
    session_id: str
    removed: bool


class WebhookTestResult(ReadModel):
    """How the receiver answered a signed ``webhook.test`` event."""

    delivered: bool
    event_id: str
    url: str
    status_code: int | None
    duration_ms: int
    response_body: str | None
    error: str | None
    signed: bool


class WebhookDeliveryRead(ReadModel):
    """One event's delivery to one subscriber."""

    id: int
    event_id: str = Field(description="Stable across retries and replays: drop duplicates")
    event: str = Field(examples=["message.received"])
    event_seq: int
    session_id: str | None
    chat_id: str | None
    subscription_id: int
    subscription_kind: SubscriberKind
    status: DeliveryStatus
    attempts: int
    response_status: int | None
    response_body: str | None
    duration_ms: int | None
    error: str | None
    last_attempt_at: str | None
    next_attempt_at: str | None
    delivered_at: str | None
    created_at: str
    replay_of: int | None
    waiting_for: int | None = Field(description="The earlier pending delivery it waits for")
    wait_reason: WaitReason | None = Field(description="Why a pending delivery has not gone yet")


class DeliveryAttemptRead(ReadModel):
    attempt: int
    started_at: str | None
    duration_ms: int | None
    response_status: int | None
    response_body: str | None
    error: str | None
    url: str | None


class WebhookDeliveryDetail(WebhookDeliveryRead):
    payload: dict[str, Any] = Field(description="The event's body as it is sent")
    attempt_log: list[DeliveryAttemptRead]


class WebhookDeliveryList(ReadModel):
    deliveries: list[WebhookDeliveryRead]
    total: int
    pagination: Pagination


class ReplayResult(ReadModel):
    queued: int
    truncated: bool = Field(description="More than the most one replay queues")


class EventTicket(ReadModel):
    ticket: str = Field(description="For GET /api/events/stream?ticket=…")
    expires_in: int = Field(description="Seconds")
    expires_at: str


EVENT_STREAM_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-sent events: `id` (the event seq, for Last-Event-ID), `event` "
        "(its type) and `data` (the webhook body), until the client leaves",
        "content": {
            "text/event-stream": {
                "schema": {"type": "string"},
                "example": 'id: 42\nevent: message.received\ndata: {"event":"message.received",'
                '"sessionId":"ventas","data":{}}\n\n',
            }
        },
    }
}

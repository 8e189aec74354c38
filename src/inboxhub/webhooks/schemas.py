from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator

from inboxhub.auth.schemas import CamelModel
from inboxhub.webhooks.outbox import EVENT_TYPES, SUBSCRIPTION_EVENTS, unknown_event_names

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

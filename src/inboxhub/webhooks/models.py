"""Events, the subscribers that hear about them, and the outbox of deliveries to each subscriber."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base, BigId, utcnow


class Event(Base):
    """Something that happened, recorded in the same transaction as the change that caused it.

    ``id`` is the stable event id receivers use to drop duplicates; ``seq`` orders the stream.
    """

    __tablename__ = "events"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True)
    id: Mapped[str] = mapped_column(String(40), unique=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_pk: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[str | None] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(50), index=True)  # message.received, session.status, …
    chat_id: Mapped[str | None] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class WebhookSubscription(Base):
    """One receiver of webhooks.

    ``organization`` subscriptions are created over the API and carry their own url, secret and
    events. ``session`` (a session's ``webhookUrl``) and ``frappe`` (the global
    ``FRAPPE_WEBHOOK_URL`` for a session with ``sendToFrappe``) read those from the session and the
    settings at send time; their row exists to keep the delivery log and the subscriber's health.
    When one of those is disabled, ``url`` keeps the address that failed: a new address revives it.
    ``amqp`` and ``nats`` are an organization's message broker sinks: ``url`` is the broker's
    (credentials included, never shown), ``destination`` the exchange or subject prefix.
    """

    __tablename__ = "webhook_subscriptions"
    __table_args__ = (UniqueConstraint("kind", "session_pk"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # organization | session | frappe | amqp | nats
    session_pk: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    secret: Mapped[str | None] = mapped_column(String(500))
    events: Mapped[list[Any]] = mapped_column(JSON, default=list)
    destination: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(500))
    disabled_at: Mapped[datetime | None]
    # Start of the current run of failures (cleared by a success): long enough, and it is disabled.
    failing_since: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_failure_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# The queue indexes cover only pending rows, so they stay small however long the log grows.
# The condition is spelled as a literal: SQLite uses a partial index only for a literal match.
_PENDING = text("status = 'pending'")


class WebhookDelivery(Base):
    """One event to one subscriber: the outbox row the worker claims, signs, POSTs and retries.

    ``ordering_key`` (the session and chat) chains a subscriber's deliveries: a delivery waits
    while an earlier one of its chain is pending. ``locked_until``/``lock_token`` are the claim of
    the worker sending it; a worker that dies loses its claims when the lease runs out.
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            sqlite_where=_PENDING,
            postgresql_where=_PENDING,
        ),
        Index(
            "ix_webhook_deliveries_chain",
            "subscription_id",
            "ordering_key",
            "id",
            sqlite_where=_PENDING,
            postgresql_where=_PENDING,
        ),
        Index("ix_webhook_deliveries_subscription_log", "subscription_id", "id"),
        Index("ix_webhook_deliveries_organization_log", "organization_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    event_seq: Mapped[int] = mapped_column(ForeignKey("events.seq", ondelete="CASCADE"), index=True)
    ordering_key: Mapped[str | None] = mapped_column(String(250))
    # pending | succeeded | failed (dead letter) | replayed (a failed one sent again) | cancelled
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
    lock_token: Mapped[str | None] = mapped_column(String(40))
    last_attempt_at: Mapped[datetime | None]
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    replay_of: Mapped[int | None] = mapped_column(BigId)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]


class WebhookAttempt(Base):
    """One HTTP request of a delivery, as the receiver answered it."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    attempt: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime]
    duration_ms: Mapped[int] = mapped_column(Integer)
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000))

"""Handover tables: per-organization CRM settings, per-session bots, conversations and tickets.

Who owns a conversation is not stored: it follows from the chat's open ticket (none -> ``bot``,
``pending`` -> ``pending``, ``active`` -> ``human``). A partial unique index keeps at most one open
ticket per chat, so two concurrent agent requests cannot both open one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
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

OPEN_STATUSES = ("pending", "active")


class HandoverSettings(Base):
    """An organization's CRM connection and handover preferences; unset values fall back to the
    environment (CRM connection: the operator's organization only; timings and texts: everyone)."""

    __tablename__ = "handover_settings"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    crm_base_url: Mapped[str | None] = mapped_column(String(2000))
    crm_agent_notification_url: Mapped[str | None] = mapped_column(String(2000))
    # The CRM's bearer token identifies the organization: only its SHA-256 is kept.
    crm_api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    crm_api_token_hint: Mapped[str | None] = mapped_column(String(8))
    # Sent or used as HMAC keys by the gateway, so kept as given (never returned in full).
    bot_api_token: Mapped[str | None] = mapped_column(String(500))
    bot_signature_secret: Mapped[str | None] = mapped_column(String(500))
    webhook_verify_token: Mapped[str | None] = mapped_column(String(500))
    meta_app_id: Mapped[str | None] = mapped_column(String(100))
    meta_app_secret: Mapped[str | None] = mapped_column(String(500))
    emergency_contact: Mapped[str | None] = mapped_column(String(100))
    assign_timeout_seconds: Mapped[float | None] = mapped_column(Float)
    agent_idle_timeout_seconds: Mapped[float | None] = mapped_column(Float)
    messages: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Bot(Base):
    """A session's menu bot. A session without one (or with it disabled) has no bot."""

    __tablename__ = "handover_bots"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_pk: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), unique=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Conversation(Base):
    """What the bot remembers about a chat between messages."""

    __tablename__ = "handover_conversations"
    __table_args__ = (UniqueConstraint("session_pk", "chat_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_pk: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    menu_shown_at: Mapped[datetime | None]
    last_inbound_at: Mapped[datetime | None]


class TicketCounter(Base):
    """The last ticket number handed out per organization and year (``TK-YYYY-NNNNNN``)."""

    __tablename__ = "handover_ticket_counters"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    __tablename__ = "handover_tickets"
    __table_args__ = (
        UniqueConstraint("organization_id", "ticket_id"),
        Index(
            "uq_handover_tickets_open_chat",
            "session_pk",
            "chat_id",
            unique=True,
            postgresql_where=text("status <> 'closed'"),
            sqlite_where=text("status <> 'closed'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_pk: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    ticket_id: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(100))
    user_phone: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(10), index=True)  # pending | active | closed
    category: Mapped[str] = mapped_column(String(64))
    priority: Mapped[str] = mapped_column(String(10))  # alta | media | baja
    source: Mapped[str] = mapped_column(String(10), default="bot")  # bot | api
    user_context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    service_suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the CRM attached (metadata of a handover, its answer to the agent request).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    agent_id: Mapped[str | None] = mapped_column(String(100))
    agent_name: Mapped[str | None] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    assigned_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    # resolved | unresolved | no_agent | agent_timeout | cancelled
    close_reason: Mapped[str | None] = mapped_column(String(20))
    # Timers: stored so that they survive a restart.
    assign_deadline: Mapped[datetime | None] = mapped_column(index=True)
    idle_deadline: Mapped[datetime | None] = mapped_column(index=True)
    message_count: Mapped[int] = mapped_column(Integer, default=0)


class TicketMessage(Base):
    """The ticket's conversation log: the customer, the agent, the bot and handover steps."""

    __tablename__ = "handover_ticket_messages"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_pk: Mapped[int] = mapped_column(
        ForeignKey("handover_tickets.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(10))  # user | agent | bot | system
    agent_id: Mapped[str | None] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(20), default="text")
    content: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

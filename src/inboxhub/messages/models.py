from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base, BigId, utcnow

# Delivery states of an outgoing message, in the only order they may move.
OUTBOUND_ORDER = ("queued", "pending", "sent", "delivered", "read", "played")
# States of an incoming message.
RECEIVED, READ = "received", "read"


class Message(Base):
    """One WhatsApp message of a session, sent or received.

    ``whatsapp_message_id`` is WhatsApp's id, known once the engine has sent the message.
    ``content`` keeps what is needed to send the message again (a queued message is sent by the
    pacer, maybe after a restart): text, caption, location, vCards, reply and mention targets.
    """

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("session_pk", "whatsapp_message_id", name="uq_messages_session_pk_wamid"),
        # A retried send with the same Idempotency-Key finds its messages (one per recipient).
        UniqueConstraint(
            "session_pk", "idempotency_key", "chat_id", name="uq_messages_idempotency_key"
        ),
        Index("ix_messages_session_pk_chat_id_timestamp", "session_pk", "chat_id", "timestamp"),
        Index("ix_messages_session_pk_timestamp", "session_pk", "timestamp"),
        # Only the rows their queries look for (the pacer's queue, the sends a restart settles,
        # the unread): a sent or delivered row, nearly all of them, is in none of these, and
        # its status changes write no entry into them.
        *(
            Index(name, *columns, postgresql_where=text(where), sqlite_where=text(where))
            for name, columns, where in (
                ("ix_messages_queued", ("session_pk", "scheduled_at"), "status = 'queued'"),
                ("ix_messages_pending", ("session_pk",), "status = 'pending'"),
                ("ix_messages_received", ("organization_id",), "status = 'received'"),
            )
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    session_pk: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(String(100))
    whatsapp_message_id: Mapped[str | None] = mapped_column(String(128))
    from_me: Mapped[bool] = mapped_column(Boolean)
    sender_id: Mapped[str | None] = mapped_column(String(100))
    push_name: Mapped[str | None] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    body: Mapped[str | None] = mapped_column(Text)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    media_id: Mapped[int | None] = mapped_column(ForeignKey("media_files.id", ondelete="SET NULL"))
    # Media metadata, kept even after the file itself is deleted.
    media: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    quoted_message_id: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(50))  # the API's code for a failed send
    source: Mapped[str] = mapped_column(String(20))  # api | phone | inbound
    is_history: Mapped[bool] = mapped_column(Boolean, default=False)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    batch_id: Mapped[str | None] = mapped_column(String(40))
    scheduled_at: Mapped[datetime | None]
    timestamp: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    edited_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# The hot paths (sends, receipts, inbound messages) write through the table, not the ORM: no
# identity map or unit of work for rows they only insert or update.
MESSAGES = cast(Table, Message.__table__)
_new_message = Message.__mapper__.class_manager.new_instance
# Every column, unset: an attribute missing from a row's ``__dict__`` is read through the ORM's
# slow path (which answers None), eight times dearer than a value it holds.
_UNSET = dict.fromkeys(Message.__mapper__.column_attrs.keys())


def written_message(pk: int, values: dict[str, Any]) -> Message:
    """A detached ``Message`` holding the values just written through ``MESSAGES`` under ``pk``.

    Built as the ORM builds loaded rows, from the values at once: the constructor's event for
    every attribute cost more than the insert's share of the row.
    """
    message: Message = _new_message()
    message.__dict__.update(_UNSET)
    message.__dict__.update(values, id=pk)
    return message


class Chat(Base):
    """A conversation of a session: its last message and how many incoming ones are unread."""

    __tablename__ = "chats"
    __table_args__ = (
        UniqueConstraint("session_pk", "chat_id"),
        Index("ix_chats_session_pk_last_message_at", "session_pk", "last_message_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_pk: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(200))
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    unread_count: Mapped[int] = mapped_column(Integer, default=0)
    last_message_pk: Mapped[int | None] = mapped_column(BigId)
    last_message_at: Mapped[datetime | None]
    # When the contact last wrote: the Cloud API takes free-form messages for 24 hours after.
    last_inbound_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EarlyReceipt(Base):
    """A receipt for a message id the gateway does not know yet (the engine can report delivery
    before the send call has returned the id). Applied as soon as the message gets that id."""

    __tablename__ = "early_receipts"
    __table_args__ = (
        Index("ix_early_receipts_session_pk_wamid", "session_pk", "whatsapp_message_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    session_pk: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    whatsapp_message_id: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(50))
    error_details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    timestamp: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

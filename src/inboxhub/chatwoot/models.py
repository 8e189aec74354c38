"""A session's bridge to a Chatwoot inbox, and what ties its chats and messages to Chatwoot's."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base, BigId, utcnow


class ChatwootBridge(Base):
    """One session's Chatwoot inbox.

    ``public_id`` is the unguessable part of the webhook URL Chatwoot posts to; the access token
    is kept to call Chatwoot's API and never shown again. ``subscription_id`` is the outbox
    subscriber (kind ``chatwoot``) whose deliveries are the posts to Chatwoot.
    """

    __tablename__ = "chatwoot_bridges"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(64), unique=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_pk: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), unique=True
    )
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="SET NULL")
    )
    base_url: Mapped[str] = mapped_column(String(2000))
    account_id: Mapped[int] = mapped_column(BigInteger)
    inbox_id: Mapped[int] = mapped_column(BigInteger)
    inbox_name: Mapped[str | None] = mapped_column(String(200))
    api_access_token: Mapped[str] = mapped_column(String(500))
    # The Chatwoot user the token belongs to: what the bridge posts is sent as that user.
    token_user_id: Mapped[int | None] = mapped_column(BigInteger)
    # Chatwoot's signing secret of the inbox's webhook, when its version has one.
    webhook_secret: Mapped[str | None] = mapped_column(String(500))
    sign_messages: Mapped[bool] = mapped_column(Boolean, default=False)
    reopen_resolved: Mapped[bool] = mapped_column(Boolean, default=True)
    import_history_days: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ChatwootConversation(Base):
    """A WhatsApp chat's Chatwoot contact and its current conversation."""

    __tablename__ = "chatwoot_conversations"
    __table_args__ = (
        UniqueConstraint("bridge_id", "chat_id"),
        Index(
            "ix_chatwoot_conversations_bridge_id_conversation_id", "bridge_id", "conversation_id"
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    bridge_id: Mapped[int] = mapped_column(ForeignKey("chatwoot_bridges.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(String(100))
    contact_id: Mapped[int] = mapped_column(BigInteger)
    conversation_id: Mapped[int | None] = mapped_column(BigInteger)
    # open | pending | resolved | snoozed, as Chatwoot last reported it
    status: Mapped[str] = mapped_column(String(20), default="open")
    assignee_id: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ChatwootMessage(Base):
    """A WhatsApp message and the Chatwoot message that shows it (either way), for replies,
    statuses, deletions, and to never bridge a message twice."""

    __tablename__ = "chatwoot_messages"
    __table_args__ = (
        UniqueConstraint("bridge_id", "message_pk"),
        Index("ix_chatwoot_messages_bridge_id_chatwoot_id", "bridge_id", "chatwoot_message_id"),
        Index("ix_chatwoot_messages_bridge_id_wamid", "bridge_id", "whatsapp_message_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    bridge_id: Mapped[int] = mapped_column(ForeignKey("chatwoot_bridges.id", ondelete="CASCADE"))
    message_pk: Mapped[int | None] = mapped_column(BigInteger)
    whatsapp_message_id: Mapped[str | None] = mapped_column(String(128))
    chatwoot_message_id: Mapped[int] = mapped_column(BigInteger)
    conversation_id: Mapped[int] = mapped_column(BigInteger)
    # to_chatwoot (WhatsApp's, posted by the bridge) | from_chatwoot (an agent's, sent by it)
    direction: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

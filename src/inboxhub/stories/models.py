from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base, BigId, utcnow


class Status(Base):
    """A status (story) a session posted or received from a contact; it lives 24 hours."""

    __tablename__ = "statuses"
    __table_args__ = (UniqueConstraint("session_id", "whatsapp_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    whatsapp_id: Mapped[str] = mapped_column(String(100))
    from_me: Mapped[bool] = mapped_column(Boolean, default=False)
    sender_jid: Mapped[str] = mapped_column(String(100))
    sender_phone: Mapped[str | None] = mapped_column(String(32))
    sender_name: Mapped[str | None] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))  # text | image | video
    text: Mapped[str | None] = mapped_column(Text)
    caption: Mapped[str | None] = mapped_column(Text)
    background_color: Mapped[str | None] = mapped_column(String(9))
    font: Mapped[int | None] = mapped_column(Integer)
    media_mimetype: Mapped[str | None] = mapped_column(String(100))
    media_size: Mapped[int | None] = mapped_column(Integer)
    # Relative to the media directory; the bytes of a status are kept while it may be shown.
    media_path: Mapped[str | None] = mapped_column(String(500))
    media_url: Mapped[str | None] = mapped_column(String(2000))
    posted_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    # This session's own view of someone else's status.
    viewed_at: Mapped[datetime | None]
    my_reaction: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StatusView(Base):
    """Someone who saw one of the session's own statuses, and how they reacted."""

    __tablename__ = "status_views"
    __table_args__ = (UniqueConstraint("status_id", "viewer_jid"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    status_id: Mapped[int] = mapped_column(
        ForeignKey("statuses.id", ondelete="CASCADE"), index=True
    )
    viewer_jid: Mapped[str] = mapped_column(String(100))
    viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    reaction: Mapped[str | None] = mapped_column(String(20))
    reacted_at: Mapped[datetime | None]

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base, BigId, utcnow


class Group(Base):
    """What a session last knew of a WhatsApp group: served when the session is offline, and
    kept current by the session's own changes and by ``GroupChanged`` events."""

    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("session_id", "jid"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    jid: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    owner_jid: Mapped[str | None] = mapped_column(String(100))
    created_on_whatsapp_at: Mapped[datetime | None]
    announce: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # [{"jid": ..., "isAdmin": bool, "isSuperAdmin": bool}] in joining order.
    participants: Mapped[list[Any]] = mapped_column(JSON, default=list)
    invite_code: Mapped[str | None] = mapped_column(String(100))
    # False once the session left or was removed: kept for history, hidden from listings.
    is_member: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base, BigId, utcnow


class Contact(Base):
    """Someone a session knows, learned from the engine and from every message.

    WhatsApp may show a person by phone JID or by a hidden ``@lid``; both map to this one row.
    ``name``/``tags``/``notes``/``assigned_to_user_id`` are the CRM's fields, kept by the gateway.
    """

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("session_id", "jid"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    jid: Mapped[str] = mapped_column(String(100))
    lid: Mapped[str | None] = mapped_column(String(100), index=True)
    phone_number: Mapped[str | None] = mapped_column(String(32), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    push_name: Mapped[str | None] = mapped_column(String(200))
    verified_name: Mapped[str | None] = mapped_column(String(200))
    about: Mapped[str | None] = mapped_column(Text)
    picture_url: Mapped[str | None] = mapped_column(String(2000))
    is_business: Mapped[bool] = mapped_column(Boolean, default=False)
    business_profile: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    is_wa_contact: Mapped[bool] = mapped_column(Boolean, default=True)
    in_address_book: Mapped[bool] = mapped_column(Boolean, default=False)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    assigned_to_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    last_seen_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

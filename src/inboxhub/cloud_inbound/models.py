"""What the Cloud API webhook receiver keeps: Meta's raw notifications and the keys already seen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base, BigId, utcnow


class CloudWebhookPayload(Base):
    """One signed POST from Meta, stored as received before it is answered.

    The body is kept byte for byte (its signature can be checked again) so an event the gateway
    could not parse, or a field it does not handle yet, can be replayed later.
    """

    __tablename__ = "cloud_webhook_payloads"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    phone_number_ids: Mapped[str | None] = mapped_column(String(500))
    fields: Mapped[str | None] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    new_events: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    processed_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(500))


class CloudWebhookKey(Base):
    """A message (``m:<wamid>``) or status (``s:<wamid>:<status>``) already recorded for a session."""

    __tablename__ = "cloud_webhook_keys"

    session_pk: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

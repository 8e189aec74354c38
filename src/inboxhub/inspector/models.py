"""An organization's capture URL and what was delivered to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base, BigId, utcnow


class WebhookInspector(Base):
    """One per organization. The token is the capture URL's last part: whoever knows it can
    deliver there (as any webhook receiver's address), but reading takes the API key."""

    __tablename__ = "webhook_inspectors"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), unique=True
    )
    token: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookCapture(Base):
    """One request the capture URL received, as it arrived, and whose secret signed it."""

    __tablename__ = "webhook_captures"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    inspector_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_inspectors.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    body: Mapped[str] = mapped_column(Text, default="")
    body_bytes: Mapped[int] = mapped_column(Integer, default=0)
    event_type: Mapped[str | None] = mapped_column(String(100))
    event_id: Mapped[str | None] = mapped_column(String(100))
    session_id: Mapped[str | None] = mapped_column(String(100))
    # valid | invalid | unsigned | no_secret | unknown_subscriber
    signature: Mapped[str] = mapped_column(String(30))
    subscription_id: Mapped[int | None] = mapped_column(BigId)
    subscriber: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

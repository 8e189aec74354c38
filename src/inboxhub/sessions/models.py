from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base, BigId, utcnow


class WhatsAppSession(Base):
    """A WhatsApp number linked (or being linked) to the gateway."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    engine: Mapped[str] = mapped_column(String(20), default="sandbox")
    engine_options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Last state the engine reported; the live state comes from the session pool.
    status: Mapped[str] = mapped_column(String(20), default="disconnected", index=True)
    expected_phone_number: Mapped[str | None] = mapped_column(String(32))
    phone_number: Mapped[str | None] = mapped_column(String(32), index=True)
    push_name: Mapped[str | None] = mapped_column(String(200))
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # True while the user wants the session running: it is restarted with the gateway.
    auto_connect: Mapped[bool] = mapped_column(Boolean, default=True)
    last_disconnect_reason: Mapped[str | None] = mapped_column(String(200))
    last_activity: Mapped[datetime | None]
    connected_at: Mapped[datetime | None]

    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    webhook_secret: Mapped[str | None] = mapped_column(String(500))
    webhook_events: Mapped[list[Any]] = mapped_column(JSON, default=list)
    send_to_frappe: Mapped[bool] = mapped_column(Boolean, default=False)
    from_frappe: Mapped[bool] = mapped_column(Boolean, default=False)
    # Incoming calls are declined at once, and the caller gets this message (when set).
    reject_calls: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reject_call_message: Mapped[str | None] = mapped_column(Text)

    # Cluster mode: the node that drives the session, the fencing token of that ownership
    # (raised at every change of owner) and, during a graceful move, the node it goes to.
    owner_node: Mapped[str | None] = mapped_column(String(200), index=True)
    owner_token: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    target_node: Mapped[str | None] = mapped_column(String(200))

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

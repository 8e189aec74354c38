from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base, BigId, utcnow


class CloudTemplate(Base):
    """A template of the business account as Meta last described it (one per language).

    ``components`` is Meta's definition (``HEADER``/``BODY``/``FOOTER``/``BUTTONS`` with their
    ``{{1}}`` or ``{{name}}`` placeholders): what a send's parameters are checked against.
    """

    __tablename__ = "cloud_templates"
    __table_args__ = (UniqueConstraint("session_pk", "name", "language"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_pk: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    waba_id: Mapped[str] = mapped_column(String(32))
    meta_id: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(512))
    language: Mapped[str] = mapped_column(String(20))
    # APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL, ARCHIVED…
    status: Mapped[str] = mapped_column(String(30))
    category: Mapped[str | None] = mapped_column(String(30))  # MARKETING, UTILITY, AUTHENTICATION
    parameter_format: Mapped[str | None] = mapped_column(String(20))  # POSITIONAL or NAMED
    components: Mapped[list[Any]] = mapped_column(default=list)
    rejected_reason: Mapped[str | None] = mapped_column(String(200))
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)

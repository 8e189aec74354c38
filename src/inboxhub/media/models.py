from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base, BigId, utcnow


class MediaFile(Base):
    """A file the gateway keeps: uploaded by a client, sent in a message, or received in one.

    ``storage_key`` is a path under the media directory that the gateway chose itself; it is empty
    while an inbound file is known only by the engine's reference (``engine_ref``) and fetched on
    first use.
    """

    __tablename__ = "media_files"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    session_pk: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # image | video | audio | document | sticker
    source: Mapped[str] = mapped_column(String(20))  # upload | outbound | inbound
    filename: Mapped[str] = mapped_column(String(255))
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    storage_key: Mapped[str | None] = mapped_column(String(200))
    engine_ref: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

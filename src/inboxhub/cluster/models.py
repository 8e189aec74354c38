from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, false
from sqlalchemy.orm import Mapped, mapped_column

from inboxhub.db import Base


class ClusterNode(Base):
    """A gateway process sharing the database. It is alive while ``heartbeat_at`` (the
    database's clock, never the node's) is younger than the lease."""

    __tablename__ = "cluster_nodes"

    node_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    # How the other nodes reach this one (forwarded requests).
    url: Mapped[str] = mapped_column(String(500))
    version: Mapped[str] = mapped_column(String(50))
    schema_revision: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
    # A draining node hands its sessions to the others and takes no new ones.
    draining: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

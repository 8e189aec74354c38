"""messages: the status indexes hold only the rows their queries look for

Revision ID: 0016_waiting_message_indexes
Revises: 0015_calls

A message's status changes two or three times (pending, sent, delivered, read), and each change
wrote an entry into both indexes on ``status`` (on PostgreSQL a new entry into every index of
the table, as the update is not a heap-only one). Their queries only ever look for queued,
pending or unread incoming rows: partial indexes on those statuses hold a row only while it is
one, and the sent and delivered rows, nearly all of the table, are in neither.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_waiting_message_indexes"
down_revision = "0015_calls"
branch_labels = None
depends_on = None

QUEUED = sa.text("status = 'queued'")
PENDING = sa.text("status = 'pending'")
RECEIVED = sa.text("status = 'received'")


def upgrade() -> None:
    op.drop_index("ix_messages_status_scheduled_at", table_name="messages")
    op.drop_index("ix_messages_organization_id_status", table_name="messages")
    for name, columns, where in (
        ("ix_messages_queued", ["session_pk", "scheduled_at"], QUEUED),
        ("ix_messages_pending", ["session_pk"], PENDING),
        ("ix_messages_received", ["organization_id"], RECEIVED),
    ):
        op.create_index(name, "messages", columns, sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name in ("ix_messages_received", "ix_messages_pending", "ix_messages_queued"):
        op.drop_index(name, table_name="messages")
    op.create_index("ix_messages_organization_id_status", "messages", ["organization_id", "status"])
    op.create_index("ix_messages_status_scheduled_at", "messages", ["status", "scheduled_at"])

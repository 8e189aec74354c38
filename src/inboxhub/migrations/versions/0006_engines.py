"""web and cloud engine state

Revision ID: 0006_engines
Revises: 0005_handover
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_engines"
down_revision = "0005_handover"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # ---- cloud engine: Meta's webhook notifications and the dedupe keys ----
    op.create_table(
        "cloud_webhook_payloads",
        sa.Column("id", BigId, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("phone_number_ids", sa.String(500), nullable=True),
        sa.Column("fields", sa.String(500), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("new_events", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cloud_webhook_payloads")),
    )
    op.create_index(
        op.f("ix_cloud_webhook_payloads_received_at"), "cloud_webhook_payloads", ["received_at"]
    )
    op.create_table(
        "cloud_webhook_keys",
        sa.Column("session_pk", BigId, nullable=False),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_pk"],
            ["sessions.id"],
            name=op.f("fk_cloud_webhook_keys_session_pk_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_pk", "key", name=op.f("pk_cloud_webhook_keys")),
    )
    op.create_index(op.f("ix_cloud_webhook_keys_created_at"), "cloud_webhook_keys", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_cloud_webhook_keys_created_at"), table_name="cloud_webhook_keys")
    op.drop_table("cloud_webhook_keys")
    op.drop_index(
        op.f("ix_cloud_webhook_payloads_received_at"), table_name="cloud_webhook_payloads"
    )
    op.drop_table("cloud_webhook_payloads")

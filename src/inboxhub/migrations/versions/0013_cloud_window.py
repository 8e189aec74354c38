"""Cloud API: the customer service window per chat, failure codes of early receipts, and the
templates Meta approved for a session's business account

Revision ID: 0013_cloud_window
Revises: 0007_cluster
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_cloud_window"
down_revision = "0012_chatwoot"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("chats") as batch:
        batch.add_column(sa.Column("last_inbound_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("early_receipts") as batch:
        batch.add_column(sa.Column("error_code", sa.String(50), nullable=True))
        batch.add_column(sa.Column("error_details", sa.JSON(), nullable=True))
    op.create_table(
        "cloud_templates",
        sa.Column("id", ID, nullable=False),
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("session_pk", ID, nullable=False),
        sa.Column("waba_id", sa.String(32), nullable=False),
        sa.Column("meta_id", sa.String(64), nullable=True),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("language", sa.String(20), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("category", sa.String(30), nullable=True),
        sa.Column("parameter_format", sa.String(20), nullable=True),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.Column("rejected_reason", sa.String(200), nullable=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_cloud_templates_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_pk"],
            ["sessions.id"],
            name=op.f("fk_cloud_templates_session_pk_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cloud_templates")),
        sa.UniqueConstraint(
            "session_pk", "name", "language", name=op.f("uq_cloud_templates_session_pk")
        ),
    )
    op.create_index(
        op.f("ix_cloud_templates_organization_id"), "cloud_templates", ["organization_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_cloud_templates_organization_id"), table_name="cloud_templates")
    op.drop_table("cloud_templates")
    with op.batch_alter_table("early_receipts") as batch:
        batch.drop_column("error_details")
        batch.drop_column("error_code")
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("last_inbound_at")

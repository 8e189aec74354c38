"""webhook inspector: capture URLs and what they received

Revision ID: 0009_inspector
Revises: 0007_cluster
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_inspector"
down_revision = "0007_cluster"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "webhook_inspectors",
        sa.Column("id", ID, nullable=False),
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("token", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_webhook_inspectors_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_inspectors")),
        sa.UniqueConstraint("organization_id", name=op.f("uq_webhook_inspectors_organization_id")),
        sa.UniqueConstraint("token", name=op.f("uq_webhook_inspectors_token")),
    )
    op.create_table(
        "webhook_captures",
        sa.Column("id", ID, nullable=False),
        sa.Column("inspector_id", ID, nullable=False),
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_bytes", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=100), nullable=True),
        sa.Column("event_id", sa.String(length=100), nullable=True),
        sa.Column("session_id", sa.String(length=100), nullable=True),
        sa.Column("signature", sa.String(length=30), nullable=False),
        sa.Column("subscription_id", ID, nullable=True),
        sa.Column("subscriber", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspector_id"],
            ["webhook_inspectors.id"],
            name=op.f("fk_webhook_captures_inspector_id_webhook_inspectors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_webhook_captures_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_captures")),
    )
    op.create_index(op.f("ix_webhook_captures_inspector_id"), "webhook_captures", ["inspector_id"])
    op.create_index(
        op.f("ix_webhook_captures_organization_id"), "webhook_captures", ["organization_id"]
    )


def downgrade() -> None:
    op.drop_table("webhook_captures")
    op.drop_table("webhook_inspectors")

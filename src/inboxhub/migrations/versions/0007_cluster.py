"""cluster nodes and session ownership

Revision ID: 0007_cluster
Revises: 0006_engines
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_cluster"
down_revision = "0006_engines"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cluster_nodes",
        sa.Column("node_id", sa.String(200), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("schema_revision", sa.String(100), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("draining", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_cluster_nodes")),
    )
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("owner_node", sa.String(200), nullable=True))
        batch.add_column(
            sa.Column("owner_token", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("target_node", sa.String(200), nullable=True))
        batch.create_index(batch.f("ix_sessions_owner_node"), ["owner_node"])


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index(batch.f("ix_sessions_owner_node"))
        batch.drop_column("target_node")
        batch.drop_column("owner_token")
        batch.drop_column("owner_node")
    op.drop_table("cluster_nodes")

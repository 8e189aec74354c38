"""message broker sinks: the exchange or subject prefix of a subscription

Revision ID: 0011_sinks
Revises: 0007_cluster
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_sinks"
down_revision = "0009_inspector"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_subscriptions") as batch:
        batch.add_column(sa.Column("destination", sa.String(255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("webhook_subscriptions") as batch:
        batch.drop_column("destination")

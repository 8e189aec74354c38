"""incoming calls: a session may reject them, with a message

Revision ID: 0015_calls
Revises: 0014_security
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_calls"
down_revision = "0014_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(
            sa.Column("reject_calls", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("reject_call_message", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("reject_call_message")
        batch.drop_column("reject_calls")

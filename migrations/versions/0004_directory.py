"""groups,statuses,templates,contact fields

Revision ID: 0004_directory
Revises: 0003_webhooks
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004_directory"
down_revision = "0003_webhooks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""webhook subscriptions and deliveries

Revision ID: 0003_webhooks
Revises: 0002_messaging
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003_webhooks"
down_revision = "0002_messaging"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""bot,tickets

Revision ID: 0005_handover
Revises: 0004_directory
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0005_handover"
down_revision = "0004_directory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

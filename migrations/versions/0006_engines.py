"""web and cloud engine state

Revision ID: 0006_engines
Revises: 0005_handover
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0006_engines"
down_revision = "0005_handover"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

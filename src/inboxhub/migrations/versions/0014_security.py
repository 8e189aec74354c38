"""operator organization flag, key expiry and scope, member invitations

Revision ID: 0014_security
Revises: 0007_cluster
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_security"
down_revision = "0013_cloud_window"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(
            sa.Column("is_operator", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Until now the operator's organization was the first one: keep it so on upgrade.
    op.execute(
        "UPDATE organizations SET is_operator = true WHERE id = (SELECT min(id) FROM organizations)"
    )
    # A key shorter than its 12-character prefix was listed in full: it is revoked, and its
    # prefix forgotten (a configured INBOXHUB_API_KEY must now have 32 characters or more).
    op.execute(
        "UPDATE api_keys SET prefix = '', revoked_at = CURRENT_TIMESTAMP WHERE length(prefix) < 12"
    )
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("role", sa.String(20), nullable=True))
    op.create_table(
        "invitations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column(
            "invited_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_invitations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_user_id"],
            ["users.id"],
            name=op.f("fk_invitations_invited_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    with op.batch_alter_table("invitations") as batch:
        batch.create_index(batch.f("ix_invitations_organization_id"), ["organization_id"])
        batch.create_index(batch.f("ix_invitations_email"), ["email"])


def downgrade() -> None:
    with op.batch_alter_table("invitations") as batch:
        batch.drop_index(batch.f("ix_invitations_email"))
        batch.drop_index(batch.f("ix_invitations_organization_id"))
    op.drop_table("invitations")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("role")
        batch.drop_column("expires_at")
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("is_operator")

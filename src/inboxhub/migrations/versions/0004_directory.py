"""groups,statuses,templates,contact fields

Revision ID: 0004_directory
Revises: 0003_webhooks
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_directory"
down_revision = "0003_webhooks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "message_templates",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("variables", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("usage_count", sa.Integer(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_message_templates_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_templates")),
        sa.UniqueConstraint(
            "organization_id", "name", name=op.f("uq_message_templates_organization_id")
        ),
    )
    with op.batch_alter_table("message_templates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_message_templates_category"), ["category"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_message_templates_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "groups",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("jid", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner_jid", sa.String(length=100), nullable=True),
        sa.Column("created_on_whatsapp_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("announce", sa.Boolean(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("invite_code", sa.String(length=100), nullable=True),
        sa.Column("is_member", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_groups_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_groups_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groups")),
        sa.UniqueConstraint("session_id", "jid", name=op.f("uq_groups_session_id")),
    )
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_groups_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_groups_session_id"), ["session_id"], unique=False)

    op.create_table(
        "statuses",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("whatsapp_id", sa.String(length=100), nullable=False),
        sa.Column("from_me", sa.Boolean(), nullable=False),
        sa.Column("sender_jid", sa.String(length=100), nullable=False),
        sa.Column("sender_phone", sa.String(length=32), nullable=True),
        sa.Column("sender_name", sa.String(length=200), nullable=True),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("background_color", sa.String(length=9), nullable=True),
        sa.Column("font", sa.Integer(), nullable=True),
        sa.Column("media_mimetype", sa.String(length=100), nullable=True),
        sa.Column("media_size", sa.Integer(), nullable=True),
        sa.Column("media_path", sa.String(length=500), nullable=True),
        sa.Column("media_url", sa.String(length=2000), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("my_reaction", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_statuses_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_statuses_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statuses")),
        sa.UniqueConstraint("session_id", "whatsapp_id", name=op.f("uq_statuses_session_id")),
    )
    with op.batch_alter_table("statuses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statuses_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_statuses_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_statuses_session_id"), ["session_id"], unique=False)

    op.create_table(
        "status_views",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "status_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("viewer_jid", sa.String(length=100), nullable=False),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reaction", sa.String(length=20), nullable=True),
        sa.Column("reacted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["status_id"],
            ["statuses.id"],
            name=op.f("fk_status_views_status_id_statuses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_views")),
        sa.UniqueConstraint("status_id", "viewer_jid", name=op.f("uq_status_views_status_id")),
    )
    with op.batch_alter_table("status_views", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_views_status_id"), ["status_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("status_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_views_status_id"))

    op.drop_table("status_views")
    with op.batch_alter_table("statuses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statuses_session_id"))
        batch_op.drop_index(batch_op.f("ix_statuses_organization_id"))
        batch_op.drop_index(batch_op.f("ix_statuses_expires_at"))

    op.drop_table("statuses")
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_groups_session_id"))
        batch_op.drop_index(batch_op.f("ix_groups_organization_id"))

    op.drop_table("groups")
    with op.batch_alter_table("message_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_templates_organization_id"))
        batch_op.drop_index(batch_op.f("ix_message_templates_category"))

    op.drop_table("message_templates")

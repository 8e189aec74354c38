"""chatwoot bridges, their conversations and messages

Revision ID: 0012_chatwoot
Revises: 0007_cluster
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_chatwoot"
down_revision = "0011_sinks"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "chatwoot_bridges",
        sa.Column("id", ID, nullable=False),
        sa.Column("public_id", sa.String(64), nullable=False),
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("session_pk", ID, nullable=False),
        sa.Column("subscription_id", ID, nullable=True),
        sa.Column("base_url", sa.String(2000), nullable=False),
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("inbox_id", sa.BigInteger(), nullable=False),
        sa.Column("inbox_name", sa.String(200), nullable=True),
        sa.Column("api_access_token", sa.String(500), nullable=False),
        sa.Column("token_user_id", sa.BigInteger(), nullable=True),
        sa.Column("webhook_secret", sa.String(500), nullable=True),
        sa.Column("sign_messages", sa.Boolean(), nullable=False),
        sa.Column("reopen_resolved", sa.Boolean(), nullable=False),
        sa.Column("import_history_days", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_chatwoot_bridges_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_pk"],
            ["sessions.id"],
            name=op.f("fk_chatwoot_bridges_session_pk_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["webhook_subscriptions.id"],
            name=op.f("fk_chatwoot_bridges_subscription_id_webhook_subscriptions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chatwoot_bridges")),
        sa.UniqueConstraint("public_id", name=op.f("uq_chatwoot_bridges_public_id")),
        sa.UniqueConstraint("session_pk", name=op.f("uq_chatwoot_bridges_session_pk")),
    )
    op.create_index(
        op.f("ix_chatwoot_bridges_organization_id"), "chatwoot_bridges", ["organization_id"]
    )
    op.create_table(
        "chatwoot_conversations",
        sa.Column("id", ID, nullable=False),
        sa.Column("bridge_id", ID, nullable=False),
        sa.Column("chat_id", sa.String(100), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("assignee_id", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["bridge_id"],
            ["chatwoot_bridges.id"],
            name=op.f("fk_chatwoot_conversations_bridge_id_chatwoot_bridges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chatwoot_conversations")),
        sa.UniqueConstraint(
            "bridge_id", "chat_id", name=op.f("uq_chatwoot_conversations_bridge_id")
        ),
    )
    op.create_index(
        "ix_chatwoot_conversations_bridge_id_conversation_id",
        "chatwoot_conversations",
        ["bridge_id", "conversation_id"],
    )
    op.create_table(
        "chatwoot_messages",
        sa.Column("id", ID, nullable=False),
        sa.Column("bridge_id", ID, nullable=False),
        sa.Column("message_pk", sa.BigInteger(), nullable=True),
        sa.Column("whatsapp_message_id", sa.String(128), nullable=True),
        sa.Column("chatwoot_message_id", sa.BigInteger(), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=False),
        sa.Column("direction", sa.String(20), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["bridge_id"],
            ["chatwoot_bridges.id"],
            name=op.f("fk_chatwoot_messages_bridge_id_chatwoot_bridges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chatwoot_messages")),
        sa.UniqueConstraint("bridge_id", "message_pk", name=op.f("uq_chatwoot_messages_bridge_id")),
    )
    op.create_index(
        "ix_chatwoot_messages_bridge_id_chatwoot_id",
        "chatwoot_messages",
        ["bridge_id", "chatwoot_message_id"],
    )
    op.create_index(
        "ix_chatwoot_messages_bridge_id_wamid",
        "chatwoot_messages",
        ["bridge_id", "whatsapp_message_id"],
    )


def downgrade() -> None:
    op.drop_table("chatwoot_messages")
    op.drop_table("chatwoot_conversations")
    op.drop_index(op.f("ix_chatwoot_bridges_organization_id"), table_name="chatwoot_bridges")
    op.drop_table("chatwoot_bridges")

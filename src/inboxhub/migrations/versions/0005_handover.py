"""bot,tickets: handover settings, session bots, conversations, tickets and their log

Revision ID: 0005_handover
Revises: 0004_directory
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_handover"
down_revision = "0004_directory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handover_settings",
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("crm_base_url", sa.String(length=2000), nullable=True),
        sa.Column("crm_agent_notification_url", sa.String(length=2000), nullable=True),
        sa.Column("crm_api_token_hash", sa.String(length=64), nullable=True),
        sa.Column("crm_api_token_hint", sa.String(length=8), nullable=True),
        sa.Column("bot_api_token", sa.String(length=500), nullable=True),
        sa.Column("bot_signature_secret", sa.String(length=500), nullable=True),
        sa.Column("webhook_verify_token", sa.String(length=500), nullable=True),
        sa.Column("meta_app_id", sa.String(length=100), nullable=True),
        sa.Column("meta_app_secret", sa.String(length=500), nullable=True),
        sa.Column("emergency_contact", sa.String(length=100), nullable=True),
        sa.Column("assign_timeout_seconds", sa.Float(), nullable=True),
        sa.Column("agent_idle_timeout_seconds", sa.Float(), nullable=True),
        sa.Column("messages", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_handover_settings_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_handover_settings")),
        sa.UniqueConstraint(
            "crm_api_token_hash", name=op.f("uq_handover_settings_crm_api_token_hash")
        ),
    )
    op.create_table(
        "handover_ticket_counters",
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_handover_ticket_counters_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "year", name=op.f("pk_handover_ticket_counters")
        ),
    )
    op.create_table(
        "handover_bots",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "session_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_handover_bots_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_pk"],
            ["sessions.id"],
            name=op.f("fk_handover_bots_session_pk_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_bots")),
        sa.UniqueConstraint("session_pk", name=op.f("uq_handover_bots_session_pk")),
    )
    with op.batch_alter_table("handover_bots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handover_bots_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "handover_conversations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "session_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("menu_shown_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_inbound_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_handover_conversations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_pk"],
            ["sessions.id"],
            name=op.f("fk_handover_conversations_session_pk_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_conversations")),
        sa.UniqueConstraint(
            "session_pk", "chat_id", name=op.f("uq_handover_conversations_session_pk")
        ),
    )
    with op.batch_alter_table("handover_conversations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handover_conversations_organization_id"),
            ["organization_id"],
            unique=False,
        )

    op.create_table(
        "handover_tickets",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "session_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("ticket_id", sa.String(length=32), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("user_phone", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("user_context", sa.JSON(), nullable=False),
        sa.Column("service_suspended", sa.Boolean(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("agent_id", sa.String(length=100), nullable=True),
        sa.Column("agent_name", sa.String(length=200), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_reason", sa.String(length=20), nullable=True),
        sa.Column("assign_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("idle_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_handover_tickets_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_pk"],
            ["sessions.id"],
            name=op.f("fk_handover_tickets_session_pk_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_tickets")),
        sa.UniqueConstraint(
            "organization_id", "ticket_id", name=op.f("uq_handover_tickets_organization_id")
        ),
    )
    with op.batch_alter_table("handover_tickets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handover_tickets_assign_deadline"), ["assign_deadline"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handover_tickets_idle_deadline"), ["idle_deadline"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handover_tickets_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handover_tickets_requested_at"), ["requested_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handover_tickets_session_pk"), ["session_pk"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_handover_tickets_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_handover_tickets_open_chat",
            ["session_pk", "chat_id"],
            unique=True,
            postgresql_where=sa.text("status <> 'closed'"),
            sqlite_where=sa.text("status <> 'closed'"),
        )

    op.create_table(
        "handover_ticket_messages",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "ticket_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("author", sa.String(length=10), nullable=False),
        sa.Column("agent_id", sa.String(length=100), nullable=True),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_pk"],
            ["handover_tickets.id"],
            name=op.f("fk_handover_ticket_messages_ticket_pk_handover_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_ticket_messages")),
    )
    with op.batch_alter_table("handover_ticket_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handover_ticket_messages_ticket_pk"), ["ticket_pk"], unique=False
        )


def downgrade() -> None:
    for table in (
        "handover_ticket_messages",
        "handover_tickets",
        "handover_conversations",
        "handover_bots",
        "handover_ticket_counters",
        "handover_settings",
    ):
        op.drop_table(table)

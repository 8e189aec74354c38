"""SQLite: every stored time in one format

Revision ID: 0017_sqlite_times
Revises: 0016_waiting_message_indexes

SQLite stores a time as text, and compares and sorts it as text. SQLAlchemy writes
``2026-12-01 12:01:00.000000``; the statements the write queue runs through the driver wrote
``2026-12-01 12:01:00+00:00`` (the driver's own format: no microseconds when there are none,
and the zone), which sorts before the same second written by SQLAlchemy, so a message sent on a
whole second (WhatsApp's times are whole seconds) was left out of a listing from that second.
Times in the driver's format are rewritten in SQLAlchemy's; PostgreSQL stores times as times.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_sqlite_times"
down_revision = "0016_waiting_message_indexes"
branch_labels = None
depends_on = None

# Two forms, as Python's ``isoformat(" ")`` writes a UTC time: with microseconds or without.
_DRIVERS = "'____-__-__ __:__:__+00:00', '____-__-__ __:__:__.______+00:00'"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    tables = [
        row[0]
        for row in bind.execute(
            sa.text(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            )
        )
    ]
    for table in tables:
        columns = [
            row[1]
            for row in bind.execute(sa.text(f'PRAGMA table_info("{table}")'))
            if str(row[2]).upper() == "DATETIME"
        ]
        for name in columns:
            column = f'"{name}"'
            matches = " OR ".join(f"{column} LIKE {form}" for form in _DRIVERS.split(", "))
            bind.execute(
                sa.text(
                    f'UPDATE "{table}" SET {column} = substr({column}, 1, 19) || CASE '
                    f"WHEN length({column}) = 25 THEN '.000000' ELSE substr({column}, 20, 7) END "
                    f"WHERE {matches}"
                )
            )


def downgrade() -> None:
    pass  # the format SQLAlchemy writes is read as well by the previous version

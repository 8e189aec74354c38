"""An upgrade carries what an earlier version stored into the form this one reads and compares."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inboxhub.migrate import upgrade

UPDATED = "2026-12-01 12:00:00.123456+00:00"


def test_sqlite_times_in_the_drivers_format_are_rewritten_in_sqlalchemys(tmp_path: Path) -> None:
    """Earlier versions wrote some times as ``2026-12-01 12:01:00+00:00``, which SQLite sorts
    before ``2026-12-01 12:01:00.000000``, the same second as SQLAlchemy writes it."""
    path = tmp_path / "old.db"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url, "0016_waiting_message_indexes")
    stored = [
        ("2026-12-01 12:01:00+00:00", "2026-12-01 12:01:00.000000"),
        ("2026-12-01 12:01:00.083542+00:00", "2026-12-01 12:01:00.083542"),
        ("2026-12-01 12:01:00.500000", "2026-12-01 12:01:00.500000"),
        (None, None),
    ]
    with sqlite3.connect(path) as db:
        for n, (written, _) in enumerate(stored):
            db.execute(
                "INSERT INTO chats (organization_id, session_pk, chat_id, is_group, unread_count,"
                " last_message_at, last_inbound_at, created_at, updated_at)"
                " VALUES (1, 1, ?, 0, 0, ?, ?, ?, ?)",
                (f"{n}@s.whatsapp.net", written, written, "2026-12-01 12:00:00+00:00", UPDATED),
            )
    upgrade(url)
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT last_message_at, last_inbound_at, created_at, updated_at FROM chats ORDER BY id"
        ).fetchall()
    created, updated = "2026-12-01 12:00:00.000000", "2026-12-01 12:00:00.123456"
    assert rows == [(now, now, created, updated) for _, now in stored]

"""An upgrade carries what an earlier version stored into the form this one reads and compares."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite import DATETIME

from inboxhub.db import UtcDateTime
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


def test_sqlite_times_are_written_in_the_one_format_the_upgrade_rewrites_to() -> None:
    """The gateway formats SQLite's times itself (``UtcDateTime``): as SQLAlchemy's SQLite type
    does, in UTC, so that rows written before and after compare as text."""
    dialect = sqlite.dialect()
    written = UtcDateTime().dialect_impl(dialect).bind_processor(dialect)
    sqlalchemys = DATETIME().bind_processor(dialect)
    assert written is not None and sqlalchemys is not None
    madrid = timezone(timedelta(hours=1))
    times = [
        datetime(2026, 12, 1, 12, 1, tzinfo=UTC),
        datetime(2026, 12, 1, 12, 1, 0, 83542, tzinfo=UTC),
        datetime(2026, 12, 1, 13, 1, 0, 5, tzinfo=madrid),
        datetime(2026, 12, 1, 12, 1, 59, 999999),  # naive: taken as UTC
        datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
    ]
    for moment in times:
        in_utc = moment.astimezone(UTC) if moment.tzinfo else moment
        assert written(moment) == sqlalchemys(in_utc)
    assert written(datetime(2026, 12, 1, 13, 1, tzinfo=madrid)) == "2026-12-01 12:01:00.000000"
    assert written(None) is None

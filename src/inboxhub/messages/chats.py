"""Chats: one row per conversation of a session, kept current as messages come and go."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Integer, String, bindparam, case, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import CTE
from sqlalchemy.types import TypeEngine

from inboxhub.db import UtcDateTime, utcnow
from inboxhub.direct import Direct
from inboxhub.messages.models import READ, Chat, Message
from inboxhub.sessions.models import WhatsAppSession

# What a touch does to a chat that already exists; the same for one chat and for many.
_REFRESH = """
    ON CONFLICT (session_pk, chat_id) DO UPDATE SET
        unread_count = chats.unread_count + excluded.unread_count,
        last_inbound_at = CASE
            WHEN excluded.last_inbound_at IS NOT NULL AND (chats.last_inbound_at IS NULL
                 OR excluded.last_inbound_at > chats.last_inbound_at)
            THEN excluded.last_inbound_at ELSE chats.last_inbound_at END,
        name = COALESCE(excluded.name, chats.name),
        last_message_pk = CASE
            WHEN excluded.last_message_pk IS NOT NULL AND (chats.last_message_at IS NULL
                 OR excluded.last_message_at >= chats.last_message_at)
            THEN excluded.last_message_pk ELSE chats.last_message_pk END,
        last_message_at = CASE
            WHEN excluded.last_message_pk IS NOT NULL AND (chats.last_message_at IS NULL
                 OR excluded.last_message_at >= chats.last_message_at)
            THEN excluded.last_message_at ELSE chats.last_message_at END,
        updated_at = excluded.updated_at
"""
_INSERT = """
    INSERT INTO chats (organization_id, session_pk, chat_id, name, is_group, unread_count,
                       last_message_pk, last_message_at, last_inbound_at, created_at, updated_at)
"""
# Each touch's values, with how PostgreSQL names their type in an array.
_VALUES: list[tuple[str, TypeEngine[Any], str]] = [
    ("organization_id", BigInteger(), "BIGINT"),
    ("session_pk", BigInteger(), "BIGINT"),
    ("chat_id", String(), "VARCHAR"),
    ("name", String(), "VARCHAR"),
    ("is_group", Boolean(), "BOOLEAN"),
    ("unread", Integer(), "INTEGER"),
    ("message_pk", BigInteger(), "BIGINT"),
    ("at", UtcDateTime(), "TIMESTAMPTZ"),
    ("inbound_at", UtcDateTime(), "TIMESTAMPTZ"),
    ("created", UtcDateTime(), "TIMESTAMPTZ"),
    ("now", UtcDateTime(), "TIMESTAMPTZ"),
]
# Compiled once: they run for every message sent or received.
# SQLite: a statement per chat (microseconds each, in process).
_TOUCH_CHAT = Direct(
    text(
        _INSERT + "VALUES (" + ", ".join(f":{n}" for n, _, _ in _VALUES) + ")" + _REFRESH
    ).bindparams(*(bindparam(n, type_=kind) for n, kind, _ in _VALUES))
)
# PostgreSQL: every chat in one statement, one array per value. One execution per chat (as
# asyncpg's executemany runs them) made these upserts the dearest statement of a write batch.
_TOUCH_CHATS = Direct(
    text(
        _INSERT
        + "SELECT * FROM unnest("
        + ", ".join(f"CAST(:{n} AS {array}[])" for n, _, array in _VALUES)
        + ")"
        + _REFRESH
    ).bindparams(*(bindparam(n, type_=ARRAY(kind)) for n, kind, _ in _VALUES))
)


def touches_of_sent(sent: CTE) -> CTE:
    """PostgreSQL: as a part of the statement that inserts them (the CTE ``sent``, returning
    each message's ``id``, ``organization_id``, ``session_pk``, ``chat_id``, ``timestamp`` and
    ``type``), what ``touch_chats`` does for messages sent from here: nothing unread, no name,
    the newest message (the later one on a tie) the chat's last. A send then costs its batch no
    statement of its own for its chat."""
    return (
        text(
            _INSERT
            + f"""
            SELECT DISTINCT ON (session_pk, chat_id)
                organization_id, session_pk, chat_id, NULL, right(chat_id, 5) = '@g.us', 0,
                id, "timestamp", NULL, :now, :now
            FROM {sent.name} WHERE type <> 'reaction'
            ORDER BY session_pk, chat_id, "timestamp" DESC, id DESC"""
            + _REFRESH
        )
        .bindparams(bindparam("now", type_=UtcDateTime()))
        .columns()
        .cte(f"{sent.name}_chats")
    )


def chat_touch(
    session: WhatsAppSession,
    *,
    chat_id: str,
    message_pk: int | None,
    at: datetime,
    unread: int = 0,
    name: str | None = None,
    now: datetime | None = None,
    inbound_at: datetime | None = None,
) -> dict[str, Any]:
    """One message's part of ``touch_chats``: create or refresh its chat (last message if
    newer, unread count, name, and ``inbound_at``: when the contact last wrote, which opens
    the Cloud API's customer service window)."""
    return {
        "organization_id": session.organization_id,
        "session_pk": session.id,
        "chat_id": chat_id,
        "name": name,
        "is_group": chat_id.endswith("@g.us"),
        "unread": unread,
        "message_pk": message_pk,
        "at": at if message_pk else None,
        "inbound_at": inbound_at,
        "now": now or utcnow(),
    }


async def touch_chats(db: AsyncSession, touches: list[dict[str, Any]]) -> None:
    """Create or refresh the chats of many messages, as if one by one in the order given."""
    merged = _by_chat(touches)
    if not merged:
        return
    if db.get_bind().dialect.name == "postgresql":
        arrays = {name: [touch[name] for touch in merged] for name, _, _ in _VALUES}
        await _TOUCH_CHATS.execute_many(db, [arrays])
    else:
        await _TOUCH_CHAT.execute_many(db, merged)


def _by_chat(touches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One touch per chat doing what its touches do one after the other (one statement may
    not change a row twice): unread counts add up, the newest message wins (the later one on a
    tie), the last name given and the latest inbound time stay."""
    merged: dict[tuple[int, str], dict[str, Any]] = {}
    for touch in touches:
        key = (touch["session_pk"], touch["chat_id"])
        seen = merged.get(key)
        if seen is None:
            merged[key] = {**touch, "created": touch["now"]}
            continue
        seen["unread"] += touch["unread"]
        seen["now"] = touch["now"]
        if touch["name"] is not None:
            seen["name"] = touch["name"]
        inbound = touch["inbound_at"]
        if inbound is not None and (seen["inbound_at"] is None or inbound > seen["inbound_at"]):
            seen["inbound_at"] = inbound
        if touch["message_pk"] is not None and (
            seen["message_pk"] is None or touch["at"] >= seen["at"]
        ):
            seen["message_pk"], seen["at"] = touch["message_pk"], touch["at"]
    return list(merged.values())


async def read_one(
    db: AsyncSession, session: WhatsAppSession, message: Message, at: datetime
) -> None:
    message.status = READ
    message.read_at = at
    if counts_as_unread(message):
        await db.execute(
            update(Chat)
            .where(Chat.session_pk == session.id, Chat.chat_id == message.chat_id)
            .values(unread_count=case((Chat.unread_count > 0, Chat.unread_count - 1), else_=0))
        )


def counts_as_unread(message: Message) -> bool:
    return not message.from_me and not message.is_history and message.type != "reaction"

"""Touches of one chat written together (a write batch's run, one statement on PostgreSQL) leave
the chat as the same touches written one at a time would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from inboxhub.messages.chats import chat_touch, touch_chats
from inboxhub.messages.models import Chat
from inboxhub.sessions.models import WhatsAppSession
from tests.support.sessions import link_session

T = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _touches(session: WhatsAppSession) -> list[dict[str, Any]]:
    def at(seconds: int) -> datetime:
        return T + timedelta(seconds=seconds)

    return [
        chat_touch(session, chat_id="c@s.whatsapp.net", message_pk=1, at=at(2), unread=1, name="A"),
        chat_touch(session, chat_id="c@s.whatsapp.net", message_pk=2, at=at(1), unread=1),
        # As new as the first: the later one wins a tie.
        chat_touch(
            session, chat_id="c@s.whatsapp.net", message_pk=3, at=at(2), name="B", inbound_at=at(5)
        ),
        chat_touch(session, chat_id="d@s.whatsapp.net", message_pk=4, at=at(0), unread=2),
        # No message (a name or a window only), and an older inbound time than one seen before.
        chat_touch(
            session, chat_id="c@s.whatsapp.net", message_pk=None, at=at(9), inbound_at=at(3)
        ),
        chat_touch(session, chat_id="d@s.whatsapp.net", message_pk=5, at=at(1), name="D"),
        chat_touch(session, chat_id="g@g.us", message_pk=6, at=at(4), unread=1),
    ]


async def _chats(app: Any, session_pk: int) -> dict[str, tuple[Any, ...]]:
    async with app.state.runtime.database.sessionmaker() as db:
        rows = (await db.execute(select(Chat).where(Chat.session_pk == session_pk))).scalars()
        return {
            c.chat_id: (
                c.name,
                c.is_group,
                c.unread_count,
                c.last_message_pk,
                c.last_message_at,
                c.last_inbound_at,
            )
            for c in rows
        }


async def test_touches_written_together_do_what_they_do_one_by_one(
    app: Any, client: httpx.AsyncClient
) -> None:
    await link_session(client, "together", "34600000081")
    await link_session(client, "one_by_one", "34600000082")
    database = app.state.runtime.database
    async with database.sessionmaker() as db:
        sessions = {
            s.session_id: s
            for s in (await db.execute(select(WhatsAppSession))).scalars()
            if s.session_id in ("together", "one_by_one")
        }
    # Both start from the same chat, newer than some of the touches.
    for session in sessions.values():
        first = chat_touch(session, chat_id="d@s.whatsapp.net", message_pk=9, at=T, unread=1)
        async with database.sessionmaker() as db, db.begin():
            await touch_chats(db, [first])
    async with database.sessionmaker() as db, db.begin():
        await touch_chats(db, _touches(sessions["together"]))
    for touch in _touches(sessions["one_by_one"]):
        async with database.sessionmaker() as db, db.begin():
            await touch_chats(db, [touch])

    together = await _chats(app, sessions["together"].id)
    assert together == await _chats(app, sessions["one_by_one"].id)
    assert together["c@s.whatsapp.net"] == (
        "B",
        False,
        2,
        3,
        T + timedelta(seconds=2),
        T + timedelta(seconds=5),
    )
    assert together["d@s.whatsapp.net"][2:4] == (3, 5)

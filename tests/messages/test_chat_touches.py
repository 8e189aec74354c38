"""Touches of one chat written together (a write batch's run, one statement on PostgreSQL, the
one inserting the messages for sends) leave the chat as the same touches written one at a time
would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from inboxhub.messages.chats import chat_touch, touch_chats
from inboxhub.messages.models import Chat, Message
from inboxhub.messages.send_records import (
    NewSends,
    SendAccepted,
    record_new_sends,
    record_sends_accepted,
)
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


def _sends(session: WhatsAppSession) -> list[NewSends]:
    def row(chat_id: str, body: str, seconds: int, kind: str = "text") -> dict[str, Any]:
        return {
            "organization_id": session.organization_id,
            "session_pk": session.id,
            "chat_id": chat_id,
            "from_me": True,
            "type": kind,
            "body": body,
            "content": {"text": body},
            "media_id": None,
            "media": None,
            "quoted_message_id": None,
            "status": "pending",
            "scheduled_at": None,
            "source": "api",
            "idempotency_key": None,
            "request_hash": None,
            "batch_id": None,
            "timestamp": T + timedelta(seconds=seconds),
        }

    def sends(*rows: dict[str, Any]) -> NewSends:
        return NewSends(session_id=session.session_id, values=list(rows))

    c, d = "c@s.whatsapp.net", "d@s.whatsapp.net"
    return [
        sends(row(c, "c newest", 2), row(c, "c older", 1)),
        # As new as "c newest": the later one wins a tie.
        sends(row(c, "c later on a tie", 2)),
        # A reaction, however new, is no chat's last message.
        sends(row("g@g.us", "g", 0), row(c, "👍", 9, kind="reaction")),
        # Older than the chat's last message already there.
        sends(row(d, "d older", -1)),
    ]


async def test_sends_written_together_touch_their_chats_as_one_by_one(
    app: Any, client: httpx.AsyncClient
) -> None:
    """On PostgreSQL the statement that inserts a batch's sends touches their chats too."""
    await link_session(client, "sent_together", "34600000083")
    await link_session(client, "sent_one_by_one", "34600000084")
    runtime = app.state.runtime
    async with runtime.database.sessionmaker() as db:
        sessions = {
            s.session_id: s
            for s in (await db.execute(select(WhatsAppSession))).scalars()
            if s.session_id.startswith("sent_")
        }
    for session in sessions.values():
        first = chat_touch(session, chat_id="d@s.whatsapp.net", message_pk=-1, at=T)
        async with runtime.database.sessionmaker() as db, db.begin():
            await touch_chats(db, [first])
    together = sessions["sent_together"]
    async with runtime.database.sessionmaker() as db, db.begin():
        await record_new_sends(db, runtime, [(together, s) for s in _sends(together)])
    one_by_one = sessions["sent_one_by_one"]
    for sends in _sends(one_by_one):
        async with runtime.database.sessionmaker() as db, db.begin():
            await record_new_sends(db, runtime, [(one_by_one, sends)])

    async def last_bodies(session: WhatsAppSession) -> dict[str, tuple[Any, ...]]:
        async with runtime.database.sessionmaker() as db:
            bodies = dict(
                (
                    await db.execute(
                        select(Message.id, Message.body).where(Message.session_pk == session.id)
                    )
                ).all()
            )
        chats = await _chats(app, session.id)
        return {
            chat_id: (bodies.get(pk, pk), is_group, unread, at)
            for chat_id, (_, is_group, unread, pk, at, _) in chats.items()
        }

    written = await last_bodies(together)
    assert written == await last_bodies(one_by_one)
    assert written == {
        "c@s.whatsapp.net": ("c later on a tie", False, 0, T + timedelta(seconds=2)),
        "d@s.whatsapp.net": (-1, False, 0, T),
        "g@g.us": ("g", True, 0, T),
    }


async def test_a_send_confirmed_on_a_whole_second_is_found_from_that_second(
    app: Any, client: httpx.AsyncClient
) -> None:
    """WhatsApp's times are whole seconds. The write queue's statements (run by the driver)
    store a time as SQLAlchemy's queries compare it: a message sent at 12:01:00 is in a listing
    from 12:01:00."""
    await link_session(client, "whole_second", "34600000085")
    runtime = app.state.runtime
    async with runtime.database.sessionmaker() as db:
        session = (
            await db.execute(
                select(WhatsAppSession).where(WhatsAppSession.session_id == "whole_second")
            )
        ).scalar_one()
    (sends,) = _sends(session)[1:2]
    async with runtime.database.sessionmaker() as db, db.begin():
        await record_new_sends(db, runtime, [(session, sends)])
    (stored,) = sends.stored
    sent_at = T + timedelta(seconds=60)
    accepted = SendAccepted(
        session_id=session.session_id,
        message_pk=stored.id,
        chat_id=stored.chat_id,
        whatsapp_message_id="3EB0WHOLESECOND",
        timestamp=sent_at,
    )
    async with runtime.database.sessionmaker() as db, db.begin():
        await record_sends_accepted(db, runtime, [(session, accepted)])

    async def listed(**query: str) -> list[str]:
        answer = await client.get("/api/messages/whole_second", params=query)
        assert answer.status_code == 200, answer.text
        return [m["whatsappMessageId"] for m in answer.json()["data"]["messages"]]

    assert await listed(startDate="2026-12-01T12:01:00Z") == ["3EB0WHOLESECOND"]
    assert await listed(startDate="2026-12-01T12:01:00.001Z") == []
    assert await listed(endDate="2026-12-01T12:01:00.001Z") == ["3EB0WHOLESECOND"]


async def test_a_batch_of_many_sends_gets_each_row_its_own_id(
    app: Any, client: httpx.AsyncClient
) -> None:
    """More rows than one statement takes on SQLite: each send's answer names its own row."""
    await link_session(client, "many", "34600000086")
    runtime = app.state.runtime
    async with runtime.database.sessionmaker() as db:
        session = (
            await db.execute(select(WhatsAppSession).where(WhatsAppSession.session_id == "many"))
        ).scalar_one()
    (template,) = _sends(session)[1].values
    sends = [
        NewSends(session_id="many", values=[{**template, "body": f"{n}.{m}"} for m in range(n % 3)])
        for n in range(460)
    ]
    async with runtime.database.sessionmaker() as db, db.begin():
        await record_new_sends(db, runtime, [(session, s) for s in sends])
    async with runtime.database.sessionmaker() as db:
        rows = await db.execute(
            select(Message.id, Message.body).where(Message.session_pk == session.id)
        )
        bodies = dict(rows.all())
    answered = {row.id: row.body for s in sends for row in s.stored}
    assert answered == bodies
    assert len(bodies) == sum(n % 3 for n in range(460))

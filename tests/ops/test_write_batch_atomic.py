"""A write batch is one transaction: when the database refuses part of it, none of it stays.

The database itself refuses here (a trigger the test installs raises for one chat), as it would
for a constraint or a full disk: nothing of the gateway is replaced.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tests.support.sessions import link_session

REFUSED_NUMBER = "34699999999"
REFUSED_CHAT = f"{REFUSED_NUMBER}@s.whatsapp.net"

_POSTGRESQL = [
    f"""
    CREATE FUNCTION refuse_test_chat() RETURNS trigger AS $$
    BEGIN
        IF NEW.chat_id = '{REFUSED_CHAT}' THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER refuse_test_chat BEFORE INSERT OR UPDATE ON chats
    FOR EACH ROW EXECUTE FUNCTION refuse_test_chat()
    """,
]
_POSTGRESQL_UNDO = [
    "DROP TRIGGER IF EXISTS refuse_test_chat ON chats",
    "DROP FUNCTION IF EXISTS refuse_test_chat()",
]
_SQLITE = [
    f"""
    CREATE TRIGGER refuse_test_chat BEFORE INSERT ON chats
    WHEN NEW.chat_id = '{REFUSED_CHAT}'
    BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
    """
]
_SQLITE_UNDO = ["DROP TRIGGER IF EXISTS refuse_test_chat"]


@asynccontextmanager
async def chats_refusing_one_chat(app: Any) -> AsyncIterator[None]:
    database = app.state.runtime.database
    install, undo = (
        (_SQLITE, _SQLITE_UNDO) if database.is_sqlite else (_POSTGRESQL, _POSTGRESQL_UNDO)
    )
    async with database.engine.begin() as connection:
        for statement in install:
            await connection.exec_driver_sql(statement)
    try:
        yield
    finally:
        async with database.engine.begin() as connection:
            for statement in undo:
                await connection.exec_driver_sql(statement)


async def _messages(client: httpx.AsyncClient, session_id: str, chat_id: str) -> list[Any]:
    answer = await client.get(f"/api/messages/{session_id}", params={"chatId": chat_id})
    assert answer.status_code == 200, answer.text
    messages: list[Any] = answer.json()["data"]["messages"]
    return messages


async def test_a_send_whose_batch_the_database_refuses_leaves_no_row(
    app: Any, client: httpx.AsyncClient
) -> None:
    await link_session(client, "atomic", "34600000091")
    async with chats_refusing_one_chat(app):
        refused, accepted = await asyncio.gather(
            client.post("/api/messages/atomic/send", json={"to": REFUSED_NUMBER, "message": "x"}),
            client.post("/api/messages/atomic/send", json={"to": "34611112222", "message": "y"}),
        )
    assert refused.status_code == 500, refused.text
    assert refused.json()["code"] == "INTERNAL_ERROR"
    assert accepted.status_code == 200, accepted.text
    # The refused send's row went with its batch: no message left pending that nobody sends.
    assert await _messages(client, "atomic", REFUSED_CHAT) == []
    # The other send, recorded again on its own, is there once.
    others = await _messages(client, "atomic", "34611112222@s.whatsapp.net")
    assert [m["body"] for m in others] == ["y"]

"""Rows every request needs (its API key, the session it names) are read once however many
requests ask for them at the same moment, and they all get the same answer."""

from __future__ import annotations

import asyncio
from contextlib import AbstractContextManager
from typing import Any

import httpx

from tests.support.database import heard
from tests.support.sessions import link_session


def statements(app: Any) -> AbstractContextManager[list[str]]:
    """The SQL the gateway sends to its database meanwhile."""
    engine = app.state.runtime.database.engine.sync_engine
    return heard(
        engine,
        "before_cursor_execute",
        lambda _conn, _cursor, statement, *_: " ".join(statement.split()),
    )


async def test_a_new_key_used_by_many_requests_at_once_is_read_once(
    app: Any, other_org: httpx.AsyncClient
) -> None:
    with statements(app) as seen:
        answers = await asyncio.gather(*(other_org.get("/api/sessions") for _ in range(20)))
    assert [r.status_code for r in answers] == [200] * 20
    reads = [s for s in seen if "FROM api_keys" in s and "api_keys.key_hash =" in s]
    # Once; twice where the first request's note of the key's use (last_used_at, a write to
    # the table) came before the others asked.
    assert 1 <= len(reads) <= 2, reads


async def test_a_session_many_sends_name_at_once_is_read_once(
    app: Any, client: httpx.AsyncClient
) -> None:
    await link_session(client, "burst", "34600000077")
    await client.get("/api/sessions/burst/status")  # the key is known by now
    body = {"to": "34611111111", "message": "hola"}
    with statements(app) as seen:
        answers = await asyncio.gather(
            *(client.post("/api/messages/burst/send", json=body) for _ in range(20))
        )
    assert [r.status_code for r in answers] == [200] * 20, answers[0].text
    kinds = {
        # The session of the caller's organization (every send).
        "session": "FROM sessions WHERE sessions.organization_id =",
        # The node that drives it (cluster mode).
        "owner": "SELECT sessions.owner_node, cluster_nodes.url FROM sessions",
        # The session's row for the write queue.
        "recorded": "FROM sessions WHERE sessions.session_id =",
    }
    reads = {kind: [s for s in seen if text in s] for kind, text in kinds.items()}
    assert all(len(found) <= 1 for found in reads.values()), reads


async def test_a_missing_session_asked_for_at_once_answers_each_request(
    client: httpx.AsyncClient,
) -> None:
    body = {"to": "34611111111", "message": "hola"}
    answers = await asyncio.gather(
        *(client.post("/api/messages/nobody/send", json=body) for _ in range(20))
    )
    assert {r.status_code for r in answers} == {404}
    assert {r.json()["code"] for r in answers} == {"SESSION_NOT_FOUND"}

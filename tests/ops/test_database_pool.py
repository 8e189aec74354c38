"""A steady load keeps the database connections it opened: none is closed as it comes back and
opened again for the next request (on PostgreSQL, a server process forked, authenticated and
its types introspected for each)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import event

from tests.support.sessions import link_session


@contextmanager
def connections_opened(app: Any) -> Iterator[list[object]]:
    """The connections the gateway opens to its database meanwhile."""
    opened: list[object] = []

    def note(dbapi_connection: object, _record: Any) -> None:
        opened.append(dbapi_connection)

    pool = app.state.runtime.database.engine.sync_engine.pool
    event.listen(pool, "connect", note)
    try:
        yield opened
    finally:
        event.remove(pool, "connect", note)


async def test_requests_that_hold_connections_reuse_them_wave_after_wave(
    app: Any, client: httpx.AsyncClient
) -> None:
    await link_session(client, "busy", "34600000091")

    async def wave(first: int) -> None:
        # Contacts write at once: each request holds a connection while it reads the session
        # and the stored message, more at a time than SQLAlchemy's default pool keeps.
        answers = await asyncio.gather(
            *(
                client.post(
                    "/api/sandbox/messages",
                    json={"from": f"3461{n:07d}", "to": "busy", "message": f"hola {n}"},
                )
                for n in range(first, first + 24)
            )
        )
        assert [r.status_code for r in answers] == [200] * 24, answers[0].text

    await wave(0)  # the pool fills as the load asks
    with connections_opened(app) as opened:
        for first in (100, 200, 300):
            await wave(first)
    assert opened == []
    listed = await client.get("/api/messages/busy", params={"limit": 100})
    assert listed.status_code == 200
    assert listed.json()["data"]["total"] == 96

"""A steady load keeps the database connections it opened: none is closed as it comes back and
opened again for the next request (on PostgreSQL, a server process forked, authenticated and
its types introspected for each). A request that finds every connection busy for too long is
told to retry, as during an outage."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import httpx
import pytest

from inboxhub.app import assemble, attach, build_runtime, offers_sandbox
from inboxhub.config import Settings
from inboxhub.db import Database
from tests.support.database import fresh_install, heard
from tests.support.lifespan import client_for, running
from tests.support.metrics import value
from tests.support.sessions import link_session


def connections_closed(app: Any) -> AbstractContextManager[list[object]]:
    """The connections the gateway closes meanwhile (opened again when the load asks)."""
    pool = app.state.runtime.database.engine.sync_engine.pool
    return heard(pool, "close", lambda dbapi_connection, _record: dbapi_connection)


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

    with connections_closed(app) as closed:
        for first in (0, 100, 200, 300):
            await wave(first)
    assert closed == []
    listed = await client.get("/api/messages/busy", params={"limit": 100})
    assert listed.status_code == 200
    assert listed.json()["data"]["total"] == 96


async def test_a_request_finding_every_connection_busy_is_told_to_retry(
    make_settings: Callable[..., Settings], database_url: str
) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("the pool's size and timeout are PostgreSQL's settings")
    settings = make_settings()
    await fresh_install(database_url, settings)
    database = Database(database_url, pool_size=2, pool_timeout=1.0)
    application = assemble(offers_sandbox(settings))
    attach(application, build_runtime(settings, database))
    try:
        async with running(application), client_for(application) as client:
            assert (await client.get("/api/sessions")).status_code == 200
            held = [await database.engine.connect() for _ in range(2)]
            busy = await client.get("/api/sessions")
            assert busy.status_code == 503, busy.text
            assert busy.json()["code"] == "DATABASE_UNAVAILABLE"
            assert busy.headers["retry-after"] == "2"
            # What an operator sees meanwhile: every connection the pool may open is in use.
            scraped = (await client.get("/metrics")).text
            assert value(scraped, "inboxhub_database_connections", state="in_use") == 2.0
            assert value(scraped, "inboxhub_database_connections", state="idle") == 0.0
            assert value(scraped, "inboxhub_database_connections_max") == 2.0
            for connection in held:
                await connection.close()
            assert (await client.get("/api/sessions")).status_code == 200
    finally:
        await database.dispose()

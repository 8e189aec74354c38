"""PostgreSQL restarts under the gateway: it recovers by itself, no event is lost.

Runs when ``INBOXHUB_TEST_PG_RESTART`` names a command that restarts the test database server
(``.ci/run`` sets it); skipped otherwise.
"""

from __future__ import annotations

import asyncio
import os
import shlex

import pytest
from sqlalchemy import select

from inboxhub.webhooks.models import Event
from tests.support import eventually, link_session

RESTART = os.environ.get("INBOXHUB_TEST_PG_RESTART")
pytestmark = pytest.mark.skipif(not RESTART, reason="INBOXHUB_TEST_PG_RESTART is not set")


async def restart_database() -> None:
    assert RESTART
    process = await asyncio.create_subprocess_exec(*shlex.split(RESTART))
    assert await process.wait() == 0


async def test_gateway_recovers_from_a_database_restart(client, app):
    await link_session(client, "steady", "34600000040")
    await restart_database()

    async def answering() -> bool:
        r = await client.get("/api/sessions/steady")
        assert r.status_code in (200, 503), r.text  # never a 500 while the database comes back
        return r.status_code == 200

    await eventually(answering, timeout=30)

    # Engine events during and after the outage are recorded, not dropped.
    await client.post("/api/sandbox/sessions/steady/drop")

    async def recorded() -> bool:
        async with app.state.database.sessionmaker() as db:
            rows = (
                (await db.execute(select(Event.payload).where(Event.type == "session.status")))
                .scalars()
                .all()
            )
        return (
            any(p.get("reason") == "connection_lost" for p in rows)
            and rows[-1]["status"] == "connected"
        )

    await eventually(recorded, timeout=30)

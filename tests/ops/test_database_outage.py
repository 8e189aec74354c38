"""PostgreSQL restarts under the gateway: it recovers by itself, no event is lost.

Runs when ``INBOXHUB_TEST_PG_RESTART`` names a command that restarts the test database server
(``.ci/run`` sets it), in a test run of one process: the restart would cut off every other
process's tests too. Skipped otherwise.
"""

from __future__ import annotations

import asyncio
import os
import shlex

import pytest
from sqlalchemy import select

from inboxhub.webhooks.models import Event
from tests.support import (
    all_connected,
    each_still_receives,
    eventually,
    link_session,
    stored_states,
)

RESTART = os.environ.get("INBOXHUB_TEST_PG_RESTART")
pytestmark = [
    pytest.mark.skipif(not RESTART, reason="INBOXHUB_TEST_PG_RESTART is not set"),
    pytest.mark.skipif(
        bool(os.environ.get("PYTEST_XDIST_WORKER")),
        reason="restarts the database server that other test processes use: run alone",
    ),
]


@pytest.fixture
def settings_overrides() -> dict[str, float]:
    # A dropped session comes back while the database is restarting (a fast restart takes
    # about a third of a second).
    return {"sandbox_reconnect_delay_seconds": 0.2}


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


async def test_sessions_dropping_during_a_database_restart_all_come_back_and_keep_working(
    client, app
):
    sessions = [f"storm_{i}" for i in range(4)]
    for i, session_id in enumerate(sessions):
        await link_session(client, session_id, f"3460000042{i}")
    dropped = await client.post("/api/sandbox/network/drop")
    assert sorted(dropped.json()["data"]["dropped"]) == sessions
    await restart_database()  # their reconnections happen while it is away

    await eventually(lambda: all_connected(client, sessions), timeout=60)

    async def recorded() -> bool:
        stored, events = await stored_states(app)
        last = {p["sessionId"]: p["status"] for p in events}
        lost = {p["sessionId"] for p in events if p.get("reason") == "connection_lost"}
        return (
            all(stored[s] == "connected" and last[s] == "connected" for s in sessions)
            and set(sessions) <= lost
        )

    await eventually(recorded, timeout=60)
    # None is "connected" but dead: each still stores what it receives.
    await each_still_receives(client, sessions, "34611100042")

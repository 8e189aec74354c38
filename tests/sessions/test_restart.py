"""A linked session comes back by itself when the gateway restarts."""

from __future__ import annotations

import httpx

from inboxhub.app import create_app
from tests.support import eventually, link_session
from tests.support.auth import API_KEY
from tests.support.lifespan import running


async def test_linked_sessions_reconnect_after_a_gateway_restart(app, make_settings):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://gw", headers={"X-API-Key": API_KEY}
    ) as c:
        await link_session(c, "survivor", "34600000020")
        await c.post("/api/sessions", json={"sessionId": "never_linked"})
        await link_session(c, "stopped", "34600000021")
        await c.post("/api/sessions/stopped/disconnect")

    # A second gateway on the same database and data directory (the first keeps running, as a
    # crashed process would have left it, but it is not asked anything any more).
    second = create_app(make_settings())
    async with running(second):
        transport = httpx.ASGITransport(app=second)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gw", headers={"X-API-Key": API_KEY}
        ) as c:

            async def reconnected() -> bool:
                status = (await c.get("/api/sessions/survivor/status")).json()["data"]
                return status["status"] == "connected" and status["phoneNumber"] == "34600000020"

            await eventually(reconnected)
            # A session the user stopped stays stopped; one never linked does not start a QR.
            assert (await c.get("/api/sessions/stopped/status")).json()["data"][
                "status"
            ] == "disconnected"
            assert (await c.get("/api/sessions/never_linked/status")).json()["data"][
                "status"
            ] == "disconnected"

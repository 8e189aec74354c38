"""Handover deadlines: no agent in time -> escalation with the emergency contact; a silent agent ->
back to the bot; both kept in the database, so a restart loses none."""

from __future__ import annotations

import httpx
import pytest

from inboxhub.app import create_app
from tests.handover.conftest import EMERGENCY
from tests.handover.helpers import PHONE, open_ticket
from tests.support import eventually, link_session
from tests.support.auth import API_KEY
from tests.support.lifespan import running


async def closed_ticket(client, tid: str) -> dict | None:
    data = (await client.get(f"/api/handover/tickets/{tid}")).json()["data"]
    return data if data["status"] == "closed" else None


async def test_no_agent_in_time_escalates_with_the_emergency_contact(client, crm_client):
    await link_session(client, "bot_s", "573000000001")
    await client.put("/api/handover/settings", json={"assignTimeoutSeconds": 0.2})
    tid = (await open_ticket(client, "bot_s"))["ticketId"]

    ticket = await eventually(lambda: closed_ticket(client, tid))
    assert ticket["closeReason"] == "no_agent" and ticket["owner"] == "bot"
    said = [m["content"] for m in ticket["messages"] if m["author"] == "bot"]
    assert any(EMERGENCY in text and "no hay agentes" in text for text in said), said
    # A late agent finds the ticket closed.
    r = await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": tid, "userPhone": PHONE, "agentId": "a1", "handoverType": "bot_to_human"},
    )
    assert r.status_code == 409 and r.json()["code"] == "TICKET_CLOSED"


async def test_a_silent_agent_gives_the_chat_back_to_the_bot(client, crm_client):
    await link_session(client, "bot_s", "573000000001")
    await client.put("/api/handover/settings", json={"agentIdleTimeoutSeconds": 0.3})
    tid = (await open_ticket(client, "bot_s"))["ticketId"]
    await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": tid, "userPhone": PHONE, "agentId": "a1", "handoverType": "bot_to_human"},
    )
    r = await crm_client.post(
        "/api/crm/send-message",
        json={"ticketId": tid, "userPhone": PHONE, "agentId": "a1", "message": "Un momento"},
    )
    assert r.status_code == 200
    ticket = await eventually(lambda: closed_ticket(client, tid))
    assert ticket["closeReason"] == "agent_timeout"
    said = [m["content"] for m in ticket["messages"] if m["author"] == "bot"]
    assert said[-1] == "La conversación con el agente terminó por inactividad, regresando al menú"
    assert (await crm_client.get(f"/api/crm/handover-status/{tid}")).json()["status"] == "closed"


class TestRestart:
    @pytest.fixture
    def settings_overrides(self, handover_env):
        # The first gateway checks its timers only at start-up: it stands for one that went down.
        return {**handover_env, "handover_timer_interval_seconds": 3600}

    async def test_deadlines_survive_a_restart(self, app, make_settings, handover_env):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gw", headers={"X-API-Key": API_KEY}
        ) as c:
            await link_session(c, "bot_s", "573000000001")
            await c.put("/api/handover/settings", json={"assignTimeoutSeconds": 0.05})
            tid = (await open_ticket(c, "bot_s"))["ticketId"]
            ticket = (await c.get(f"/api/handover/tickets/{tid}")).json()["data"]
            assert ticket["status"] == "pending" and ticket["assignDeadline"]

        second = create_app(
            make_settings(**{**handover_env, "handover_timer_interval_seconds": 0.05})
        )
        async with running(second):
            transport = httpx.ASGITransport(app=second)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://gw", headers={"X-API-Key": API_KEY}
            ) as c:
                ticket = await eventually(lambda: closed_ticket(c, tid))
                assert ticket["closeReason"] == "no_agent"

"""Ticket numbers, one open ticket per chat, listings and metrics."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

from tests.handover.helpers import PHONE, open_ticket
from tests.support import link_session


async def test_ticket_numbers_are_unique_and_sequential_under_concurrency(client):
    await link_session(client, "bot_s", "573000000001")
    phones = [f"5730010000{i:02d}" for i in range(20)]
    responses = await asyncio.gather(
        *(
            client.post(
                "/api/handover/sessions/bot_s/tickets", json={"phoneNumber": p, "notifyCrm": False}
            )
            for p in phones
        )
    )
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    year = datetime.now(UTC).year
    ids = sorted(r.json()["data"]["ticketId"] for r in responses)
    assert ids == [f"TK-{year}-{n:06d}" for n in range(1, 21)]


async def test_one_open_ticket_per_chat(client, crm_client):
    await link_session(client, "bot_s", "573000000001")
    first = await open_ticket(client, "bot_s")
    r = await client.post(
        "/api/handover/sessions/bot_s/tickets", json={"phoneNumber": PHONE, "notifyCrm": False}
    )
    assert r.status_code == 409 and r.json()["code"] == "TICKET_ALREADY_OPEN"
    owner = (await client.get(f"/api/handover/sessions/bot_s/chats/{PHONE}")).json()["data"]
    assert owner["owner"] == "pending" and owner["ticket"]["ticketId"] == first["ticketId"]

    await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": first["ticketId"], "userPhone": PHONE, "handoverType": "human_to_bot"},
    )
    owner = (await client.get(f"/api/handover/sessions/bot_s/chats/{PHONE}")).json()["data"]
    assert owner == {"sessionId": "bot_s", "phoneNumber": PHONE, "owner": "bot", "ticket": None}
    second = await open_ticket(client, "bot_s")
    assert second["ticketId"] != first["ticketId"]

    r = await client.get("/api/handover/sessions/bot_s/chats/12")
    assert r.status_code == 400 and r.json()["field"] == "phoneNumber"
    r = await client.post("/api/handover/sessions/bot_s/tickets", json={"phoneNumber": "abc"})
    assert r.status_code == 400 and r.json()["field"] == "phoneNumber"
    r = await client.post("/api/handover/sessions/nope/tickets", json={"phoneNumber": PHONE})
    assert r.status_code == 404 and r.json()["code"] == "SESSION_NOT_FOUND"


async def test_listing_tickets(client):
    await link_session(client, "bot_s", "573000000001")
    await link_session(client, "bot_t", "573000000002")
    await open_ticket(client, "bot_s", category="facturacion")
    await open_ticket(client, "bot_t", phone="573001111111")
    data = (await client.get("/api/handover/tickets")).json()["data"]
    assert data["total"] == 2 and data["pagination"]["pages"] == 1
    assert {t["sessionId"] for t in data["tickets"]} == {"bot_s", "bot_t"}
    only = (await client.get("/api/handover/tickets", params={"sessionId": "bot_t"})).json()["data"]
    assert [t["userPhone"] for t in only["tickets"]] == ["573001111111"]
    billing = (await client.get("/api/handover/tickets", params={"category": "facturacion"})).json()
    assert billing["data"]["total"] == 1
    assert (await client.get("/api/handover/tickets", params={"status": "odd"})).status_code == 400


async def test_metrics(client, crm_client):
    await link_session(client, "bot_s", "573000000001")
    a = (
        await open_ticket(client, "bot_s", phone="573001000001", category="reactivacion_servicio")
    )["ticketId"]
    b = (await open_ticket(client, "bot_s", phone="573001000002"))["ticketId"]
    await open_ticket(client, "bot_s", phone="573001000003")
    for tid, phone in ((a, "573001000001"), (b, "573001000002")):
        await crm_client.post(
            "/api/crm/handover",
            json={
                "ticketId": tid,
                "userPhone": phone,
                "agentId": "a1",
                "handoverType": "bot_to_human",
            },
        )
    await crm_client.post(
        "/api/crm/send-message",
        json={"ticketId": a, "userPhone": "573001000001", "agentId": "a1", "message": "hola"},
    )
    await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": a, "userPhone": "573001000001", "handoverType": "human_to_bot"},
    )

    today = datetime.now(UTC).date()
    r = await crm_client.get(
        "/api/crm/metrics",
        params={"startDate": str(today - timedelta(days=1)), "endDate": str(today)},
    )
    assert r.status_code == 200, r.text
    m = r.json()["data"]
    assert m["totalTickets"] == 3
    assert m["byCategory"] == {
        "reactivacion_servicio": {"total": 1, "pending": 0, "active": 0, "closed": 1},
        "soporte_agente": {"total": 2, "pending": 1, "active": 1, "closed": 0},
    }
    assert m["byStatus"] == {"pending": 1, "active": 1, "closed": 1}
    assert m["timeToAssign"]["count"] == 2 and m["timeToAssign"]["averageSeconds"] >= 0
    assert m["firstResponseTime"]["count"] == 1
    assert m["handoverDuration"]["count"] == 1
    assert m["resolution"]["closed"] == 1 and m["resolution"]["resolved"] == 1
    assert m["resolution"]["resolutionRate"] == 1.0
    # The same figures for the gateway's own API key.
    assert (await client.get("/api/handover/metrics")).json()["data"]["totalTickets"] == 3

    earlier = await crm_client.get(
        "/api/crm/metrics", params={"startDate": "2020-01-01", "endDate": "2020-01-31"}
    )
    assert earlier.json()["data"]["totalTickets"] == 0
    assert earlier.json()["data"]["timeToAssign"]["averageSeconds"] is None
    for params, field in (
        ({"startDate": "yesterday"}, "startDate"),
        ({"endDate": "2025-13-01"}, "endDate"),
        ({"startDate": "2025-06-02", "endDate": "2025-06-01"}, "startDate"),
    ):
        r = await crm_client.get("/api/crm/metrics", params=params)
        assert r.status_code == 400 and r.json()["field"] == field, params
    assert re.match(r"\d{4}-", m["period"]["startDate"])

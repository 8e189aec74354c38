"""The whole sandbox network drops every session at once, twice in a row: every session comes
back by itself, none stays stuck (live state, stored row and events agree), and each one still
receives and publishes messages afterwards."""

from __future__ import annotations

from sqlalchemy import select

from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.models import Event
from tests.support import eventually, link_session


async def test_back_to_back_network_outages_leave_no_session_behind(client, app):
    sessions = [f"net_{i}" for i in range(6)]
    for i, session_id in enumerate(sessions):
        await link_session(client, session_id, f"3460000043{i}")
    first = await client.post("/api/sandbox/network/drop")
    assert sorted(first.json()["data"]["dropped"]) == sessions
    # The second outage catches sessions in the middle of coming back.
    second = await client.post("/api/sandbox/network/drop")
    assert second.status_code == 200

    async def all_back() -> bool:
        for session_id in sessions:
            data = (await client.get(f"/api/sessions/{session_id}/status")).json()["data"]
            if data["status"] != "connected":
                return False
        return True

    await eventually(all_back, timeout=30)

    async def recorded() -> bool:
        async with app.state.database.sessionmaker() as db:
            rows = await db.execute(select(WhatsAppSession.session_id, WhatsAppSession.status))
            stored = dict(rows.all())
            events = (
                (
                    await db.execute(
                        select(Event.payload)
                        .where(Event.type == "session.status")
                        .order_by(Event.seq)
                    )
                )
                .scalars()
                .all()
            )
        last = {p["sessionId"]: p["status"] for p in events}
        return all(stored[s] == "connected" and last[s] == "connected" for s in sessions)

    await eventually(recorded, timeout=30)
    for n, session_id in enumerate(sessions):
        r = await client.post(
            "/api/sandbox/messages",
            json={"from": "34611100043", "to": session_id, "message": f"after {n}"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"]["message"]["body"] == f"after {n}"
    # Sessions also reach each other again.
    sent = await client.post(
        "/api/messages/net_0/send", json={"to": "34600000431", "message": "still there?"}
    )
    assert sent.status_code == 200, sent.text
    wamid = sent.json()["data"]["whatsappMessageId"]

    async def arrived() -> bool:
        listed = (await client.get("/api/messages/net_1")).json()["data"]["messages"]
        return any(m["whatsappMessageId"] == wamid for m in listed)

    await eventually(arrived, timeout=30)

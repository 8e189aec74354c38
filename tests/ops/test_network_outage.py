"""The whole sandbox network drops every session at once, twice in a row: every session comes
back by itself, none stays stuck (live state, stored row and events agree), and each one still
receives and publishes messages afterwards."""

from __future__ import annotations

from tests.support import (
    all_connected,
    each_still_receives,
    eventually,
    link_session,
    stored_states,
)


async def test_back_to_back_network_outages_leave_no_session_behind(client, app):
    sessions = [f"net_{i}" for i in range(6)]
    for i, session_id in enumerate(sessions):
        await link_session(client, session_id, f"3460000043{i}")
    first = await client.post("/api/sandbox/network/drop")
    assert sorted(first.json()["data"]["dropped"]) == sessions
    # The second outage catches sessions in the middle of coming back.
    second = await client.post("/api/sandbox/network/drop")
    assert second.status_code == 200

    await eventually(lambda: all_connected(client, sessions), timeout=30)

    async def recorded() -> bool:
        stored, events = await stored_states(app)
        last = {p["sessionId"]: p["status"] for p in events}
        return all(stored[s] == "connected" and last[s] == "connected" for s in sessions)

    await eventually(recorded, timeout=30)
    await each_still_receives(client, sessions, "34611100043")
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

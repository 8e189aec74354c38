"""Sandbox sessions from the API: create, link from a simulated phone, check they still work."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.polling import eventually


async def create_session(client: httpx.AsyncClient, session_id: str, **body: Any) -> dict[str, Any]:
    response = await client.post(
        "/api/sessions", json={"sessionId": session_id, "sessionName": session_id, **body}
    )
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def link_session(
    client: httpx.AsyncClient, session_id: str, phone: str, push_name: str = "Tester", **body: Any
) -> dict[str, Any]:
    """Create a sandbox session and scan its QR from a simulated phone: it ends ``connected``."""
    data = await create_session(client, session_id, **body)
    assert data["status"] == "qr_code", data
    linked = await client.post(
        "/api/sandbox/link",
        json={"qr": data["qrText"], "phoneNumber": phone, "pushName": push_name},
    )
    assert linked.status_code == 200, linked.text

    async def connected() -> bool:
        status = (await client.get(f"/api/sessions/{session_id}/status")).json()["data"]
        return status["status"] == "connected"

    await eventually(connected)
    return data


async def all_connected(client: httpx.AsyncClient, session_ids: list[str]) -> bool:
    for session_id in session_ids:
        r = await client.get(f"/api/sessions/{session_id}/status")
        if r.status_code != 200 or r.json()["data"]["status"] != "connected":
            return False
    return True


async def stored_states(app: Any) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Each session's stored status, and every ``session.status`` event payload in order."""
    from sqlalchemy import select

    from inboxhub.sessions.models import WhatsAppSession
    from inboxhub.webhooks.models import Event

    async with app.state.database.sessionmaker() as db:
        rows = await db.execute(select(WhatsAppSession.session_id, WhatsAppSession.status))
        stored = dict(rows.all())
        payloads = await db.execute(
            select(Event.payload).where(Event.type == "session.status").order_by(Event.seq)
        )
        return stored, list(payloads.scalars().all())


async def each_still_receives(
    client: httpx.AsyncClient, session_ids: list[str], sender: str
) -> None:
    """None is "connected" but dead: each session stores what a contact writes to it."""
    for n, session_id in enumerate(session_ids):
        r = await client.post(
            "/api/sandbox/messages",
            json={"from": sender, "to": session_id, "message": f"after {n}"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"]["message"]["body"] == f"after {n}"


async def add_member(
    anon: httpx.AsyncClient,
    organization_id: int | str,
    email: str,
    password: str,
    *,
    headers: dict[str, str],
    role: str = "member",
) -> int:
    """Invite an email to an organization and accept as a new user; returns the user's id."""
    invited = await anon.post(
        f"/api/organizations/{organization_id}/members",
        json={"email": email, "role": role},
        headers=headers,
    )
    assert invited.status_code == 201, invited.text
    accepted = await anon.post(
        "/api/auth/invitations/accept",
        json={"token": invited.json()["data"]["invitation"]["token"], "password": password},
    )
    assert accepted.status_code == 200, accepted.text
    user_id: int = accepted.json()["data"]["userId"]
    return user_id

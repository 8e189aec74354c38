from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from inboxhub.webhooks.models import Event
from tests.support import eventually, link_session

ANA = "34600000001"  # sessions "ana", "bob", "cid"
BOB = "34600000002"
CID = "34600000003"
DAN = "34611111111"  # a simulated contact: on WhatsApp, no session


def jid(phone: str) -> str:
    return f"{phone}@s.whatsapp.net"


async def group_events(app: Any, session_id: str) -> list[dict[str, Any]]:
    async with app.state.database.sessionmaker() as db:
        stmt = (
            select(Event)
            .where(Event.type == "group.updated", Event.session_id == session_id)
            .order_by(Event.seq)
        )
        return [row.payload for row in (await db.execute(stmt)).scalars()]


async def heard(app: Any, session_id: str, change: str, **match: Any) -> dict[str, Any]:
    """The latest ``group.updated`` of ``change`` (with the ``match``ing fields) the session
    recorded, once it has."""

    async def check() -> dict[str, Any] | None:
        found = [
            e
            for e in await group_events(app, session_id)
            if e["change"] == change and all(e.get(k) == v for k, v in match.items())
        ]
        return found[-1] if found else None

    event: dict[str, Any] = await eventually(check)
    return event


@pytest.fixture
async def trio(client: Any) -> None:
    await link_session(client, "ana", ANA, push_name="Ana")
    await link_session(client, "bob", BOB, push_name="Bob")
    await link_session(client, "cid", CID, push_name="Cid")


@pytest.fixture
async def group(client: Any, trio: None) -> str:
    """A group Ana created with Bob and Dan."""
    r = await client.post(
        "/api/groups/sessions/ana", json={"subject": "Equipo", "participants": [BOB, jid(DAN)]}
    )
    assert r.status_code == 201, r.text
    group_id: str = r.json()["data"]["groupId"]
    return group_id

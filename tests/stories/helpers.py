"""Statuses read back through the API, for the status tests."""

from __future__ import annotations

from tests.support import eventually


async def statuses(client, session_id: str, path: str = "", **params) -> dict:
    r = await client.get(f"/api/status/sessions/{session_id}{path}", params=params)
    assert r.status_code == 200, r.text
    return r.json()["data"]


async def received(client, session_id: str, count: int = 1) -> list[dict]:
    async def check():
        found = (await statuses(client, session_id, fromMe="false"))["statuses"]
        return found if len(found) >= count else None

    found: list[dict] = await eventually(check)
    return found

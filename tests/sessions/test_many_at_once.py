"""Many requests at once that each wait for the engine's events to be recorded: none may hold a
database connection meanwhile, or together they take the whole pool and wait on each other."""

from __future__ import annotations

import asyncio

import httpx

from tests.support import create_session

# More than the connection pool holds, on SQLite (15) and on PostgreSQL (30).
AT_ONCE = 40


async def test_many_sessions_link_at_once(client: httpx.AsyncClient) -> None:
    created = [await create_session(client, f"crowd_{i}") for i in range(AT_ONCE)]

    async def link(i: int, qr: str) -> httpx.Response:
        return await client.post(
            "/api/sandbox/link", json={"qr": qr, "phoneNumber": f"3460001{i:04d}"}
        )

    answers = await asyncio.gather(*(link(i, s["qrText"]) for i, s in enumerate(created)))
    assert [a.status_code for a in answers] == [200] * AT_ONCE, answers[0].text
    health = (await client.get("/health")).json()["data"]
    assert health["sessions"]["connected"] == AT_ONCE


async def test_a_burst_of_requests_when_the_api_key_is_due_a_touch(
    client: httpx.AsyncClient,
) -> None:
    # A fresh install: every request of the burst finds the key's last use unrecorded.
    answers = await asyncio.gather(*(client.get("/api/sessions") for _ in range(AT_ONCE)))
    assert [a.status_code for a in answers] == [200] * AT_ONCE, answers[0].text

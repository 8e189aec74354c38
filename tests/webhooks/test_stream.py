"""``GET /api/events/stream``: server-sent events over a real HTTP connection."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx

from tests.support import create_session, link_session
from tests.support.auth import ADMIN_EMAIL, ADMIN_PASSWORD, API_KEY
from tests.webhooks.conftest import emit, second_organization


class Stream:
    """An EventSource, frame by frame."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.lines = response.aiter_lines()
        self.comments: list[str] = []

    async def next(self, timeout: float = 5.0) -> dict[str, Any]:
        return await asyncio.wait_for(self._frame(), timeout)

    async def _frame(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        async for line in self.lines:
            if line == "":
                if "data" in fields:
                    fields["id"] = int(fields["id"])
                    fields["json"] = json.loads(fields["data"])
                    return fields
                fields = {}
            elif line.startswith(":"):
                self.comments.append(line)
            else:
                name, _, value = line.partition(": ")
                fields[name] = value
        raise EOFError

    async def until(self, predicate, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Frames up to and including the first one ``predicate`` accepts."""
        frames = []
        while True:
            frame = await self.next(timeout)
            frames.append(frame)
            if predicate(frame):
                return frames


@contextlib.asynccontextmanager
async def stream(live_url: str, headers=None, **params) -> AsyncIterator[Stream]:
    async with (
        httpx.AsyncClient(base_url=live_url, timeout=10) as http,
        http.stream("GET", "/api/events/stream", params=params, headers=headers) as response,
    ):
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        yield Stream(response)


def connected(frame) -> bool:
    return frame["event"] == "session.status" and frame["json"]["data"]["status"] == "connected"


async def test_the_stream_carries_what_webhooks_carry(live_url, client, receiver):
    async with stream(live_url, {"X-API-Key": API_KEY}) as events:
        await link_session(client, "live", "34600000501", webhookUrl=receiver.url)
        frames = await events.until(connected)
    ids = [f["id"] for f in frames]
    assert ids == sorted(ids)
    assert frames[0]["json"]["data"]["status"] == "connecting"
    await receiver.wait_for(len(frames))
    bodies = {r.event_id: r.body.decode() for r in receiver.requests}
    for frame in frames:
        assert frame["event"] == frame["json"]["event"]
        assert frame["data"] == bodies[frame["json"]["id"]]


async def test_filters_by_session_and_type(live_url, client):
    headers = {"X-API-Key": API_KEY}
    wanted = await create_session(client, "wanted")
    async with (
        stream(live_url, headers, sessionId="wanted", types="session_status") as statuses,
        stream(live_url, headers, types="qr_code,message.received") as qr,
    ):
        await link_session(client, "other", "34600000502")
        linked = await client.post(
            "/api/sandbox/link", json={"qr": wanted["qrText"], "phoneNumber": "34600000503"}
        )
        assert linked.status_code == 200
        frames = await statuses.until(connected)
        qr_frame = await qr.next()
    assert {f["json"]["sessionId"] for f in frames} == {"wanted"}
    assert {f["event"] for f in frames} == {"session.status"}
    assert qr_frame["event"] == "session.qr"
    assert qr_frame["json"]["sessionId"] == "other"


async def test_resume_with_last_event_id_replays_then_goes_live(app, live_url, client):
    await link_session(client, "resume", "34600000504")
    async with stream(live_url, {"X-API-Key": API_KEY}) as events:
        await emit(app, "resume", "message.sent", {"n": 1}, chat_id="c")
        first = await events.next()
    missed = [await emit(app, "resume", "message.sent", {"n": n}, chat_id="c") for n in range(2, 5)]
    # EventSource sends the last id it saw as a header when it reconnects.
    headers = {"Last-Event-ID": str(first["id"]), "X-API-Key": API_KEY}
    async with stream(live_url, headers) as events:
        caught_up = [await events.next() for _ in missed]
        live = await emit(app, "resume", "message.sent", {"n": 5}, chat_id="c")
        after = await events.next()
        with contextlib.suppress(TimeoutError):
            extra = await events.next(timeout=0.3)
            raise AssertionError(f"duplicate or unexpected frame {extra}")
    assert [f["json"]["id"] for f in caught_up] == missed
    assert after["json"]["id"] == live
    assert [f["id"] for f in [first, *caught_up, after]] == sorted(
        f["id"] for f in [first, *caught_up, after]
    )

    # The query form, for clients that cannot set headers.
    async with stream(
        live_url, {"X-API-Key": API_KEY}, lastEventId=first["id"], types="message"
    ) as e:
        again = [await e.next() for _ in range(4)]
    assert [f["json"]["id"] for f in again] == [*missed, live]


async def test_tenants_only_see_their_own_events(app, live_url, client, anon):
    _, other_key = await second_organization(anon)
    async with stream(live_url, {"X-API-Key": other_key}) as theirs:
        await link_session(client, "mine", "34600000505")
        created = await anon.post(
            "/api/sessions", json={"sessionId": "theirs"}, headers={"X-API-Key": other_key}
        )
        assert created.status_code == 201
        frame = await theirs.next()
    assert frame["json"]["sessionId"] == "theirs"

    async with httpx.AsyncClient(base_url=live_url) as http:
        path = "/api/events/stream"
        assert (await http.get(path)).status_code == 401
        assert (await http.get(path, headers={"X-API-Key": "ihk_wrong"})).status_code == 401
        response = await http.get(
            path, params={"sessionId": "mine"}, headers={"X-API-Key": other_key}
        )
        assert response.status_code == 404
        assert response.json()["code"] == "SESSION_NOT_FOUND"
        response = await http.get(
            path, params={"types": "messages"}, headers={"X-API-Key": API_KEY}
        )
        assert response.status_code == 400
        assert response.json()["field"] == "types"
        response = await http.get(path, headers={"X-API-Key": API_KEY, "Last-Event-ID": "x"})
        assert response.status_code == 400
        response = await http.get(path, headers={"X-API-Key": API_KEY, "Last-Event-ID": b"\xb3"})
        assert response.status_code == 400  # "³" in Latin-1: a digit to str.isdigit()


async def test_heartbeats_keep_an_idle_stream_open(live_url):
    async with stream(live_url, {"X-API-Key": API_KEY}) as events:

        async def first_comment() -> str | None:
            async for line in events.lines:
                if line.startswith(":"):
                    return line
            return None

        assert await asyncio.wait_for(first_comment(), 20) == ": keep-alive"


async def test_an_open_stream_ends_when_its_key_is_revoked(live_url, anon):
    login = await anon.post(
        "/api/auth/login", json={"identifier": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    auth = {"Authorization": f"Bearer {login.json()['data']['accessToken']}"}
    created = await anon.post("/api/organizations/1/api-keys", json={"name": "tv"}, headers=auth)
    key = created.json()["data"]["apiKey"]
    async with stream(live_url, {"X-API-Key": key["key"]}) as events:

        async def lines_until_the_end() -> list[str]:
            return [line async for line in events.lines]

        reading = asyncio.create_task(lines_until_the_end())
        await asyncio.sleep(0.2)
        assert not reading.done(), "a valid key keeps the stream open"
        revoked = await anon.delete(f"/api/organizations/1/api-keys/{key['id']}", headers=auth)
        assert revoked.status_code == 200
        # The stream ends by itself within a heartbeat or two (0.5 s here).
        await asyncio.wait_for(reading, 10)


async def test_a_stream_ticket_stands_for_the_key_in_the_url(live_url, client, anon):
    ticket = await client.post("/api/events/tickets")
    assert ticket.status_code == 201, ticket.text
    data = ticket.json()["data"]
    assert data["ticket"].startswith("evt_") and API_KEY not in data["ticket"]
    assert data["expiresIn"] == 60
    async with stream(live_url, ticket=data["ticket"]) as events:
        await create_session(client, "ticketed")
        frame = await events.next()
    assert frame["json"]["sessionId"] == "ticketed"
    # Without a key, no ticket.
    assert (await anon.post("/api/events/tickets")).status_code == 401


async def test_keys_are_refused_in_the_url_and_forged_tickets_too(live_url, client):
    good = (await client.post("/api/events/tickets")).json()["data"]["ticket"]
    body, _, signature = good.partition(".")
    # A signature with its first digit changed (to one it is not already).
    tampered = body + "." + ("1" if signature[0] == "0" else "0") + signature[1:]
    async with httpx.AsyncClient(base_url=live_url) as http:
        path = "/api/events/stream"
        r = await http.get(path, params={"apiKey": API_KEY})
        assert r.status_code == 400
        assert r.json()["field"] == "apiKey"
        for forged in (tampered, "evt_e30." + signature, "evt_", "x" * 40):
            r = await http.get(path, params={"ticket": forged})
            assert r.status_code == 401, forged
            assert r.json()["code"] == "INVALID_API_KEY"


async def test_a_ticket_dies_with_its_key(live_url, anon):
    login = await anon.post(
        "/api/auth/login", json={"identifier": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    auth = {"Authorization": f"Bearer {login.json()['data']['accessToken']}"}
    created = await anon.post("/api/organizations/1/api-keys", json={"name": "tv"}, headers=auth)
    key = created.json()["data"]["apiKey"]
    ticket = (await anon.post("/api/events/tickets", headers={"X-API-Key": key["key"]})).json()[
        "data"
    ]["ticket"]
    await anon.delete(f"/api/organizations/1/api-keys/{key['id']}", headers=auth)
    async with httpx.AsyncClient(base_url=live_url) as http:
        r = await http.get("/api/events/stream", params={"ticket": ticket})
        assert r.status_code == 401

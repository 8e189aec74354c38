"""How deliveries read a receiver's answer: every HTTP/1.1 framing, kept-alive connections,
answers that are huge or not HTTP at all."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.support import eventually, link_session
from tests.webhooks.conftest import FAST, deliveries, emit
from tests.webhooks.receiver import Drop, Raw

ANSWERS = {
    "chunked": Raw(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nchunky\r\n0\r\n\r\n", 200
    ),
    # An informational answer first: the real one follows it.
    "continue": Raw(
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 7\r\n\r\ncreated",
        201,
    ),
    # No length: the body ends when the connection does.
    "until-close": Raw(b"HTTP/1.1 202 Accepted\r\n\r\nread to the end", 202, close=True),
    "huge": Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 300000\r\n\r\n" + b"x" * 300_000, 200),
    "not-http": Raw(b"SMTP ready\r\n\r\n", None),
}


@pytest.fixture
def settings_overrides():
    return FAST


async def detail(client, delivery_id):
    response = await client.get(f"/api/webhooks/deliveries/{delivery_id}")
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def test_every_framing_of_an_answer_is_read(app, client, receivers):
    tries: Counter[str] = Counter()

    def script(request):
        mode = request.json()["data"]["mode"]
        tries[mode] += 1
        return 200 if mode == "not-http" and tries[mode] > 1 else ANSWERS[mode]

    receiver = await receivers(script)
    await link_session(client, "framing", "34600000501", webhookUrl=receiver.url)
    ids = {
        mode: await emit(app, "framing", "message.sent", {"mode": mode}, chat_id=mode)
        for mode in ANSWERS
    }

    async def all_succeeded() -> bool:
        done = {d["eventId"] for d in await deliveries(client, status="succeeded")}
        return set(ids.values()) <= done

    await eventually(all_succeeded, timeout=15)
    by_event = {d["eventId"]: d for d in await deliveries(client)}
    first = {
        mode: (await detail(client, by_event[event_id]["id"]))["attemptLog"][0]
        for mode, event_id in ids.items()
    }
    assert (first["chunked"]["responseStatus"], first["chunked"]["responseBody"]) == (
        200,
        "chunky",
    )
    assert (first["continue"]["responseStatus"], first["continue"]["responseBody"]) == (
        201,
        "created",
    )
    assert first["until-close"]["responseBody"] == "read to the end"
    # Only the start of a big answer is kept.
    assert first["huge"]["responseStatus"] == 200 and first["huge"]["responseBody"] == "x" * 1024
    # Not HTTP: a failed attempt that says so, then the retry went through.
    assert first["not-http"]["responseStatus"] is None
    assert "malformed answer" in first["not-http"]["error"]
    assert by_event[ids["not-http"]]["attempts"] == 2


async def test_connections_are_kept_alive_between_deliveries(app, client, receivers):
    receiver = await receivers()
    await link_session(client, "keepalive", "34600000502", webhookUrl=receiver.url)
    for n in range(40):
        await emit(app, "keepalive", "message.sent", {"n": n}, chat_id=f"chat{n % 4}")
    await receiver.wait_for(40, timeout=15)
    # One connection per delivery in flight at most (four chats, and the session's status
    # changes from linking), not one per delivery.
    assert receiver.connections <= 5


async def test_a_connection_the_receiver_closed_while_idle_is_replaced(app, client, receivers):
    receiver = await receivers()
    receiver.close_after_answer = True  # and says nothing about it
    await link_session(client, "reconnect", "34600000503", webhookUrl=receiver.url)
    for n in range(5):
        await emit(app, "reconnect", "message.sent", {"n": n}, chat_id="one")
        await receiver.wait_for(n + 1)

    async def recorded() -> list[tuple[str, int]]:
        sent = [d for d in await deliveries(client) if d["event"] == "message.sent"]
        return [(d["status"], d["attempts"]) for d in sent]

    async def settled() -> bool:
        return "pending" not in {status for status, _ in await recorded()}

    await eventually(settled, timeout=10)
    # The stale connection was noticed before sending, or the request went again on a new one
    # at once: no attempt failed because of it.
    assert await recorded() == [("succeeded", 1)] * 5


async def test_a_request_dropped_on_a_kept_alive_connection_is_a_failed_attempt(
    app, client, receivers
):
    # The receiver reads the request, then closes the connection without answering: it may
    # have acted on it, so the gateway records a failed attempt instead of resending unseen.
    seen: Counter[str] = Counter()

    def script(request):
        seen[request.event_id] += 1
        dropped = request.json()["data"].get("drop") and seen[request.event_id] == 1
        return Drop() if dropped else 200

    receiver = await receivers(script)
    await link_session(client, "dropper", "34600000504", webhookUrl=receiver.url)
    await receiver.wait_for(1)  # the session's own events: the connection is now kept alive
    event_id = await emit(app, "dropper", "message.sent", {"drop": True}, chat_id="one")

    async def delivered():
        found = [d for d in await deliveries(client) if d["eventId"] == event_id]
        return found if found and found[0]["status"] == "succeeded" else None

    [delivery] = await eventually(delivered, timeout=10)
    assert delivery["attempts"] == 2
    log = (await detail(client, delivery["id"]))["attemptLog"]
    assert [a["responseStatus"] for a in log] == [None, 200]
    assert seen[event_id] == 2

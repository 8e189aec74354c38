"""Traffic for the sink tests: contacts writing to a sandbox session, and what a consumer must
have seen of it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.sinks.brokers import Delivered
from tests.support import eventually
from tests.support.signatures import standard_webhooks_receiver, verify_webhook_signature

CONTACTS = ["34611110001", "34611110002", "34611110003"]


async def write(client: httpx.AsyncClient, session_id: str, sender: str, text: str) -> None:
    response = await client.post(
        "/api/sandbox/messages",
        json={"from": sender, "to": session_id, "type": "text", "message": text},
    )
    assert response.status_code == 200, response.text


async def chatter(client: httpx.AsyncClient, session_id: str, rounds: range) -> list[str]:
    """Each contact writes ``{contact}-{n}`` for each round, interleaved; returns the texts."""
    texts = []
    for n in rounds:
        for contact in CONTACTS:
            text = f"{contact}-{n}"
            await write(client, session_id, contact, text)
            texts.append(text)
    return texts


def received(messages: list[Delivered]) -> list[Delivered]:
    return [m for m in messages if m.json()["event"] == "message.received"]


async def all_arrive(
    read: Callable[[], Awaitable[list[Delivered]]], texts: list[str], timeout: float = 60.0
) -> list[Delivered]:
    """Wait until every text was published at least once; returns every message received."""
    wanted = set(texts)

    async def done() -> list[Delivered] | None:
        got = received(await read())
        seen = {m.json()["data"]["message"]["content"] for m in got}
        return got if wanted <= seen else None

    result: list[Delivered] = await eventually(done, timeout=timeout, interval=0.1)
    return result


def assert_in_order_per_chat(messages: list[Delivered], texts: list[str]) -> None:
    """Each chat's first copies arrive in the order its contact wrote them."""
    first_seen: list[str] = []
    ids: set[str] = set()
    for message in messages:
        if message.event_id not in ids:
            ids.add(message.event_id)
            first_seen.append(message.json()["data"]["message"]["content"])
    for contact in CONTACTS:
        wrote = [t for t in texts if t.startswith(contact)]
        got = [t for t in first_seen if t.startswith(contact)]
        assert got == wrote, (contact, got)


async def deliveries_of(client: httpx.AsyncClient, sink_id: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        response = await client.get(
            "/api/webhooks/deliveries",
            params={"subscriptionId": sink_id, "limit": 200, "page": page},
        )
        data = response.json()["data"]
        items += data["deliveries"]
        if page >= data["pagination"]["pages"]:
            return items
        page += 1


async def failing(client: httpx.AsyncClient, sink_id: int) -> list[dict[str, Any]]:
    """Waits until the delivery log shows attempts that failed and wait for their retry."""

    async def some() -> list[dict[str, Any]]:
        items = await deliveries_of(client, sink_id)
        return [d for d in items if d["status"] == "pending" and d["attempts"] >= 1 and d["error"]]

    result: list[dict[str, Any]] = await eventually(some, timeout=30)
    return result


async def settled(client: httpx.AsyncClient, sink_id: int, count: int) -> list[dict[str, Any]]:
    async def done() -> list[dict[str, Any]] | None:
        items = await deliveries_of(client, sink_id)
        ok = len(items) >= count and all(d["status"] == "succeeded" for d in items)
        return items if ok else None

    result: list[dict[str, Any]] = await eventually(done, timeout=60, interval=0.1)
    return result


def assert_same_as_webhook(message: Delivered, webhook: Any, secret: str) -> None:
    """The broker's message carries the webhook's body and headers: one parser reads both."""
    assert message.body == webhook.body
    for name in (
        "content-type",
        "user-agent",
        "webhook-id",
        "x-webhook-event",
        "x-webhook-session",
        "x-webhook-signature",
        "x-signature",
    ):
        assert message.headers[_spelled(message.headers, name)] == webhook.headers[name], name
    headers = {k.lower(): v for k, v in message.headers.items()}
    assert verify_webhook_signature(message.body, headers["x-webhook-signature"], secret)
    verified = standard_webhooks_receiver(secret).verify(message.body, headers)
    assert verified["id"] == message.event_id


def _spelled(headers: dict[str, str], name: str) -> str:
    return next(k for k in headers if k.lower() == name)

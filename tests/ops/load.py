"""Steady traffic against a real gateway process, and what it must find after a restart."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.auth import API_KEY
from tests.support.processes import healthy, settled, wait_connected
from tests.webhooks.receiver import Receiver

A_PHONE, B_PHONE = "34600000801", "34600000802"


def database_urls() -> list[str | None]:
    urls: list[str | None] = [None]
    configured = os.environ.get("INBOXHUB_TEST_DATABASE_URL", "")
    if configured.startswith("postgresql"):
        urls.append(configured)
    return urls


@dataclass
class Load:
    """Session ``load_a`` sends to simulated contacts and to ``load_b``'s number; contacts write
    to ``load_b`` through the sandbox. Keeps what the gateway answered 2xx to."""

    api: httpx.AsyncClient
    sends: list[dict[str, Any]] = field(default_factory=list)
    peer_sends: set[str] = field(default_factory=set)  # WhatsApp ids of sends to load_b
    inbound: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # answers that were neither 2xx nor cut
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    # Called at once when a send to load_b is answered (to kill the gateway at that instant).
    on_peer_answer: Callable[[], None] | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def start(self, senders: int = 3, contacts: int = 3) -> None:
        self.tasks = [asyncio.create_task(self._send(n)) for n in range(senders)]
        self.tasks += [asyncio.create_task(self._write(n)) for n in range(contacts)]

    async def stop(self) -> None:
        self.stopping.set()
        await asyncio.gather(*self.tasks)

    @property
    def answered(self) -> int:
        return min(len(self.sends), len(self.inbound))

    async def _post(self, url: str, body: dict[str, Any]) -> dict[str, Any] | None:
        try:
            response = await self.api.post(url, json=body)
        except httpx.TransportError:
            self.stopping.set()  # the gateway is gone: what was in flight was never answered
            return None
        if response.is_success:
            data: dict[str, Any] = response.json()["data"]
            return data
        self.failures.append(f"{url} {response.status_code} {response.text[:200]}")
        return None

    async def _send(self, n: int) -> None:
        i = 0
        while not self.stopping.is_set():
            to = B_PHONE if i % 2 else f"3461300{n:04d}"
            data = await self._post(
                "/api/messages/load_a/send", {"to": to, "message": f"out {n}-{i}"}
            )
            if data is not None:
                self.sends.append(data)
                if to == B_PHONE:
                    self.peer_sends.add(data["whatsappMessageId"])
                    if self.on_peer_answer is not None:
                        self.on_peer_answer()
            i += 1

    async def _write(self, n: int) -> None:
        i = 0
        while not self.stopping.is_set():
            body = {"from": f"3461400{n:04d}", "to": B_PHONE, "message": f"in {n}-{i}"}
            data = await self._post("/api/sandbox/messages", body)
            if data is not None:
                self.inbound.append(data)
            i += 1


async def messages(api: httpx.AsyncClient, session_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        response = await api.get(f"/api/messages/{session_id}", params={"page": page, "limit": 100})
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        items += data["messages"]
        if page >= data["pagination"]["pages"]:
            return items
        page += 1


async def missing(api: httpx.AsyncClient, load: Load) -> dict[str, list[str]]:
    """What is not there yet: answered sends not stored, or stored but not delivered (to the
    contact's phone or to ``load_b``), and messages the sandbox accepted not stored at ``load_b``."""
    sent = {m["id"]: m for m in await messages(api, "load_a")}
    absent, undelivered = [], []
    for answer in load.sends:
        stored = sent.get(answer["messageId"])
        if stored is None or stored["whatsappMessageId"] != answer["whatsappMessageId"]:
            absent.append(answer["messageId"])
        elif stored["status"] not in ("delivered", "read"):
            undelivered.append(f"{stored['id']}:{stored['status']}")
    at_b = {m["whatsappMessageId"] for m in await messages(api, "load_b") if not m["fromMe"]}
    expected = load.peer_sends | {a["whatsappMessageId"] for a in load.inbound}
    gaps = {
        "not stored": absent,
        "not delivered": undelivered,
        "not at load_b": sorted(expected - at_b),
    }
    return {what: ids for what, ids in gaps.items() if ids}


async def everything_arrives(api: httpx.AsyncClient, load: Load, *, timeout: float = 60) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while gaps := await missing(api, load):
        assert asyncio.get_running_loop().time() < deadline, gaps
        await asyncio.sleep(0.5)


def check_webhooks(receiver: Receiver, load: Load, log: list[dict[str, Any]]) -> None:
    """Each event arrived, possibly more than once but always with the same id; no message was
    published twice under different ids, and no status change was."""
    accepted = receiver.accepted
    assert {d["eventId"] for d in log} <= {r.event_id for r in accepted}
    per_fact: dict[tuple[str, ...], set[str]] = {}
    for request in accepted:
        body = request.json()
        data = body["data"]
        if body["event"] == "message.received":
            fact: tuple[str, ...] = (body["event"], data["message"]["whatsappMessageId"])
        elif body["event"] == "message.status":
            fact = (body["event"], str(data["messageId"]), data["status"])
        else:
            continue
        per_fact.setdefault(fact, set()).add(body["id"])
    duplicated = {fact: ids for fact, ids in per_fact.items() if len(ids) > 1}
    assert not duplicated, duplicated
    received = {fact[1] for fact in per_fact if fact[0] == "message.received"}
    missing = (load.peer_sends | {a["whatsappMessageId"] for a in load.inbound}) - received
    assert not missing


async def restart_and_check(
    start: Callable[[], Any], base_url: str, receiver: Receiver, load: Load
) -> None:
    """Start the gateway again: both sessions come back, everything arrives, once per event id."""
    await start()
    await healthy(base_url)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=30
    ) as api:
        for session_id in ("load_a", "load_b"):
            await wait_connected(api, session_id)
        await everything_arrives(api, load)
        # Well within the claim lease (60 s): the deliveries the killed process had claimed go
        # out again at once, as the restarted gateway takes its place.
        log = await settled(api, timeout=30)
    check_webhooks(receiver, load, log)

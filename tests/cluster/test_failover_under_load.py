"""Three nodes and one sandbox network under a steady send load: a node killed with SIGKILL and
then every node restarted in turn (SIGTERM, a fresh node in its place). Every send the gateway
accepted reaches its recipient exactly once, no webhook event is lost or delivered twice at
the same time, and while nodes hand their sessions over the only error is a short 503."""

from __future__ import annotations

import asyncio
import itertools
import signal
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.cluster.test_nodes import LEASE, Node, start_nodes
from tests.cluster.test_sandbox_network import (
    NetworkProcess,
    connected,
    create_and_link,
    holds,
    network,  # noqa: F401  (a fixture)
)
from tests.support import eventually
from tests.webhooks.receiver import Received, Receiver
from tests.webhooks.test_crash import free_port, gateway_env, healthy

pytestmark = pytest.mark.slow

SENDERS = [f"load_{n}" for n in range(6)]
INBOX, INBOX_PHONE = "inbox", "34602000999"


class Load:
    """Writers sending from every sender to the inbox through whichever nodes are in rotation
    (a load balancer's list: a node leaves it before it is stopped)."""

    def __init__(self, nodes: list[Node]) -> None:
        self.rotation = list(nodes)
        self.accepted: list[str] = []
        self.accepted_pks: set[int] = set()
        self.answers: Counter[int] = Counter()
        self.errors: list[str] = []
        self.unanswered = 0  # the killed node's open requests: the client saw the socket close
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._turn = itertools.count()

    def start(self, writers: int = 4) -> None:
        self._tasks = [asyncio.create_task(self._write(n)) for n in range(writers)]

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks)

    def phase(self) -> Counter[int]:
        """The answers so far, and a fresh count from now on."""
        answers, self.answers = self.answers, Counter()
        return answers

    async def _write(self, writer: int) -> None:
        while not self._stop.is_set():
            n = next(self._turn)
            node = self.rotation[n % len(self.rotation)]
            sender = SENDERS[n % len(SENDERS)]
            try:
                r = await node.api.post(
                    f"/api/messages/{sender}/send",
                    json={"to": INBOX_PHONE, "message": f"{writer}-{n}"},
                    headers={"Idempotency-Key": f"load-{n}"},
                )
            except httpx.TransportError:
                self.unanswered += 1
                continue
            self.answers[r.status_code] += 1
            if r.status_code not in (200, 503):
                self.errors.append(r.text)
            message = r.json()["data"]["message"] if r.status_code == 200 else {}
            if message.get("whatsappMessageId"):  # else queued for the session's next node
                self.accepted.append(message["whatsappMessageId"])
                self.accepted_pks.add(message["id"])
            elif r.status_code == 503:
                await asyncio.sleep(float(r.headers.get("Retry-After", "1")) / 10)


class Deliveries:
    """The webhook receiver's side: each event's deliveries, and any that overlapped."""

    def __init__(self) -> None:
        self.in_flight: set[str] = set()
        self.overlapping: list[str] = []

    async def __call__(self, request: Received) -> int:
        event_id = request.event_id
        if event_id in self.in_flight:
            self.overlapping.append(event_id)
        self.in_flight.add(event_id)
        try:
            await asyncio.sleep(0.005)  # a receiver's own work: a window for a second delivery
        finally:
            self.in_flight.discard(event_id)
        return 200


def failed_sends(receiver: Receiver) -> set[int]:
    """Ids of the sent messages whose ``message.status`` said ``failed``."""
    return {
        body["data"]["messageId"]
        for body in (request.json() for request in receiver.accepted)
        if body["event"] == "message.status" and body["data"]["status"] == "failed"
    }


def inbox_arrivals(receiver: Receiver) -> dict[str, set[str]]:
    """WhatsApp id → the ids of the ``message.received`` events the inbox recorded for it."""
    found: dict[str, set[str]] = defaultdict(set)
    for request in receiver.accepted:
        body = request.json()
        if body["event"] == "message.received" and body["data"]["sessionId"] == INBOX:
            found[body["data"]["message"]["whatsappMessageId"]].add(request.event_id)
    return found


SEEN: dict[str, Any] = {}


async def all_connected_on(api: httpx.AsyncClient, alive: set[str]) -> bool:
    """Every session connected and driven by one of the ``alive`` nodes."""
    for session_id in [*SENDERS, INBOX]:
        response = await api.get(f"/api/sessions/{session_id}")
        if response.status_code != 200:
            SEEN[session_id] = response.text
            return False
        session = response.json()["data"]["session"]
        SEEN[session_id] = (session["node"], session["status"], session["lastDisconnectReason"])
        if session["node"] not in alive or session["status"] != "connected":
            return False
    return True


async def test_a_killed_node_and_a_rolling_restart_lose_no_send(
    processes: Callable[..., Any],
    tmp_path: Path,
    database_url: str,
    network: NetworkProcess,  # noqa: F811
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("cluster mode runs on PostgreSQL")
    deliveries = Deliveries()
    receiver = await Receiver(deliveries).start()
    nodes = await start_nodes(processes, tmp_path, database_url, 3, **network.for_nodes)
    names = {node.url: f"node-{n + 1}" for n, node in enumerate(nodes)}
    load = Load(nodes)
    try:
        api = nodes[0].api
        for n, session_id in enumerate([*SENDERS, INBOX]):
            phone = INBOX_PHONE if session_id == INBOX else f"346020000{n:02d}"
            await create_and_link(api, session_id, phone, receiver.url)
        await eventually(lambda: connected(api, *SENDERS, INBOX), timeout=30)
        load.start()
        await eventually(holds(lambda: len(load.accepted) >= 30), timeout=30)

        # SIGKILL: node-2's sessions are driven elsewhere within the lease and a few seconds.
        load.rotation.remove(nodes[1])
        killed_at = time.monotonic()
        await nodes[1].process.signal(signal.SIGKILL)
        await eventually(
            lambda: all_connected_on(api, {"node-1", "node-3"}), timeout=LEASE + 15, interval=0.2
        )
        assert time.monotonic() - killed_at < 15
        assert set(load.phase()) <= {200, 503}, load.errors[:3]

        # A rolling restart: a fresh node joins, then an old one is stopped and hands over.
        alive = {"node-1", "node-3"}
        for n, old in ((4, nodes[0]), (5, nodes[2])):
            port = free_port()
            env = gateway_env(
                tmp_path,
                port,
                database_url,
                INBOXHUB_NODE_ID=f"node-{n}",
                INBOXHUB_CLUSTER_LEASE_SECONDS=str(LEASE),
                **network.for_nodes,
            )
            fresh = Node(await processes("serve", env).start(), port)
            await healthy(fresh.url)
            load.rotation.append(fresh)
            alive.add(f"node-{n}")
            before = len(load.accepted)
            load.rotation.remove(old)
            alive.discard(names[old.url])
            assert await old.process.signal(signal.SIGTERM) == 0
            try:
                await eventually(
                    lambda api=fresh.api: all_connected_on(api, alive), timeout=30, interval=0.2
                )
            except AssertionError:
                raise AssertionError((alive, SEEN)) from None
            await eventually(
                holds(lambda before=before: len(load.accepted) >= before + 20), timeout=30
            )
            answers = load.phase()
            assert set(answers) <= {200, 503}, (answers, load.errors[:3])
            assert answers[503] <= 0.05 * sum(answers.values()), answers
            api = fresh.api
            nodes.append(fresh)
        await load.stop()

        # Every accepted send reached the inbox, and was recorded there once.
        accepted = set(load.accepted)
        assert len(accepted) == len(load.accepted)  # no WhatsApp id answered twice
        await eventually(holds(lambda: accepted <= set(inbox_arrivals(receiver))), timeout=60)
        arrivals = inbox_arrivals(receiver)
        assert all(len(arrivals[wamid]) == 1 for wamid in accepted)
        assert deliveries.overlapping == []
        # None was taken for lost by a node that started or took a session over meanwhile.
        assert not failed_sends(receiver) & load.accepted_pks
    finally:
        await load.stop()
        await receiver.stop()
        for node in nodes:
            await node.api.aclose()

"""One sandbox network process for several gateway processes: sessions on different nodes talk to
each other, a restart of the network loses no message it accepted, and a session that moves to
another node keeps its linked phone."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.cluster.helpers import start_nodes
from tests.support import eventually
from tests.support.auth import API_KEY
from tests.support.database import truncate
from tests.support.ports import free_port
from tests.support.processes import gateway_env, healthy
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.slow

TOKEN = "sandbox-network-test-token"
ALICE, BOB = "34600000901", "34600000902"


class NetworkProcess:
    """``inboxhub sandbox-network`` on a loopback port, with a data directory of its own."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.url = f"ws://127.0.0.1:{self.port}"
        self.log = tmp_path / "sandbox-network.log"
        self.env = gateway_env(
            tmp_path,
            0,
            None,
            INBOXHUB_DATA_DIR=str(tmp_path / "sandbox-network"),
            INBOXHUB_SANDBOX_TOKEN=TOKEN,
        )
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def for_nodes(self) -> dict[str, str]:
        return {"INBOXHUB_SANDBOX_URL": self.url, "INBOXHUB_SANDBOX_TOKEN": TOKEN}

    async def start(self) -> NetworkProcess:
        with self.log.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                "from inboxhub.cli import main; main()",
                "sandbox-network",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                env=self.env,
                stdout=out,
                stderr=out,
            )
        await healthy(f"http://127.0.0.1:{self.port}")
        return self

    async def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()


@pytest.fixture
async def network(tmp_path: Path) -> AsyncIterator[NetworkProcess]:
    process = NetworkProcess(tmp_path)
    yield await process.start()
    await process.kill()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = await Receiver().start()
    yield receiver
    await receiver.stop()


async def create_and_link(
    api: httpx.AsyncClient, session_id: str, phone: str, webhook_url: str
) -> dict[str, Any]:
    created = await api.post(
        "/api/sessions",
        json={
            "sessionId": session_id,
            "webhookUrl": webhook_url,
            "webhookSecret": "k",
            "webhookEvents": ["message"],
        },
    )
    assert created.status_code == 201, created.text
    data: dict[str, Any] = created.json()["data"]
    linked = await api.post(
        "/api/sandbox/link",
        json={"qr": data["qrText"], "phoneNumber": phone, "pushName": session_id.title()},
    )
    assert linked.status_code == 200, linked.text
    return data


async def session_status(api: httpx.AsyncClient, session_id: str) -> dict[str, Any]:
    response = await api.get(f"/api/sessions/{session_id}/status")
    data: dict[str, Any] = response.json().get("data") or {}
    return data if response.status_code == 200 else {}


async def connected(api: httpx.AsyncClient, *session_ids: str) -> bool:
    return all([(await session_status(api, s)).get("status") == "connected" for s in session_ids])


def holds(condition: Callable[[], bool]) -> Callable[[], Any]:
    """``condition`` as the coroutine ``eventually`` polls."""

    async def check() -> bool:
        return condition()

    return check


def arrived(receiver: Receiver, session_id: str) -> set[str]:
    """WhatsApp ids of the messages whose ``message.received`` reached the webhook."""
    found = set()
    for request in receiver.accepted:
        body = request.json()
        if body["event"] == "message.received" and body["data"]["sessionId"] == session_id:
            found.add(body["data"]["message"]["whatsappMessageId"])
    return found


async def test_sessions_on_two_nodes_talk_and_a_moved_session_keeps_its_link(
    processes: Callable[..., Any],
    tmp_path: Path,
    database_url: str,
    network: NetworkProcess,
    receiver: Receiver,
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("cluster mode runs on PostgreSQL")
    nodes = await start_nodes(processes, tmp_path, database_url, 2, **network.for_nodes)
    try:
        api = nodes[0].api
        placed = {"alice": (await create_and_link(api, "alice", ALICE, receiver.url))["node"]}

        async def bob_elsewhere() -> bool:
            """bob on the node that does not drive alice (placement may choose either)."""
            data = await create_and_link(api, "bob", BOB, receiver.url)
            placed["bob"] = data["node"]
            if placed["bob"] != placed["alice"]:
                return True
            assert (await api.delete("/api/sessions/bob")).status_code == 200
            return False

        # The phone scans through node 1 whichever node drives the session: one network.
        await eventually(bob_elsewhere, timeout=30, interval=0.5)
        await eventually(lambda: connected(api, "alice", "bob"), timeout=20)

        # alice (one node) writes to bob's number (the other node): bob's webhook has it.
        sent = await nodes[1].api.post(
            "/api/messages/alice/send", json={"to": BOB, "message": "Hola desde el otro nodo"}
        )
        assert sent.status_code == 200, sent.text
        first = sent.json()["data"]["message"]["whatsappMessageId"]
        await eventually(holds(lambda: first in arrived(receiver, "bob")), timeout=20)

        # The node that drives bob stops: bob moves to the other node, still linked (no QR).
        bobs = nodes[int(placed["bob"].rsplit("-", 1)[1]) - 1]  # nodes are node-1, node-2
        other = next(n for n in nodes if n is not bobs)
        assert await bobs.process.signal(signal.SIGTERM) == 0

        async def moved() -> bool:
            status = await session_status(other.api, "bob")
            return status.get("status") == "connected" and status.get("phoneNumber") == BOB

        await eventually(moved, timeout=30, interval=0.1)
        session = (await other.api.get("/api/sessions/bob")).json()["data"]["session"]
        assert session["node"] == placed["alice"]

        # alice writes again; bob, now on alice's node, gets it too.
        again = await other.api.post(
            "/api/messages/alice/send", json={"to": BOB, "message": "¿Sigues ahí?"}
        )
        assert again.status_code == 200, again.text
        second = again.json()["data"]["message"]["whatsappMessageId"]
        await eventually(holds(lambda: second in arrived(receiver, "bob")), timeout=20)
    finally:
        for node in nodes:
            await node.api.aclose()


async def test_a_restart_of_the_network_loses_no_accepted_message(
    processes: Callable[..., Any],
    tmp_path: Path,
    database_url: str,
    network: NetworkProcess,
    receiver: Receiver,
) -> None:
    postgres = database_url if database_url.startswith("postgresql") else None
    if postgres:
        await truncate(postgres)
    port = free_port()
    env = gateway_env(tmp_path, port, postgres, **network.for_nodes)
    await processes("serve", env).start()
    base_url = f"http://127.0.0.1:{port}"
    await healthy(base_url)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=20
    ) as api:
        await create_and_link(api, "alice", ALICE, receiver.url)
        await create_and_link(api, "bob", BOB, receiver.url)
        await eventually(lambda: connected(api, "alice", "bob"), timeout=20)

        accepted: list[str] = []
        answers: dict[int, int] = {}
        stop = asyncio.Event()

        async def writer(n: int) -> None:
            count = 0
            while not stop.is_set():
                count += 1
                r = await api.post(
                    "/api/messages/alice/send", json={"to": BOB, "message": f"{n}-{count}"}
                )
                answers[r.status_code] = answers.get(r.status_code, 0) + 1
                if r.status_code == 200:
                    accepted.append(r.json()["data"]["message"]["whatsappMessageId"])
                else:
                    await asyncio.sleep(0.02)

        writers = [asyncio.create_task(writer(n)) for n in range(4)]
        await eventually(holds(lambda: len(accepted) >= 20), timeout=20)
        # Mid-stream: the network process dies and comes back on the same port and data.
        await network.kill()
        before = len(accepted)
        await network.start()
        await eventually(lambda: connected(api, "alice", "bob"), timeout=20)
        await eventually(holds(lambda: len(accepted) >= before + 20), timeout=20)
        stop.set()
        await asyncio.gather(*writers)

        # Every send the gateway answered with a WhatsApp id reached bob's webhook.
        assert set(answers) <= {200, 409, 502, 503}, answers
        await eventually(holds(lambda: set(accepted) <= arrived(receiver, "bob")), timeout=30)


async def test_the_virtual_phone_plays_against_the_network_process(
    processes: Callable[..., Any],
    tmp_path: Path,
    database_url: str,
    network: NetworkProcess,
    receiver: Receiver,
) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{network.port}") as raw:
        assert (await raw.get("/health")).status_code == 200
        upgrade = {
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        }
        assert (await raw.get("/", headers=upgrade)).status_code == 401
        wrong = {**upgrade, "Authorization": "Bearer not-the-token"}
        assert (await raw.get("/", headers=wrong)).status_code == 401

    postgres = database_url if database_url.startswith("postgresql") else None
    if postgres:
        await truncate(postgres)
    port = free_port()
    await processes("serve", gateway_env(tmp_path, port, postgres, **network.for_nodes)).start()
    await healthy(f"http://127.0.0.1:{port}")
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", headers={"X-API-Key": API_KEY}, timeout=20
    ) as api:
        await create_and_link(api, "alice", ALICE, receiver.url)
        await create_and_link(api, "bob", BOB, receiver.url)
        await eventually(lambda: connected(api, "alice", "bob"), timeout=20)
        carla = "34611110000"

        settings = await api.put("/api/sandbox/network", json={"notOnWhatsApp": ["34699999990"]})
        assert settings.json()["data"]["notOnWhatsApp"] == ["34699999990"], settings.text
        refused = await api.post(
            "/api/messages/alice/send", json={"to": "34699999990", "message": "?"}
        )
        assert refused.status_code == 400, refused.text

        saved = await api.post(
            "/api/sandbox/contacts",
            json={"phoneNumber": carla, "pushName": "Carla", "sessionId": "alice", "name": "C"},
        )
        assert saved.status_code == 200, saved.text
        assert saved.json()["data"]["savedBy"] == "alice"

        wrote = await api.post(
            "/api/sandbox/messages", json={"from": carla, "to": "alice", "message": "Hola"}
        )
        assert wrote.status_code == 200, wrote.text
        assert wrote.json()["data"]["message"]["body"] == "Hola"
        # From bob's number: bob's phone writes, alice receives.
        from_bob = await api.post(
            "/api/sandbox/messages", json={"from": BOB, "to": ALICE, "message": "Soy Bob"}
        )
        assert from_bob.status_code == 200, from_bob.text
        assert from_bob.json()["data"]["sessionId"] == "bob"
        bobs = from_bob.json()["data"]["whatsappMessageId"]
        await eventually(holds(lambda: bobs in arrived(receiver, "alice")), timeout=20)

        sent = await api.post("/api/messages/alice/send", json={"to": carla, "message": "Dime"})
        assert sent.status_code == 200, sent.text
        read = await api.post(
            "/api/sandbox/receipts", json={"from": carla, "to": "alice", "all": True}
        )
        assert read.status_code == 200, read.text
        assert read.json()["data"]["messageIds"], read.text

        status = await api.post(
            "/api/sandbox/statuses", json={"from": carla, "type": "text", "text": "De viaje"}
        )
        assert status.status_code == 201, status.text
        assert status.json()["data"]["deliveredTo"] == ["alice"]

        # The session's own profile is changed in the network, picture bytes and all: another
        # session reads it there.
        png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
        profile = await api.put(
            "/api/sessions/alice/profile",
            json={"about": "En el network", "picture": f"data:image/png;base64,{png}"},
        )
        assert profile.status_code == 200, profile.text
        shown = profile.json()["data"]["profile"]
        assert shown["about"] == "En el network" and shown["profilePictureUrl"]
        seen = await api.get(f"/api/contacts/bob/info/{ALICE}")
        assert seen.json()["data"]["contact"]["about"] == "En el network", seen.text

        dropped = await api.post("/api/sandbox/sessions/alice/drop")
        assert dropped.status_code == 200, dropped.text
        await eventually(lambda: connected(api, "alice"), timeout=20)

        gone = await api.post("/api/sandbox/sessions/bob/logout")
        assert gone.status_code == 200, gone.text
        assert gone.json()["data"]["status"] == "disconnected"
        assert (await session_status(api, "bob")).get("status") == "disconnected"

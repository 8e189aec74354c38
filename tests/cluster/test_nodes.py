"""Three gateway processes on one PostgreSQL: sessions spread over them, any node answers for
any session, a node killed with SIGKILL loses its sessions to the others, a node stopped with
SIGTERM hands them over first, and a revoked key stops working everywhere at once."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.cluster.helpers import LEASE, Node, start_nodes
from tests.support import eventually
from tests.support.auth import ADMIN_EMAIL, ADMIN_PASSWORD

pytestmark = pytest.mark.slow


@pytest.fixture
def postgres(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("cluster mode runs on PostgreSQL")
    return database_url


def _unsigned(answer: str) -> Any:
    """An answer with its signed media links' expiry left out: a link expires a fixed time after
    the second it was made, and two requests may straddle a second."""
    return json.loads(re.sub(r"expires=\d+&signature=[0-9a-f]+", "expires=&signature=", answer))


async def status(node: Node, session_id: str) -> dict[str, Any]:
    response = await node.api.get(f"/api/sessions/{session_id}/status")
    assert response.status_code in (200, 503), response.text
    data: dict[str, Any] = response.json().get("data") or {}
    return data


async def owners(node: Node, session_ids: list[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for session_id in session_ids:
        response = await node.api.get(f"/api/sessions/{session_id}")
        # 503 SESSION_MOVING while its node is dead and not yet replaced.
        found[session_id] = (
            response.json()["data"]["session"]["node"] if response.status_code == 200 else None
        )
    return found


async def link_everywhere(nodes: list[Node], session_ids: list[str]) -> dict[str, str]:
    """Create every session through the first node; link each on the node that drives it (the
    sandbox of each node plays the phone for its own sessions)."""
    urls = {
        n["nodeId"]: n["url"]
        for n in (await nodes[0].api.get("/api/cluster")).json()["data"]["nodes"]
    }
    by_url = {node.url: node for node in nodes}
    placed = {}
    for n, session_id in enumerate(session_ids):
        created = await nodes[0].api.post("/api/sessions", json={"sessionId": session_id})
        assert created.status_code == 201, created.text
        data = created.json()["data"]
        placed[session_id] = data["node"]
        owner = by_url[urls[data["node"]]]
        linked = await owner.api.post(
            "/api/sandbox/link", json={"qr": data["qrText"], "phoneNumber": f"3460100{n:04d}"}
        )
        assert linked.status_code == 200, linked.text
    for session_id in session_ids:
        await eventually(lambda s=session_id: _connected(nodes[0], s), timeout=20)
    return placed


async def _connected(node: Node, session_id: str) -> bool:
    return (await status(node, session_id)).get("status") == "connected"


async def _answers_pass_through_unchanged(other: Node, owner: Node, session_id: str) -> None:
    """What a node forwards reaches the owner as it was sent and comes back as it was answered:
    bodies read whole and bodies that stream in (a large upload), errors, query strings, and
    several requests one after the other on the nodes' kept-alive connections."""
    small = b"%PDF-1.4 small " + bytes(range(256)) * 4
    large = b"%PDF-1.4 large " + bytes(range(256)) * 2048  # 512 KB: it arrives in chunks
    uploaded = []
    for name, data in (("small.pdf", small), ("large.pdf", large)):
        r = await other.api.post(
            f"/api/media/sessions/{session_id}/upload",
            files={"file": (name, data, "application/pdf")},
        )
        assert r.status_code == 201, r.text
        media = r.json()["data"]["media"]
        assert (media["filename"], media["size"]) == (name, len(data))
        assert media["sha256"] == hashlib.sha256(data).hexdigest()
        uploaded.append(r.json()["data"]["mediaId"])
    for path in (
        f"/api/media/sessions/{session_id}?limit=1&page=2",
        f"/api/sessions/{session_id}",
        f"/api/messages/{session_id}?limit=3",
    ):
        via_other, via_owner = await other.api.get(path), await owner.api.get(path)
        assert via_other.status_code == via_owner.status_code == 200, via_other.text
        assert _unsigned(via_other.text) == _unsigned(via_owner.text)
    assert (await other.api.get(f"/api/media/sessions/{session_id}?limit=1&page=2")).json()["data"][
        "media"
    ][0]["id"] in uploaded
    wrong = await other.api.post(f"/api/messages/{session_id}/send", json={"to": "34611111111"})
    assert wrong.status_code == 400, wrong.text
    assert wrong.json()["code"] == "VALIDATION_ERROR"
    # One request id on both nodes, the client's when it gave one: one id to look up in logs.
    for once in ("x-request-id", "date", "server"):
        assert len(wrong.headers.get_list(once)) == 1, wrong.headers
    given = await other.api.get(f"/api/sessions/{session_id}", headers={"X-Request-Id": "crm-42"})
    assert given.headers.get_list("x-request-id") == ["crm-42"], given.headers
    assert wrong.headers["content-type"].startswith("application/json")


async def test_sessions_spread_move_on_death_and_on_stop(
    processes: Any, tmp_path: Path, postgres: str
) -> None:
    nodes = await start_nodes(processes, tmp_path, postgres, 3)
    try:
        session_ids = [f"spread_{n:02d}" for n in range(30)]
        placed = await link_everywhere(nodes, session_ids)
        spread = Counter(placed.values())
        assert sorted(spread) == ["node-1", "node-2", "node-3"]
        assert all(8 <= count <= 12 for count in spread.values()), spread

        # Any node answers for any session, exactly as its owner does.
        someone_elses = next(s for s, node in placed.items() if node == "node-2")
        sent = await nodes[2].api.post(
            f"/api/messages/{someone_elses}/send", json={"to": "34611111111", "message": "hola"}
        )
        assert sent.status_code == 200, sent.text
        assert sent.json()["data"]["message"]["whatsappMessageId"]
        await _answers_pass_through_unchanged(nodes[0], nodes[1], someone_elses)

        # SIGKILL: node-2's sessions are driven elsewhere within the lease and a few seconds.
        killed_at = time.monotonic()
        await nodes[1].process.signal(signal.SIGKILL)
        orphans = [s for s, node in placed.items() if node == "node-2"]

        async def moved() -> bool:
            where = await owners(nodes[0], orphans)
            if any(node in (None, "node-2") for node in where.values()):
                return False
            return all([await _connected(nodes[0], s) for s in orphans])

        await eventually(moved, timeout=LEASE + 15, interval=0.2)
        assert time.monotonic() - killed_at < 15

        # SIGTERM: node-1 hands its sessions to node-3 before it exits; no request fails but
        # with the short 503 SESSION_MOVING.
        answers: Counter[int] = Counter()
        seen: Counter[tuple[str, str | None]] = Counter()
        stop = asyncio.Event()

        async def load() -> None:
            while not stop.is_set():
                for session_id in session_ids[:10]:
                    r = await nodes[2].api.get(f"/api/sessions/{session_id}/status")
                    answers[r.status_code] += 1
                    if r.status_code == 200:
                        data = r.json()["data"]
                        seen[data["status"], data["lastDisconnectReason"]] += 1

        loader = asyncio.create_task(load())
        assert await nodes[0].process.signal(signal.SIGTERM) == 0

        elsewhere: dict[str, Any] = {}

        async def all_on_node_3() -> bool:
            where = await owners(nodes[2], session_ids)
            elsewhere.clear()
            elsewhere.update({s: node for s, node in where.items() if node != "node-3"})
            if elsewhere:
                return False
            for session_id in session_ids:
                state = (await status(nodes[2], session_id)).get("status")
                if state != "connected":
                    elsewhere[session_id] = state
            return not elsewhere

        try:
            await eventually(all_on_node_3, timeout=30, interval=0.2)
        except AssertionError:
            raise AssertionError(f"not driven and connected by node-3: {elsewhere}") from None
        stop.set()
        await loader
        assert set(answers) <= {200, 503}, answers
        assert answers[503] <= 0.05 * sum(answers.values()), answers
        # A moving session reads "connecting" (reason "moving"), never "disconnected".
        assert {state for state, _ in seen} <= {"connected", "connecting"}, seen
        assert all(reason == "moving" for state, reason in seen if state == "connecting"), seen
    finally:
        for node in nodes:
            await node.api.aclose()


async def test_a_revoked_key_stops_on_every_node_within_a_second(
    processes: Any, tmp_path: Path, postgres: str
) -> None:
    nodes = await start_nodes(processes, tmp_path, postgres, 2)
    try:
        login = await nodes[0].api.post(
            "/api/auth/login", json={"identifier": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        )
        auth = {"Authorization": f"Bearer {login.json()['data']['accessToken']}"}
        made = await nodes[0].api.post(
            "/api/organizations/1/api-keys", json={"name": "short-lived"}, headers=auth
        )
        assert made.status_code == 201, made.text
        key = made.json()["data"]["apiKey"]
        headers = {"X-API-Key": key["key"]}
        # Known (and cached) on the other node.
        assert (await nodes[1].api.get("/api/sessions", headers=headers)).status_code == 200

        revoked = await nodes[0].api.delete(
            f"/api/organizations/1/api-keys/{key['id']}", headers=auth
        )
        assert revoked.status_code == 200, revoked.text

        async def refused() -> bool:
            r = await nodes[1].api.get("/api/sessions", headers=headers)
            return r.status_code == 401

        await eventually(refused, timeout=1.0, interval=0.02)

        # One scrape of either node shows both, each series labelled with its node.
        scraped = await nodes[1].api.get("/metrics")
        assert scraped.status_code == 200, scraped.text
        families = list(text_string_to_metric_families(scraped.text))
        requests = next(f for f in families if f.name == "inboxhub_http_requests")
        assert {s.labels["node"] for s in requests.samples} == {"node-1", "node-2"}
        assert len({f.name for f in families}) == len(families)  # one HELP/TYPE per family
    finally:
        for node in nodes:
            await node.api.aclose()

"""PostgreSQL unreachable for a while under a send load: the gateway answers 503
``DATABASE_UNAVAILABLE`` (never a 500) for what needs the database, keeps its sessions
connected, recovers by itself, and every send it accepted ends ``sent`` or ``failed``: none is
left ``pending``."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from tests.ops.cut import CuttableProxy
from tests.support import eventually, link_session

OUTAGE_SECONDS = 12.0
FINAL = {"sent", "delivered", "read", "failed"}


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[CuttableProxy]:
    if not database_url.startswith("postgresql"):
        pytest.skip("a database server to be cut off from: PostgreSQL")
    url = make_url(database_url)
    cuttable = CuttableProxy(url.host or "127.0.0.1", url.port or 5432)
    await cuttable.start()
    yield cuttable
    await cuttable.close()


@pytest.fixture
def settings_overrides(proxy: CuttableProxy, database_url: str) -> dict[str, Any]:
    assert proxy._server is not None
    port = proxy._server.sockets[0].getsockname()[1]
    through = make_url(database_url).set(host="127.0.0.1", port=port)
    return {"database_url": through.render_as_string(hide_password=False)}


async def test_sends_accepted_around_an_outage_all_end_sent_or_failed(client, proxy):
    await link_session(client, "outage_a", "34600000071")
    await link_session(client, "outage_b", "34600000072")
    answers: Counter[int] = Counter()
    accepted: list[str] = []
    stop = asyncio.Event()

    async def load() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            r = await client.post(
                "/api/messages/outage_a/send", json={"to": "34600000072", "message": f"m{n}"}
            )
            answers[r.status_code] += 1
            if r.status_code == 200:
                accepted.append(r.json()["data"]["message"]["id"])
            else:
                assert r.json()["code"] == "DATABASE_UNAVAILABLE", r.text
                assert r.headers.get("retry-after"), r.headers
                await asyncio.sleep(0.05)  # as a client honouring Retry-After would, briefly

    async def at_least(count: int, of: Any) -> bool:
        return len(of) >= count if not isinstance(of, int) else of >= count

    loader = asyncio.create_task(load())
    await eventually(lambda: at_least(20, accepted), timeout=30)
    proxy.cut()
    await eventually(lambda: at_least(3, answers[503]), timeout=30)
    await asyncio.sleep(OUTAGE_SECONDS)  # the outage itself, not a wait for a condition
    proxy.restore()
    served = len(accepted)
    await eventually(lambda: at_least(served + 20, accepted), timeout=60)
    stop.set()
    await loader
    assert set(answers) <= {200, 503}, answers

    async def settled() -> list[str]:
        left = []
        for message_id in accepted:
            r = await client.get(f"/api/messages/outage_a/messages/{message_id}")
            assert r.status_code == 200, r.text
            if r.json()["data"]["message"]["status"] not in FINAL:
                left.append(message_id)
        return [] if left else ["settled"]

    await eventually(settled, timeout=60, interval=0.5)
    # Both sessions stayed connected through it.
    for session_id in ("outage_a", "outage_b"):
        r = await client.get(f"/api/sessions/{session_id}/status")
        assert r.json()["data"]["status"] == "connected", r.text

"""Web sessions created and deleted through the HTTP API: one engine start however many arrive
at once, deleted sessions release what they held, the device name the phone shows."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

pytest.importorskip("neonize")

from tests.engines.web.engines import FAST, deleted_open_files, engine_processes
from tests.support import create_session, eventually

RENEW_AFTER = 3


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {**FAST, "web_renew_after_deletes": RENEW_AFTER}


def web_engine(app: Any) -> Any:
    return app.state.runtime.pool.engines["web"]


async def test_sessions_created_at_once_start_one_engine(client, app, make_settings):
    created = await asyncio.gather(
        *(
            client.post("/api/sessions", json={"sessionId": f"rush_{i}", "engine": "web"})
            for i in range(6)
        )
    )
    assert [r.status_code for r in created] == [201] * 6
    engine = web_engine(app)
    assert len(engine.shards) == 1
    assert len(engine_processes(make_settings().data_dir / "web")) == 1
    hosted = await engine.shards[0].call("hosted", "")
    assert sorted(hosted) == [f"rush_{i}" for i in range(6)]


async def test_deleted_sessions_leave_memory_and_files_as_they_were(client, app, make_settings):
    stores = make_settings().data_dir / "web"
    await create_session(client, "keeper", engine="web")
    shard = web_engine(app).shards[0]
    baseline = await shard.call("stats", "")
    pid = baseline["pid"]

    for i in range(RENEW_AFTER - 1):
        await create_session(client, f"guest_{i}", engine="web")
    for i in range(RENEW_AFTER - 1):
        assert (await client.delete(f"/api/sessions/guest_{i}")).status_code == 200
    stats = await shard.call("stats", "")
    # Forgotten by the process; whatsmeow still holds their deleted stores open.
    assert (stats["sessions"], stats["forgotten"]) == (1, RENEW_AFTER - 1)
    assert any("guest_" in name for name in deleted_open_files(pid, stores))

    await create_session(client, "last_guest", engine="web")
    assert (await client.delete("/api/sessions/last_guest")).status_code == 200

    async def renewed() -> dict[str, Any] | None:
        if not shard.ready or shard.pid == pid:
            return None
        hosted = await shard.call("hosted", "")
        return await shard.call("stats", "") if hosted == {"keeper": "connecting"} else None

    after: dict[str, Any] = await eventually(renewed)
    assert (after["sessions"], after["forgotten"]) == (1, 0)
    assert deleted_open_files(after["pid"], stores) == []
    assert after["rssKb"] < baseline["rssKb"] * 1.15
    assert after["openFiles"] <= baseline["openFiles"] + 2  # a dial in flight at most
    status = (await client.get("/api/sessions/keeper/status")).json()["data"]
    assert status["status"] == "connecting"


async def test_deleting_every_session_ends_the_engine_process(client, app, make_settings):
    await create_session(client, "short_lived", engine="web")
    assert len(engine_processes(make_settings().data_dir / "web")) == 1
    assert (await client.delete("/api/sessions/short_lived")).status_code == 200
    assert engine_processes(make_settings().data_dir / "web") == []
    # A new session brings a process back.
    await create_session(client, "next_one", engine="web")
    assert await web_engine(app).shards[0].call("hosted", "") == {"next_one": "connecting"}


async def test_the_device_name_is_the_products_or_the_sessions(client, app):
    await create_session(client, "plain", engine="web")
    await create_session(
        client, "named", engine="web", engineOptions={"deviceName": "Tienda Centro"}
    )
    shard = web_engine(app).shards[0]
    devices = await shard.call("devices", "")
    assert devices == {
        "plain": {"name": "Inbox Hub", "platform": "CHROME"},
        "named": {"name": "Tienda Centro", "platform": "CHROME"},
    }

    for bad in ("", "x" * 51, 42):
        refused = await client.post(
            "/api/sessions",
            json={"sessionId": "bad_name", "engine": "web", "engineOptions": {"deviceName": bad}},
        )
        assert refused.status_code == 400, refused.text
        assert refused.json()["code"] == "VALIDATION_ERROR"
        assert "engineOptions.deviceName" in refused.json()["error"]

"""Sessions spread over several engine processes: a crash costs one share of them, a start is
one start however many ask, and zombies are not left behind."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

pytest.importorskip("neonize")

from tests.engines.web.engines import children, engine_processes
from tests.support import eventually


async def test_a_crash_reconnects_only_its_share(web, make_settings):
    w = await web(web_sessions_per_process=2)
    clients = [w.client(f"share_{i}") for i in range(5)]
    await asyncio.gather(*(c.connect() for c in clients))
    shards = w.engine.shards
    assert [sorted(await w.hosted(shard)) for shard in shards] == [
        ["share_0", "share_1"],
        ["share_2", "share_3"],
        ["share_4"],
    ]
    assert len(engine_processes(make_settings().data_dir / "web")) == 3
    pids = [shard.pid for shard in shards]

    os.kill(pids[1], signal.SIGKILL)

    async def back() -> bool:
        return shards[1].ready and shards[1].pid != pids[1]

    await eventually(back)

    async def restarted() -> bool:
        return sorted(await w.hosted(shards[1])) == ["share_2", "share_3"]

    await eventually(restarted)
    assert all("exited with code -9" in " ".join(w.reasons(f"share_{i}")) for i in (2, 3))
    # The other shares never noticed: same processes, same sessions, no word of the crash.
    assert [shards[0].pid, shards[2].pid] == [pids[0], pids[2]]
    assert [shards[0].restarts, shards[1].restarts, shards[2].restarts] == [0, 1, 0]
    for i in (0, 1, 4):
        assert not any("exited" in reason for reason in w.reasons(f"share_{i}"))
    assert sorted(await w.hosted(shards[0])) == ["share_0", "share_1"]
    assert sorted(await w.hosted(shards[2])) == ["share_4"]


async def test_sessions_started_at_once_share_one_process_start(web, make_settings):
    w = await web()
    clients = [w.client(f"together_{i}") for i in range(6)]
    await asyncio.gather(*(c.connect() for c in clients))
    assert len(w.engine.shards) == 1
    assert len(engine_processes(make_settings().data_dir / "web")) == 1
    assert sorted(await w.hosted()) == sorted(c.session_id for c in clients)


async def test_the_engine_process_leaves_no_zombie_behind(web):
    w = await web()
    await w.client("alone").connect()
    assert [child for child in children(w.supervisor.pid) if child[1] == "Z"] == []


async def test_a_process_whose_sessions_were_all_deleted_ends(web, make_settings):
    w = await web()
    only = w.client("only")
    await only.connect()
    process = w.supervisor.process
    await only.logout()
    assert process.returncode == 0  # ended, and with it the store whatsmeow kept open
    assert engine_processes(make_settings().data_dir / "web") == []
    # The next session starts a process again.
    await w.client("next").connect()
    assert await w.hosted() == {"next": "connecting"}

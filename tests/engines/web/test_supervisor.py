"""The web engine process under its supervisor: crashes, restarts, hangs, serialized lifecycle."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

pytest.importorskip("neonize")

from inboxhub.engines.base import EngineError, NotConnected, Text
from inboxhub.engines.events import StateChanged
from inboxhub.errors import ValidationFailed
from tests.support import eventually


async def test_a_crash_restarts_the_process_and_its_sessions(web):
    w = await web()
    running, stopped = w.client("runs"), w.client("stopped")
    await running.connect()
    await stopped.connect()
    await stopped.disconnect()
    assert await w.hosted() == {"runs": "connecting"}
    first_pid = w.supervisor.pid

    os.kill(first_pid, signal.SIGKILL)

    async def back() -> bool:
        return w.supervisor.ready and w.supervisor.pid != first_pid

    await eventually(back)
    assert w.supervisor.restarts == 1

    # The session that was running is started again by itself; the stopped one is not.
    async def restarted() -> bool:
        return await w.hosted() == {"runs": "connecting"}

    await eventually(restarted)
    assert stopped.state == "disconnected"
    reported = [e for e in w.events if isinstance(e, StateChanged) and e.session_id == "runs"]
    assert any("exited with code -9" in (e.reason or "") for e in reported)


async def test_requests_fail_at_once_while_the_process_is_down(web):
    w = await web(web_restart_initial_seconds=60.0)
    running = w.client("waiting")
    await running.connect()
    os.kill(w.supervisor.pid, signal.SIGKILL)

    async def lost() -> bool:
        return not w.supervisor.ready and "exited with code -9" in (
            running.last_disconnect_reason or ""
        )

    await eventually(lost)
    assert running.state == "connecting"
    with pytest.raises(NotConnected):
        await running.send_message("34611111111", Text(body="hi"))
    with pytest.raises(NotConnected) as refused:
        await w.hosted()
    assert "restarts by itself" in refused.value.message
    # Sessions can still be started (they wait for the process) and stopped.
    later = w.client("later")
    await later.connect()
    assert later.state == "connecting"
    assert "exited with code -9" in (later.last_disconnect_reason or "")
    await running.disconnect()
    assert running.state == "disconnected"
    assert set(w.supervisor.running) == {"later"}


async def test_a_request_in_flight_fails_when_the_process_dies(web):
    w = await web()
    await w.client("first").connect()
    pid = w.supervisor.pid
    os.kill(pid, signal.SIGSTOP)  # the request is sent but never answered
    request = asyncio.create_task(w.hosted())
    await asyncio.sleep(0.2)
    assert not request.done()
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(EngineError) as failed:
        await asyncio.wait_for(request, 5)
    assert failed.value.code == "ENGINE_ERROR"
    assert "stopped while handling" in failed.value.message


async def test_an_unanswered_request_times_out(web):
    w = await web(web_request_timeout_seconds=0.3)
    await w.client("first").connect()
    pid = w.supervisor.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        with pytest.raises(EngineError) as failed:
            await w.hosted()
        assert "did not answer" in failed.value.message
    finally:
        os.kill(pid, signal.SIGCONT)
    assert await w.hosted() == {"first": "connecting"}


async def test_a_stuck_process_is_killed_and_replaced(web):
    w = await web(web_heartbeat_seconds=0.3)
    await w.client("patient").connect()
    stuck = w.supervisor.pid
    os.kill(stuck, signal.SIGSTOP)  # alive, but answers nothing

    async def replaced() -> bool:
        return w.supervisor.ready and w.supervisor.pid != stuck

    await eventually(replaced, timeout=10)
    w.supervisor.heartbeat = 60.0  # a busy test machine must not look stuck from here on

    async def restarted() -> bool:
        return await w.hosted() == {"patient": "connecting"}

    await eventually(restarted, timeout=10)


async def test_concurrent_starts_and_stops_are_serialized(web):
    w = await web()
    clients = [w.client(f"busy_{i}") for i in range(8)]
    await asyncio.gather(*(c.connect() for c in clients))
    await asyncio.gather(
        *(c.disconnect() for c in clients[:4]), *(c.connect() for c in clients[4:])
    )
    await asyncio.gather(*(c.connect() for c in clients[:2]))
    expected = {c.session_id for c in clients[:2] + clients[4:]}
    assert set(await w.hosted()) == expected
    assert set(w.supervisor.running) == expected
    assert w.supervisor.restarts == 0
    assert {c.session_id for c in clients if c.state == "disconnected"} == {
        c.session_id for c in clients[2:4]
    }


async def test_credential_stores_stay_in_their_directory(web, make_settings):
    w = await web()
    client = w.client("confined")
    await client.connect()
    with pytest.raises(ValidationFailed):
        await w.supervisor.call("start", "../outside")

    store = make_settings().data_dir / "web" / "confined.db"

    async def created() -> bool:
        return store.exists()

    await eventually(created)
    assert store.stat().st_mode & 0o077 == 0  # keys to the account: readable by the owner only
    await client.logout()
    assert not store.exists()
    assert client.state == "disconnected"


async def test_an_engine_that_cannot_load_neonize_keeps_the_gateway_up(
    web, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    broken = tmp_path / "broken"
    (broken / "neonize").mkdir(parents=True)
    (broken / "neonize" / "__init__.py").write_text(
        "raise ImportError('failed to find libmagic')\n"
    )
    monkeypatch.setenv("PYTHONPATH", str(broken))
    w = await web()  # starting does not raise
    client = w.client("waits")
    await client.connect()  # nor does starting a session
    assert not w.supervisor.ready
    assert client.state == "connecting"
    assert "failed to find libmagic" in (client.last_disconnect_reason or "")
    with pytest.raises(NotConnected):
        await client.send_message("34611111111", Text(body="hi"))


async def test_stop_ends_the_process(web):
    w = await web()
    await w.client("bye").connect()
    process = w.supervisor.process
    await w.engine.stop()
    assert process.returncode == 0

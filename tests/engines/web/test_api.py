"""A web session through the HTTP API on a machine with no route to WhatsApp."""

from __future__ import annotations

import os
import signal
from typing import Any

import pytest

pytest.importorskip("neonize")

from inboxhub.engines.base import NotConnected, Text
from tests.support import create_session, eventually, link_session

FAST = {
    "web_reconnect_initial_seconds": 0.2,
    "web_reconnect_max_seconds": 0.5,
    # Long enough to see the crash reported before the new process reports again.
    "web_restart_initial_seconds": 1.0,
    "web_restart_max_seconds": 1.0,
}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return FAST


async def status_of(client, session_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/sessions/{session_id}/status")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def unreachable(client, session_id: str) -> dict[str, Any]:
    async def check() -> dict[str, Any] | None:
        status = await status_of(client, session_id)
        reason = status["lastDisconnectReason"] or ""
        return status if reason.startswith("no route to WhatsApp servers") else None

    result: dict[str, Any] = await eventually(check)
    return result


async def test_web_session_reports_why_it_cannot_connect(client, app):
    data = await create_session(client, "web_1", engine="web")
    assert data["engine"] == "web"
    assert data["status"] == "connecting"
    assert data["qrCode"] is None

    status = await unreachable(client, "web_1")
    assert status["status"] == "connecting"  # it keeps retrying by itself
    assert status["isConnected"] is False and status["hasQR"] is False
    assert "dial tcp" in status["lastDisconnectReason"]

    # The reason is recorded, not only mirrored.
    async def recorded() -> bool:
        session = (await client.get("/api/sessions/web_1")).json()["data"]["session"]
        return (session["lastDisconnectReason"] or "").startswith("no route")

    await eventually(recorded)

    qr = await client.get("/api/sessions/web_1/qr")
    assert (qr.status_code, qr.json()["code"]) == (404, "QR_NOT_AVAILABLE")

    pairing = await client.post(
        "/api/sessions/web_1/pairing-code", json={"phoneNumber": "+34 600 000 001"}
    )
    assert pairing.status_code == 409, pairing.text
    assert pairing.json()["code"] == "SESSION_NOT_CONNECTED"
    assert "no route to WhatsApp servers" in pairing.json()["error"]

    engine_client = app.state.runtime.pool.get("web_1")
    with pytest.raises(NotConnected):
        await engine_client.send_message("34611111111@s.whatsapp.net", Text(body="hola"))

    health = await client.get("/health")
    assert health.status_code == 200
    assert health.json()["data"]["sessions"].get("connecting") == 1


async def test_a_crashed_engine_leaves_the_api_and_other_sessions_alone(client, app):
    await link_session(client, "sandboxed", "34600000009")
    await create_session(client, "web_2", engine="web")
    await unreachable(client, "web_2")
    supervisor = app.state.runtime.pool.get("web_2").supervisor
    first_pid = supervisor.pid

    os.kill(first_pid, signal.SIGKILL)

    async def noticed() -> bool:
        status = await status_of(client, "web_2")
        return "exited with code -9" in (status["lastDisconnectReason"] or "")

    await eventually(noticed)
    assert (await client.get("/health")).status_code == 200
    assert (await status_of(client, "sandboxed"))["status"] == "connected"

    async def restarted() -> bool:
        return supervisor.ready and supervisor.pid != first_pid

    await eventually(restarted)
    status = await unreachable(client, "web_2")  # running again in the new process
    assert status["status"] == "connecting"
    assert await supervisor.call("hosted", "") == {"web_2": "connecting"}


async def test_disconnect_and_delete_forget_the_session(client, app, make_settings):
    await create_session(client, "web_3", engine="web")
    await unreachable(client, "web_3")
    store = make_settings().data_dir / "web" / "web_3.db"
    assert store.exists()

    stopped = await client.post("/api/sessions/web_3/disconnect")
    assert stopped.status_code == 200
    assert (await status_of(client, "web_3"))["status"] == "disconnected"
    supervisor = app.state.runtime.pool.get("web_3").supervisor
    assert await supervisor.call("hosted", "") == {}

    deleted = await client.delete("/api/sessions/web_3")
    assert deleted.status_code == 200
    assert not store.exists()
    assert (await client.get("/api/sessions/web_3")).status_code == 404


async def test_a_web_session_connects_through_its_proxy(client):
    from tests.proxy_server import ProxyServer

    proxy = await ProxyServer().start()
    try:
        secret = "w3b-secret"
        await create_session(
            client,
            "web_proxy",
            engine="web",
            engineOptions={"proxyUrl": proxy.url_with("ana", secret)},
        )

        async def tunneled() -> bool:
            return any(r.startswith("CONNECT ") for r in proxy.requests)

        # whatsmeow opens its websocket through the proxy, with the proxy's credentials.
        await eventually(tunneled)
        connect = next(r for r in proxy.requests if r.startswith("CONNECT "))
        assert "whatsapp" in connect
        assert f"ana:{secret}" in proxy.credentials

        async def refused() -> dict[str, Any] | None:
            status = await status_of(client, "web_proxy")
            return status if status["lastDisconnectReason"] else None

        status = await eventually(refused)
        assert secret not in str(status)
        session = (await client.get("/api/sessions/web_proxy")).json()["data"]["session"]
        assert session["proxyUrl"] == f"http://ana:***@127.0.0.1:{proxy.port}"
    finally:
        await proxy.close()

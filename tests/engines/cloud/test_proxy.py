"""A Cloud API session whose calls to Meta go through its own proxy."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest

from tests.engines.cloud.conftest import (
    contact_writes,
    create_cloud_session,
    fixture,
    post_webhook,
)
from tests.proxy_server import ProxyServer, Socks5Server
from tests.support import eventually

SECRET = "pr0xy-secret"


@pytest.fixture
async def proxy() -> AsyncIterator[ProxyServer]:
    server = await ProxyServer().start()
    try:
        yield server
    finally:
        await server.close()


async def test_sends_and_media_go_through_the_sessions_proxy(client, anon, graph, proxy):
    await create_cloud_session(client, graph, "meta_1", proxyUrl=proxy.url_with("ana", SECRET))
    # Checking the token went through it, with the proxy's credentials.
    assert any("/106540352242922" in r for r in proxy.requests), proxy.requests
    assert set(proxy.credentials) == {f"ana:{SECRET}"}

    await contact_writes(anon, "16505551234")
    sent = await client.post(
        "/api/messages/meta_1/send", json={"to": "16505551234", "message": "By proxy"}
    )
    assert sent.status_code in (200, 201), sent.text
    assert graph.sent[-1]["text"] == {"body": "By proxy", "preview_url": False}
    assert any(r.startswith("POST ") and r.endswith("/messages") for r in proxy.requests)

    jpeg = b"\xff\xd8\xff\xe0through the proxy"
    graph.add_media(jpeg, "image/jpeg", media_id="1003383421387256")
    payload = fixture("image")
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["image"].pop("sha256")
    assert (await post_webhook(anon, payload)).status_code == 200

    async def fetched() -> bool:
        return any("mid=1003383421387256" in r for r in proxy.requests)

    await eventually(fetched)

    session = (await client.get("/api/sessions/meta_1")).json()["data"]["session"]
    assert session["proxyUrl"] == f"http://ana:***@127.0.0.1:{proxy.port}"
    assert SECRET not in str(session)


async def test_a_socks5_proxy_carries_the_sessions_calls(client, anon, graph):
    socks = await Socks5Server().start()
    try:
        url = socks.url_with("ana", SECRET)
        await create_cloud_session(client, graph, "meta_1", proxyUrl=url)
        await contact_writes(anon, "16505551234")
        sent = await client.post(
            "/api/messages/meta_1/send", json={"to": "16505551234", "message": "By SOCKS"}
        )
        assert sent.status_code in (200, 201), sent.text
        assert graph.sent[-1]["text"]["body"] == "By SOCKS"
        graph_port = urlsplit(graph.base_url).port
        # Every call to Meta went through a tunnel, signed in with the proxy's credentials.
        assert socks.tunnels and set(socks.tunnels) == {f"127.0.0.1:{graph_port}"}
        assert set(socks.credentials) == {f"ana:{SECRET}"}
        session = (await client.get("/api/sessions/meta_1")).json()["data"]["session"]
        assert session["proxyUrl"] == f"socks5://ana:***@127.0.0.1:{socks.port}"
    finally:
        await socks.close()


async def test_an_unreachable_proxy_says_so_without_its_password(client, graph, proxy):
    port = proxy.port
    await proxy.close()
    r = await client.post(
        "/api/sessions",
        json={
            "sessionId": "meta_1",
            "engine": "cloud",
            "engineOptions": {
                "accessToken": graph.token,
                "phoneNumberId": "106540352242922",
                "graphBaseUrl": graph.base_url,
                "appSecret": "x",
                "proxyUrl": f"http://ana:{SECRET}@127.0.0.1:{port}",
            },
        },
    )
    assert r.status_code == 201, r.text

    async def reason() -> str | None:
        status = (await client.get("/api/sessions/meta_1/status")).json()["data"]
        return status["lastDisconnectReason"]

    why = await eventually(reason)
    assert SECRET not in why

"""The webhook inspector, through the API: a capture URL per organization that records what is
delivered to it and checks the signature with the subscriber's secret, live on the stream."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from inboxhub.errors import ValidationFailed
from inboxhub.webhooks import signing
from inboxhub.webhooks.transport import GuardedTransport
from tests.support import eventually, link_session
from tests.webhooks.conftest import add_webhook


async def inspector(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/api/webhooks/inspector")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def captures(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    response = await client.get("/api/webhooks/inspector/captures", params=params)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["data"]["captures"]
    return found


async def test_a_signed_message_received_arrives_without_private_targets(
    client: httpx.AsyncClient, live_url: str
) -> None:
    hook = await inspector(client)
    assert hook["url"] == f"{live_url}/api/webhooks/inspector/{hook['token']}"
    await link_session(client, "tienda", "34600000001", webhookUrl=hook["url"], webhookSecret="s3")
    sent = await client.post(
        "/api/sandbox/messages", json={"from": "34611111111", "to": "tienda", "message": "Hola"}
    )
    assert sent.status_code == 200, sent.text

    # ``wait`` answers as soon as the first one is captured.
    capture = (await captures(client, event="message.received", wait=20))[0]
    assert capture["signature"]["status"] == "valid"
    assert capture["signature"]["subscriber"]["kind"] == "session"
    assert capture["signature"]["subscriber"]["sessionId"] == "tienda"
    assert capture["signature"]["checks"] == {
        "x-webhook-signature": True,
        "x-signature": True,
        "webhook-signature": True,
    }
    assert capture["body"]["data"]["message"]["content"] == "Hola"
    assert capture["responseStatus"] == 200  # what the capture URL answered the delivery
    assert capture["headers"]["x-webhook-signature"] == signing.hex_signature(
        "s3", capture["rawBody"].encode()
    )

    # The delivery log shows the inspector's answer.
    async def succeeded() -> bool:
        log = await client.get("/api/webhooks/deliveries", params={"event": "message.received"})
        return bool(log.json()["data"]["deliveries"][0]["status"] == "succeeded")

    await eventually(succeeded)


async def test_captures_are_announced_on_the_live_stream(
    client: httpx.AsyncClient, live_url: str
) -> None:
    hook = await inspector(client)
    headers = {"X-API-Key": client.headers["X-API-Key"]}
    frames: list[dict[str, Any]] = []

    async def listen() -> None:
        async with (
            httpx.AsyncClient(base_url=live_url, timeout=30) as http,
            http.stream(
                "GET", "/api/events/stream", params={"types": "webhook.inspected"}, headers=headers
            ) as stream,
        ):
            async for line in stream.aiter_lines():
                if line.startswith("data: "):
                    frames.append(json.loads(line[6:]))
                    return

    task = asyncio.create_task(listen())
    async with httpx.AsyncClient(base_url=live_url) as outsider:

        async def posted() -> bool:
            answer = await outsider.post(hook["url"], json={"event": "ping"})
            assert answer.status_code == 200, answer.text
            return bool(frames)

        await eventually(posted, interval=0.2)
    await asyncio.wait_for(task, 10)
    assert frames[0]["event"] == "webhook.inspected"
    assert frames[0]["data"]["event"] == "ping"
    assert frames[0]["data"]["signature"]["status"] == "unsigned"


async def test_signature_is_checked_with_the_subscribers_secret(
    client: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    hook = await inspector(client)
    await add_webhook(client, hook["url"], name="CRM", secret="right", events=["message"])
    path = f"/api/webhooks/inspector/{hook['token']}"
    body = b'{"event":"message.received","data":{}}'

    async def post(secret: str | None) -> dict[str, Any]:
        head = signing.headers(
            event_id="evt_1",
            event_type="message.received",
            session_id=None,
            body=body,
            secret=secret,
            timestamp=1,
            attempt=1,
        )
        answer = await anon.post(path, content=body, headers=head)
        assert answer.status_code == 200, answer.text
        capture = await client.get(
            f"/api/webhooks/inspector/captures/{answer.json()['data']['captureId']}"
        )
        result: dict[str, Any] = capture.json()["data"]["capture"]
        return result

    good = await post("right")
    assert good["signature"]["status"] == "valid"
    assert good["signature"]["subscriber"]["name"] == "CRM"
    bad = await post("wrong")
    assert bad["signature"]["status"] == "invalid"
    assert bad["signature"]["checks"]["x-webhook-signature"] is False
    assert (await post(None))["signature"]["status"] == "unsigned"


async def test_capture_urls_belong_to_one_organization(
    client: httpx.AsyncClient, other_org: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    mine, theirs = await inspector(client), await inspector(other_org)
    assert mine["token"] != theirs["token"]
    answer = await anon.post(f"/api/webhooks/inspector/{theirs['token']}", json={"event": "x"})
    assert answer.status_code == 200
    assert await captures(client) == []
    assert len(await captures(other_org)) == 1
    capture_id = answer.json()["data"]["captureId"]
    foreign = await client.get(f"/api/webhooks/inspector/captures/{capture_id}")
    assert foreign.status_code == 404
    assert (await client.delete("/api/webhooks/inspector/captures")).json()["data"]["deleted"] == 0
    assert len(await captures(other_org)) == 1


async def test_rotating_retires_the_old_url(
    client: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    old = await inspector(client)
    new = (await client.post("/api/webhooks/inspector/rotate")).json()["data"]
    assert new["token"] != old["token"]
    gone = await anon.post(f"/api/webhooks/inspector/{old['token']}", json={})
    assert gone.status_code == 404
    assert gone.json()["code"] == "NOT_FOUND"
    assert (await anon.post(f"/api/webhooks/inspector/{new['token']}", json={})).status_code == 200
    assert (await anon.get("/api/webhooks/inspector/captures")).status_code == 401


async def test_large_bodies_are_refused(client: httpx.AsyncClient, anon: httpx.AsyncClient) -> None:
    hook = await inspector(client)
    answer = await anon.post(
        f"/api/webhooks/inspector/{hook['token']}", content=b"x" * (1024 * 1024 + 1)
    )
    assert answer.status_code == 413
    assert answer.json()["code"] == "PAYLOAD_TOO_LARGE"


@pytest.mark.parametrize(
    "path",
    [
        "/api/sessions",
        "/api/webhooks/inspector/../../sessions",
        "/api/webhooks/inspector/whi_short",
        "/api/webhooks/inspector/{token}?x=1",
    ],
)
async def test_only_the_inspector_itself_passes_the_guard(
    client: httpx.AsyncClient, port: int, path: str
) -> None:
    token = (await inspector(client))["token"]
    url = f"http://127.0.0.1:{port}{path.format(token=token)}"
    refused = await client.post("/api/sessions", json={"sessionId": "s1", "webhookUrl": url})
    assert refused.status_code == 400, refused.text
    assert refused.json()["code"] == "URL_NOT_ALLOWED"
    assert refused.json()["field"] == "webhookUrl"


async def test_a_connection_to_the_inspector_carries_nothing_else(
    client: httpx.AsyncClient, live_url: str
) -> None:
    """Kept-alive connections are pooled apart: one opened to the gateway's own inspector
    never serves a request to another path of the same address."""
    hook = await inspector(client)
    transport = GuardedTransport(allow_private=False, own_base_url=live_url)
    try:
        answer = await transport.post(hook["url"], body=b"{}", headers={})
        assert answer.status_code == 200
        with pytest.raises(ValidationFailed):
            await transport.post(f"{live_url}/api/sessions", body=b"{}", headers={})
    finally:
        await transport.aclose()

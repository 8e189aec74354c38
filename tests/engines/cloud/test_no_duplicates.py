"""A send Meta may have taken is never sent twice; when Meta's status webhook then says it went
out (echoing our reference), the failed message takes WhatsApp's id and moves on."""

from __future__ import annotations

import json

import httpx

from tests.engines.cloud.conftest import contact_writes, create_cloud_session, fixture, post_webhook
from tests.support import eventually

TO = "16505551234"


def _status(name: str, wamid: str, reference: str) -> bytes:
    payload = fixture(f"status_{name}")
    status = payload["entry"][0]["changes"][0]["value"]["statuses"][0]
    status.update(id=wamid, biz_opaque_callback_data=reference)
    return json.dumps(payload).encode()


async def test_an_ambiguous_failure_is_not_retried_and_the_status_webhook_settles_it(
    client, anon, graph
):
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, TO)
    graph.fail_next(131000)  # HTTP 500 "Something went wrong": did Meta take it?
    response = await client.post("/api/messages/meta_1/send", json={"to": TO, "message": "Una vez"})
    assert response.status_code == 502, response.text
    assert "may or may not have been sent" in response.json()["error"]
    assert response.json()["details"]["graphCode"] == 131000
    assert graph.send_attempts == 1  # never a second copy
    (message,) = [
        m
        for m in (await client.get("/api/messages/meta_1")).json()["data"]["messages"]
        if m["fromMe"]
    ]
    assert (message["status"], message["whatsappMessageId"]) == ("failed", None)
    assert message["errorCode"] == "ENGINE_ERROR"

    # It had gone out: Meta's statuses name it by the reference the send carried.
    wamid = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBJBTUJJR1VPVVMA"
    reference = str(message["id"])
    assert (await post_webhook(anon, _status("sent", wamid, reference))).status_code == 200
    assert (await post_webhook(anon, _status("delivered", wamid, reference))).status_code == 200

    async def settled():
        found = (await client.get(f"/api/messages/meta_1/messages/{message['id']}")).json()
        return (
            found["data"]["message"] if found["data"]["message"]["status"] == "delivered" else None
        )

    settled_message = await eventually(settled)
    assert settled_message["whatsappMessageId"] == wamid
    assert (settled_message["error"], settled_message["errorCode"]) == (None, None)


async def test_a_reference_never_takes_over_a_message_that_was_sent(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, TO)
    sent = (
        await client.post("/api/messages/meta_1/send", json={"to": TO, "message": "Hola"})
    ).json()["data"]["message"]
    other = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBJPVEhFUgA="
    assert (
        await post_webhook(anon, _status("delivered", other, str(sent["id"])))
    ).status_code == 200
    found = (await client.get(f"/api/messages/meta_1/messages/{sent['id']}")).json()["data"]
    assert found["message"]["whatsappMessageId"] == sent["whatsappMessageId"]
    assert found["message"]["status"] == "sent"


class _RefusedFirst(httpx.AsyncBaseTransport):
    """The first connection to send a message is refused: the request never left."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.refused = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/messages") and not self.refused:
            self.refused += 1
            raise httpx.ConnectError("connection refused", request=request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_a_send_that_never_left_is_sent_again(app, client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, TO)
    engine = await app.state.runtime.pool.engine("cloud")
    original, transport = engine._http, _RefusedFirst()
    engine._http = httpx.AsyncClient(transport=transport)
    try:
        response = await client.post(
            "/api/messages/meta_1/send", json={"to": TO, "message": "Hola"}
        )
    finally:
        await engine._http.aclose()
        engine._http = original
    assert response.status_code == 200, response.text
    assert transport.refused == 1
    assert graph.send_attempts == 1
    assert [b["text"]["body"] for b in graph.sent] == ["Hola"]

"""Every webhook is verifiable the way the customer's receivers verify it."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from inboxhub.webhooks import signing
from tests.support import eventually, link_session
from tests.support.signatures import (
    standard_webhooks_receiver,
    verify_reserialized,
    verify_webhook_signature,
)
from tests.webhooks.conftest import emit

SECRET = "tu_secreto_seguro"

MESSAGE = {
    "sessionId": "crm_1",
    "session_db_id": 1,
    "message": {
        "whatsappMessageId": "3EB0DECC554F433B2DE158",
        "content": 'Hola, ¿qué tal? 😀 "comillas" </script> \\ barra\nnueva línea \u2028 fin',
        "chatId": "34657032985@s.whatsapp.net",
        "from": "34657032985@s.whatsapp.net",
        "to": "crm_1",
        "timestamp": 1699332304,
        "type": "text",
        "has_attachment": False,
        "media": None,
    },
}


def test_standard_webhooks_known_answer():
    # The Standard Webhooks project's own test vector.
    signature = signing.standard_signature(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        message_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330,
        body=b'{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


async def test_session_webhooks_are_signed_for_every_receiver(client, receiver):
    await link_session(
        client, "signed", "34600000101", webhookUrl=receiver.url, webhookSecret=SECRET
    )

    async def linked():
        done = any(r.json()["data"].get("status") == "connected" for r in receiver.accepted)
        return receiver.accepted if done else None

    received = await eventually(linked)
    for request in received:
        h = request.headers
        assert h["content-type"] == "application/json"
        assert h["user-agent"].startswith("InboxHub-Webhooks/")
        assert h["x-webhook-session"] == "signed"
        assert verify_webhook_signature(request.body, h["x-webhook-signature"], SECRET)
        assert verify_webhook_signature(request.body.decode(), h["x-signature"], SECRET)
        assert verify_reserialized(request.json(), h["x-webhook-signature"], SECRET)
        assert not verify_webhook_signature(request.body, h["x-webhook-signature"], "other")
        standard_webhooks_receiver(SECRET).verify(request.body, h)

        body = request.json()
        assert list(body) == ["id", "event", "timestamp", "sessionId", "data"]
        assert body["id"] == h["webhook-id"]
        assert body["event"] == h["x-webhook-event"]
        assert body["sessionId"] == "signed"
    statuses = [
        r.json()["data"]["status"] for r in received if r.json()["event"] == "session.status"
    ]
    assert statuses[0] == "connecting"
    assert statuses[-1] == "connected"
    assert "session.qr" in [r.json()["event"] for r in received]


async def test_message_received_has_seed_01_shape_and_verifies_after_reparsing(
    app, client, receiver
):
    await link_session(
        client,
        "crm_1",
        "34600000102",
        webhookUrl=receiver.url,
        webhookSecret=SECRET,
        webhookEvents=["message"],
    )
    event_id = await emit(
        app, "crm_1", "message.received", MESSAGE, chat_id="34657032985@s.whatsapp.net"
    )
    (request,) = await receiver.wait_for(1)
    assert request.json() == {"id": event_id, "event": "message.received", "data": MESSAGE}
    assert list(request.json()) == ["id", "event", "data"]
    # Compact UTF-8, not ASCII escapes: what JSON.stringify or json.dumps(ensure_ascii=False) gives.
    assert b" " not in request.body.split(b'"content"')[0]
    assert "😀".encode() in request.body
    h = request.headers
    assert h["x-webhook-event"] == "message.received"
    assert verify_webhook_signature(request.body, h["x-webhook-signature"], SECRET)
    assert verify_reserialized(request.json(), h["x-signature"], SECRET)
    standard_webhooks_receiver(SECRET).verify(request.body, h)


async def test_whsec_secrets_work_with_standard_webhooks_libraries_as_given(client, receiver):
    secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
    await link_session(
        client, "whsec", "34600000103", webhookUrl=receiver.url, webhookSecret=secret
    )
    request = (await receiver.wait_for(1))[0]
    assert Webhook(secret).verify(request.body, request.headers)["id"] == request.event_id
    assert verify_webhook_signature(request.body, request.headers["x-webhook-signature"], secret)


async def test_without_a_secret_webhooks_go_unsigned(client, receiver):
    await link_session(client, "unsigned", "34600000104", webhookUrl=receiver.url)
    request = (await receiver.wait_for(1))[0]
    assert "x-webhook-signature" not in request.headers
    assert "x-signature" not in request.headers
    assert "webhook-signature" not in request.headers
    assert request.headers["webhook-id"] == request.json()["id"]
    timestamp = int(request.headers["webhook-timestamp"])
    assert abs(timestamp - datetime.now(UTC).timestamp()) < 300


NODE_RECEIVER = textwrap.dedent(
    """
    // Seed 02's receiver: verifies JSON.stringify(req.body) against X-Signature.
    const crypto = require('crypto');
    const http = require('http');
    function verifyWebhook(payload, signature, secret) {
      const expectedSignature = crypto.createHmac('sha256', secret).update(payload).digest('hex');
      return signature === `sha256=${expectedSignature}`;
    }
    const server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c) => { raw += c; });
      req.on('end', () => {
        const body = JSON.parse(raw);   // what express.json() hands the app
        const ok = verifyWebhook(JSON.stringify(body), req.headers['x-signature'], process.env.WEBHOOK_SECRET);
        console.log(JSON.stringify({id: body.id, ok}));
        res.writeHead(ok ? 200 : 401); res.end();
      });
    });
    server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({port: server.address().port})));
    """
)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
async def test_seed_02_node_receiver_verifies_json_stringify(app, client, tmp_path: Path):
    import asyncio

    script = tmp_path / "receiver.js"
    script.write_text(NODE_RECEIVER)
    node = await asyncio.create_subprocess_exec(
        "node",
        str(script),
        env={"WEBHOOK_SECRET": SECRET, "PATH": "/usr/bin:/bin:/usr/local/bin"},
        stdout=subprocess.PIPE,
    )
    try:
        assert node.stdout is not None
        port = json.loads(await asyncio.wait_for(node.stdout.readline(), 10))["port"]
        url = f"http://127.0.0.1:{port}/webhook/inbox-hub"
        await link_session(
            client,
            "crm_1",
            "34600000105",
            webhookUrl=url,
            webhookSecret=SECRET,
            webhookEvents=["message"],
        )
        event_id = await emit(app, "crm_1", "message.received", MESSAGE, chat_id="c1")
        line = json.loads(await asyncio.wait_for(node.stdout.readline(), 10))
        assert line == {"id": event_id, "ok": True}
    finally:
        node.kill()
        await node.wait()

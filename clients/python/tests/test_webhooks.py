"""The receiver helpers against deliveries the gateway really signed and sent."""

from __future__ import annotations

import base64
import json
import os
import socket
import sqlite3
import time
from pathlib import Path

import pytest
from inboxhub_client import (
    InboxHub,
    MemoryStore,
    RedisStore,
    SqlStore,
    WebhookReceiver,
    WebhookVerificationError,
    verify,
)
from inboxhub_client.events import MessageReceived, SessionStatus, parse_event
from inboxhub_client.webhooks import hex_signature, standard_signature
from standardwebhooks import Webhook

from conftest import Delivery, Gateway, Receiver, eventually

SESSION = "sdk-hooks"
PHONE, CUSTOMER = "34600200001", "34611200001"
# A Standard Webhooks secret: the key is the base64 part.
SECRET = "whsec_" + base64.b64encode(b"sdk receiver key, 32 bytes long!").decode()


@pytest.fixture(scope="module")
def delivered(gateway: Gateway, receiver: Receiver) -> Delivery:
    """A ``message.received`` the gateway delivered for a contact's message."""
    with InboxHub(gateway.url, api_key=gateway.api_key) as hub:
        created = hub.create_session(
            {"sessionId": SESSION, "webhookUrl": receiver.url + "/hooks", "webhookSecret": SECRET}
        )
        qr = created.qr_text or eventually(lambda: hub.get_session_qr(SESSION).qr_text)
        hub.link_session({"qr": qr, "phoneNumber": PHONE})
        eventually(lambda: hub.get_session_status(SESSION).is_connected)
        hub.contact_writes({"from": CUSTOMER, "to": SESSION, "message": "¿Tenéis cita el lunes?"})

    def found() -> list[Delivery]:
        # Its own path: organization webhooks deliver to the same receiver, signed otherwise.
        return [d for d in receiver.of("message.received") if d.path.endswith("/hooks")]

    return eventually(found)[0]


def test_a_real_delivery_verifies_and_parses(delivered: Delivery) -> None:
    verify(delivered.body, delivered.headers, SECRET)
    event = WebhookReceiver(SECRET).receive(delivered.body, delivered.headers)
    assert isinstance(event, MessageReceived)
    assert event.id and event.id.startswith("evt_")
    message = event.data.message
    assert message.from_ == CUSTOMER + "@s.whatsapp.net" or message.from_ == CUSTOMER
    assert message.content == "¿Tenéis cita el lunes?"
    assert event.data.session_id == SESSION


def test_each_signature_scheme_alone(delivered: Delivery) -> None:
    hex_only = {k: v for k, v in delivered.headers.items() if not k.lower().startswith("webhook-")}
    verify(delivered.body, hex_only, SECRET)
    seed02 = {"X-Signature": delivered.headers["X-Signature"]}
    verify(delivered.body, seed02, SECRET)
    # The official Standard Webhooks library agrees with the gateway and the SDK.
    Webhook(SECRET).verify(delivered.body, delivered.headers)


def test_tampering_and_wrong_secrets_are_refused(delivered: Delivery) -> None:
    with pytest.raises(WebhookVerificationError):
        verify(delivered.body.replace(b"lunes", b"martes"), delivered.headers, SECRET)
    with pytest.raises(WebhookVerificationError):
        verify(delivered.body, delivered.headers, "whsec_" + base64.b64encode(b"x" * 32).decode())
    hex_only = {"X-Webhook-Signature": delivered.headers["X-Webhook-Signature"]}
    with pytest.raises(WebhookVerificationError):
        verify(delivered.body, hex_only, "another-secret")
    with pytest.raises(WebhookVerificationError):
        verify(delivered.body, {}, SECRET)


def test_the_timestamp_tolerance(delivered: Delivery) -> None:
    sent_at = int(delivered.headers["webhook-timestamp"])
    verify(delivered.body, delivered.headers, SECRET, now=sent_at + 299)
    with pytest.raises(WebhookVerificationError, match="tolerance"):
        verify(delivered.body, delivered.headers, SECRET, now=sent_at + 301)
    with pytest.raises(WebhookVerificationError, match="tolerance"):
        verify(delivered.body, delivered.headers, SECRET, now=sent_at - 301)
    verify(delivered.body, delivered.headers, SECRET, tolerance=3600, now=sent_at + 3000)


def test_signatures_match_the_gateways_own_definitions() -> None:
    body = '{"id":"evt_1","event":"message.received","data":{"ñ":"á"}}'.encode()
    assert hex_signature("k", body).startswith("sha256=")
    stamp = int(time.time())
    signed = standard_signature(SECRET, message_id="evt_1", timestamp=stamp, body=body)
    headers = {"webhook-id": "evt_1", "webhook-timestamp": str(stamp), "webhook-signature": signed}
    Webhook(SECRET).verify(body, headers)
    # A secret that is not ``whsec_``: keyed by its UTF-8 bytes, as the gateway does.
    plain = standard_signature("plain", message_id="evt_1", timestamp=stamp, body=body)
    headers["webhook-signature"] = plain
    Webhook("whsec_" + base64.b64encode(b"plain").decode()).verify(body, headers)
    verify(body, headers, "plain")


def test_a_redelivered_event_is_dropped(
    gateway: Gateway, receiver: Receiver, delivered: Delivery
) -> None:
    receiver_side = WebhookReceiver(SECRET, store=MemoryStore())
    first = receiver_side.receive(delivered.body, delivered.headers)
    assert first is not None and first.id
    with InboxHub(gateway.url, api_key=gateway.api_key) as hub:
        log = hub.list_deliveries(session_id=SESSION, event="message.received")
        original = next(d for d in log.deliveries if d.event_id == first.id)
        again = hub.redeliver(original.id)
        assert again.event_id == first.id
    replayed = eventually(
        lambda: [
            d
            for d in receiver.of("message.received")
            if d.headers.get("webhook-id") == first.id
            and d.path.endswith("/hooks")
            and d is not delivered
        ]
    )[0]
    # Signed afresh (a new timestamp), same event: verified, then dropped as a repeat.
    assert receiver_side.receive(replayed.body, replayed.headers) is None
    # Handling failed? Release it, and the next delivery of it is handled.
    receiver_side.release(first)
    assert receiver_side.receive(replayed.body, replayed.headers) is not None


def test_a_status_event_parses_to_its_model(receiver: Receiver, delivered: Delivery) -> None:
    statuses = [d for d in receiver.of("session.status") if d.path.endswith("/hooks")]
    assert statuses
    event = parse_event(json.loads(statuses[0].body))
    assert isinstance(event, SessionStatus)
    assert event.session_id == SESSION and event.data.status


def _dedup_contract(store: MemoryStore | SqlStore | RedisStore) -> None:
    event_id = f"evt_{time.time_ns():x}"
    assert store.add(event_id) is True
    assert store.add(event_id) is False
    store.discard(event_id)
    assert store.add(event_id) is True


def test_memory_store() -> None:
    _dedup_contract(MemoryStore())
    small = MemoryStore(max_entries=2)
    for event_id in ("a", "b", "c"):
        assert small.add(event_id)
    assert small.add("a")  # the oldest was forgotten to stay within max_entries


def test_sql_store(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    store = SqlStore(lambda: sqlite3.connect(path))
    _dedup_contract(store)
    # Another worker of the receiver, with its own connection, sees the same table.
    assert SqlStore(lambda: sqlite3.connect(path)).add("evt_shared")
    assert not store.add("evt_shared")


def _redis_reachable() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


def test_redis_store() -> None:
    if not _redis_reachable():
        # CI provides Redis; a developer's machine may not.
        if os.environ.get("INBOXHUB_TEST_REQUIRE_REDIS"):
            pytest.fail("no Redis on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=14)
    try:
        _dedup_contract(RedisStore(client, ttl=60))
    finally:
        client.close()

"""AMQP sinks against the machine's RabbitMQ: the webhook's event on a durable topic exchange,
and nothing lost while the broker is unreachable."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from tests.sinks.conftest import amqp_sink
from tests.sinks.flows import (
    CONTACTS,
    all_arrive,
    assert_in_order_per_chat,
    assert_same_as_webhook,
    chatter,
    deliveries_of,
    failing,
    received,
    settled,
    write,
)
from tests.support import eventually, link_session
from tests.webhooks.conftest import add_webhook

SECRET = "shared-secret"


async def test_an_inbound_message_is_published_as_the_webhook_sends_it(client, rabbit, receiver):
    webhook = await add_webhook(client, receiver.url, secret=SECRET, events=["message"])
    sink = await amqp_sink(client, rabbit.exchange, secret=SECRET, events=["message"])
    org = sink["organizationId"]
    await link_session(client, "shop.eu", "34600000901")
    await write(client, "shop.eu", CONTACTS[0], "¿Tienen la talla 42? 😀")

    (message,) = await all_arrive(lambda: _messages(rabbit), ["¿Tienen la talla 42? 😀"])
    (posted,) = [r for r in await receiver.wait_for(1) if r.json()["event"] == "message.received"]
    assert_same_as_webhook(message, posted, SECRET)
    # The session id's dot is encoded: the key keeps its four parts before the event's own.
    assert message.routing == f"{org}.shop%2Eeu.message.received"
    props = message.properties
    assert props["delivery_mode"] == 2  # persistent
    assert props["message_id"] == message.event_id
    assert props["content_type"] == "application/json"
    assert props["type"] == "message.received"
    assert props["app_id"] == "inboxhub"

    (delivery,) = await settled(client, sink["id"], 1)
    assert delivery["subscriptionKind"] == "amqp"
    assert delivery["eventId"] == message.event_id
    assert "confirmed by the broker" in delivery["responseBody"]
    assert rabbit.exchange in delivery["responseBody"]
    assert webhook["id"] != sink["id"]


async def test_a_broker_outage_loses_nothing_and_keeps_each_chats_order(
    client, rabbit, rabbit_proxy
):
    sink = await amqp_sink(client, rabbit.exchange, port=rabbit_proxy.port, events=["message"])
    await link_session(client, "outage", "34600000902")
    texts = await chatter(client, "outage", range(0, 8))
    await all_arrive(lambda: _messages(rabbit), texts)

    # The broker goes away mid-stream: attempts fail, are logged, and wait for their retry.
    await rabbit_proxy.stop()
    texts += await chatter(client, "outage", range(8, 16))
    waiting = await failing(client, sink["id"])
    assert any("connect" in d["error"].lower() for d in waiting), waiting

    await rabbit_proxy.start()
    texts += await chatter(client, "outage", range(16, 20))
    messages = await all_arrive(lambda: _messages(rabbit), texts)
    log = await settled(client, sink["id"], len(texts))

    counts = Counter(m.event_id for m in messages)
    assert len(counts) == len(texts) == len(log)
    assert_in_order_per_chat(messages, texts)
    # A second copy only of an event whose attempt failed after it may have reached the broker.
    retried = {d["eventId"] for d in log if d["attempts"] > 1}
    assert {event for event, n in counts.items() if n > 1} <= retried
    assert retried, "the outage made some deliveries wait for a retry"


async def test_redelivery_and_replay_publish_the_same_event_again(client, rabbit):
    since = datetime.now(UTC).isoformat()
    sink = await amqp_sink(client, rabbit.exchange, events=["message"])
    await link_session(client, "again", "34600000903")
    texts = await chatter(client, "again", range(2))
    (first, *_) = await settled(client, sink["id"], len(texts))

    redone = await client.post(f"/api/webhooks/deliveries/{first['id']}/redeliver")
    assert redone.status_code == 202, redone.text
    replay = await client.post(
        "/api/webhooks/replay", json={"since": since, "subscriptionId": sink["id"]}
    )
    assert replay.json()["data"]["queued"] == len(texts)

    async def all_again():
        counts = Counter(m.event_id for m in received(await _messages(rabbit)))
        return counts if sum(counts.values()) == 2 * len(texts) + 1 else None

    counts = await eventually(all_again)
    assert counts[first["eventId"]] == 3
    assert len(await deliveries_of(client, sink["id"])) == 2 * len(texts) + 1


async def _messages(rabbit):
    return list(rabbit.messages)

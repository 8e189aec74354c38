"""NATS sinks against the machine's NATS JetStream: the webhook's event stored in a stream, once
each even when retries send it again (``Nats-Msg-Id``), and nothing lost while NATS is away."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from tests.sinks.brokers import StreamReader, run_name
from tests.sinks.conftest import nats_sink
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


async def test_an_inbound_message_is_stored_as_the_webhook_sends_it(client, stream, receiver):
    await add_webhook(client, receiver.url, secret=SECRET, events=["message"])
    sink = await nats_sink(client, stream.prefix, secret=SECRET, events=["message"])
    org = sink["organizationId"]
    await link_session(client, "shop.eu", "34600000911")
    await write(client, "shop.eu", CONTACTS[0], "¿Tienen la talla 42? 😀")

    (message,) = await all_arrive(stream.messages, ["¿Tienen la talla 42? 😀"])
    (posted,) = [r for r in await receiver.wait_for(1) if r.json()["event"] == "message.received"]
    assert_same_as_webhook(message, posted, SECRET)
    assert message.routing == f"{stream.prefix}.{org}.shop%2Eeu.message.received"
    assert message.headers["Nats-Msg-Id"] == message.event_id

    (delivery,) = await settled(client, sink["id"], 1)
    assert delivery["subscriptionKind"] == "nats"
    assert f"stored in stream '{stream.stream}'" in delivery["responseBody"]


async def test_an_outage_loses_nothing_and_the_stream_keeps_one_copy_in_order(
    client, stream, nats_proxy
):
    sink = await nats_sink(client, stream.prefix, port=nats_proxy.port, events=["message"])
    await link_session(client, "outage", "34600000912")
    texts = await chatter(client, "outage", range(0, 8))
    await all_arrive(stream.messages, texts)

    await nats_proxy.stop()
    texts += await chatter(client, "outage", range(8, 16))
    await failing(client, sink["id"])

    await nats_proxy.start()
    texts += await chatter(client, "outage", range(16, 20))
    messages = await all_arrive(stream.messages, texts)
    log = await settled(client, sink["id"], len(texts))

    # Retries may publish an event twice; the server keeps the first copy only.
    assert sorted(Counter(m.event_id for m in messages).values()) == [1] * len(texts)
    assert len(log) == len(texts)
    assert any(d["attempts"] > 1 for d in log)
    assert_in_order_per_chat(messages, texts)


async def test_a_replay_is_dropped_by_the_server_as_a_duplicate(client, stream):
    since = datetime.now(UTC).isoformat()
    sink = await nats_sink(client, stream.prefix, events=["message"])
    await link_session(client, "again", "34600000913")
    texts = await chatter(client, "again", range(2))
    await settled(client, sink["id"], len(texts))

    replay = await client.post(
        "/api/webhooks/replay", json={"since": since, "subscriptionId": sink["id"]}
    )
    assert replay.json()["data"]["queued"] == len(texts)
    log = await settled(client, sink["id"], 2 * len(texts))
    duplicates = [d for d in log if "already there" in (d["responseBody"] or "")]
    assert len(duplicates) == len(texts)
    assert len(received(await stream.messages())) == len(texts)


async def test_events_wait_until_a_stream_takes_their_subject(client):
    prefix = run_name("ihlate")
    sink = await nats_sink(client, prefix, events=["message"])
    await link_session(client, "late", "34600000914")
    texts = await chatter(client, "late", range(3))

    waiting = await failing(client, sink["id"])
    assert f"no JetStream stream takes subject '{prefix}." in waiting[0]["error"]

    late = await StreamReader(prefix).start()
    try:
        messages = await all_arrive(late.messages, texts)
        assert_in_order_per_chat(messages, texts)
    finally:
        await late.stop()

    async def delivered():
        return all(d["status"] == "succeeded" for d in await deliveries_of(client, sink["id"]))

    await eventually(delivered)

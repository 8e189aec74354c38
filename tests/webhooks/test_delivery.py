"""Delivery mechanics: retries, timeouts, redirects, ordering per chat, outages, transactions."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import select, update

from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.delivery import parse_retry_after
from inboxhub.webhooks.models import WebhookSubscription
from inboxhub.webhooks.outbox import publish
from tests.support import eventually, link_session
from tests.webhooks.conftest import FAST, add_webhook, deliveries, emit
from tests.webhooks.receiver import Drop, Hang, Reply


def failing_first(times: int, answer=500):
    """A receiver script: each event's first ``times`` requests fail, then it is accepted."""
    seen: Counter[str] = Counter()

    def script(request):
        seen[request.event_id] += 1
        return answer if seen[request.event_id] <= times else 200

    return script


async def settled(client) -> None:
    async def nothing_pending() -> bool:
        return not await deliveries(client, status="pending")

    await eventually(nothing_pending, timeout=10)


async def detail(client, delivery_id):
    response = await client.get(f"/api/webhooks/deliveries/{delivery_id}")
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def test_retries_until_the_receiver_accepts(app, client, receivers):
    receiver = await receivers(failing_first(2))
    await link_session(client, "retry", "34600000401", webhookUrl=receiver.url)
    event_id = await emit(app, "retry", "message.sent", {"n": 1}, chat_id="c1")
    await settled(client)
    (delivery,) = [d for d in await deliveries(client) if d["eventId"] == event_id]
    assert delivery["status"] == "succeeded"
    assert delivery["attempts"] == 3
    assert delivery["responseStatus"] == 200
    assert delivery["deliveredAt"]
    log = (await detail(client, delivery["id"]))["attemptLog"]
    assert [a["responseStatus"] for a in log] == [500, 500, 200]
    assert all(a["durationMs"] >= 0 and a["url"] == receiver.url for a in log)
    # Every attempt carried the same event id and body; the attempt counter moved on.
    attempts = [r for r in receiver.requests if r.event_id == event_id]
    assert len({r.body for r in attempts}) == 1
    assert [r.headers["x-webhook-attempt"] for r in attempts] == ["1", "2", "3"]


class TestMisbehavingReceivers:
    @pytest.fixture
    def settings_overrides(self):
        # Long enough that a busy machine's 200 is never mistaken for a hang (a retry more).
        return {**FAST, "webhook_timeout_seconds": 1.0}

    async def test_hanging_dropping_and_redirecting_are_retried(self, app, client, receivers):
        elsewhere = await receivers()
        seen: Counter[str] = Counter()

        def script(request):
            seen[request.event_id] += 1
            if seen[request.event_id] > 1:
                return 200
            mode = request.json()["data"]["mode"]
            if mode == "hang":
                return Hang()
            if mode == "drop":
                return Drop()
            return Reply(302, {"Location": elsewhere.url})

        receiver = await receivers(script)
        await link_session(client, "rude", "34600000402", webhookUrl=receiver.url)
        ids = {
            mode: await emit(app, "rude", "message.sent", {"mode": mode}, chat_id=mode)
            for mode in ("hang", "drop", "redirect")
        }
        await settled(client)
        by_event = {d["eventId"]: d for d in await deliveries(client)}
        errors = {}
        for mode, event_id in ids.items():
            delivery = by_event[event_id]
            assert delivery["status"] == "succeeded", delivery
            assert delivery["attempts"] == 2
            first = (await detail(client, delivery["id"]))["attemptLog"][0]
            errors[mode] = (first["responseStatus"], first["error"])
        assert errors["hang"][0] is None and "no answer within" in errors["hang"][1]
        assert errors["drop"][0] is None and errors["drop"][1]
        assert errors["redirect"][0] == 302 and "not followed" in errors["redirect"][1]
        assert elsewhere.requests == []


class TestSlowSubscriber:
    @pytest.fixture
    def settings_overrides(self):
        return {
            **FAST,
            "webhook_timeout_seconds": 30.0,
            "webhook_max_in_flight": 6,
            "webhook_max_in_flight_per_subscription": 2,
        }

    async def test_a_hanging_subscriber_does_not_hold_up_the_others(self, app, client, receivers):
        stuck = await receivers(lambda r: Hang())
        healthy = await receivers()
        await add_webhook(client, stuck.url, events=["message"])
        await add_webhook(client, healthy.url, events=["message"])
        await link_session(client, "busy", "34600000403")
        for n in range(10):
            await emit(app, "busy", "message.sent", {"n": n}, chat_id=f"chat{n}")
        await healthy.wait_for(10, timeout=20)  # well inside the stuck ones' 30 s timeout
        # The stuck one holds only its share of the slots, and is still hanging.
        assert len(stuck.requests) == 2
        assert all(r.status is None for r in stuck.requests)


class TestOrdering:
    @pytest.fixture
    def settings_overrides(self):
        return {**FAST, "webhook_retry_schedule": [3.0, 0.05, 0.05]}

    async def test_a_chat_waits_for_its_earlier_event_other_chats_do_not(
        self, app, client, receivers
    ):
        failed: list[str] = []

        def script(request):
            if request.json()["data"].get("x") == 1 and not failed:
                failed.append(request.event_id)
                return 500
            return 200

        receiver = await receivers(script)
        await link_session(client, "ordered", "34600000404", webhookUrl=receiver.url)
        xs, ys = [], []
        for n in range(1, 6):
            xs.append(await emit(app, "ordered", "message.sent", {"x": n}, chat_id="x"))
        for n in range(1, 4):
            ys.append(await emit(app, "ordered", "message.sent", {"y": n}, chat_id="y"))

        # Chat y goes ahead while x's first event waits for its retry; x's others wait behind it.
        async def y_done() -> bool:
            return all(y in receiver.accepted_ids() for y in ys)

        await eventually(y_done)
        assert [r.event_id for r in receiver.requests if r.event_id in xs] == [xs[0]]
        await settled(client)

        arrivals = [r.event_id for r in receiver.requests]
        assert [e for e in arrivals if e in xs] == [xs[0], *xs]  # failed try, its retry, the rest
        assert [r.status for r in receiver.requests if r.event_id == xs[0]] == [500, 200]
        assert [e for e in arrivals if e in ys] == ys


class TestOutage:
    @pytest.fixture
    def settings_overrides(self):
        return {**FAST, "webhook_retry_schedule": [0.1] * 40}

    async def test_a_receiver_down_for_a_while_gets_everything_in_order(
        self, app, client, receiver
    ):
        await link_session(client, "outage", "34600000405", webhookUrl=receiver.url)
        await settled(client)
        await receiver.stop()
        for _ in range(2):
            await client.post("/api/sandbox/sessions/outage/drop")

            async def back() -> bool:
                status = (await client.get("/api/sessions/outage/status")).json()["data"]
                return status["status"] == "connected"

            await eventually(back)
        await emit(app, "outage", "message.sent", {"while": "down"}, chat_id="c")

        async def failing() -> bool:
            # The head of each chain keeps failing; the ones behind it wait their turn.
            pending = await deliveries(client, status="pending")
            chat = [d for d in pending if d["chatId"] == "c"]
            return (
                bool(chat) and chat[0]["attempts"] >= 1 and any(d["attempts"] >= 2 for d in pending)
            )

        await eventually(failing)
        await receiver.start()
        await settled(client)

        log = sorted(await deliveries(client), key=lambda d: d["eventSeq"])
        assert {d["status"] for d in log} == {"succeeded"}
        expected = [d["eventId"] for d in log]
        # Nothing lost, nothing out of order (each chain waits for its head).
        first_seen = list(dict.fromkeys(receiver.accepted_ids()))
        assert sorted(first_seen) == sorted(expected)
        session_events = [d["eventId"] for d in log if d["chatId"] is None]
        assert [e for e in first_seen if e in session_events] == session_events


class TestDeadLetters:
    @pytest.fixture
    def settings_overrides(self):
        return {**FAST, "webhook_retry_schedule": [0.05, 0.05]}

    async def test_dead_letter_redeliver_and_replay(self, app, client, receivers):
        healthy = False

        def script(request):
            return 200 if healthy else Reply(500, body=b"boom: CRM database is down")

        receiver = await receivers(script)
        webhook = await add_webhook(client, receiver.url, events=["message"])
        await link_session(client, "dead", "34600000406")
        since = datetime.now().astimezone().isoformat()
        first = await emit(app, "dead", "message.sent", {"n": 1}, chat_id="a")
        second = await emit(app, "dead", "message.sent", {"n": 2}, chat_id="b")

        async def two_dead():
            data = (await client.get("/api/webhooks/dead-letters")).json()["data"]
            return data if data["total"] == 2 else None

        letters = (await eventually(two_dead))["deliveries"]
        for letter in letters:
            assert letter["status"] == "failed"
            assert letter["attempts"] == 3
            assert letter["responseStatus"] == 500
            assert letter["responseBody"] == "boom: CRM database is down"
            assert letter["lastAttemptAt"] and letter["nextAttemptAt"] is None
            assert letter["subscriptionId"] == webhook["id"]
        assert len(receiver.requests) == 6

        healthy = True
        dead_first = next(d for d in letters if d["eventId"] == first)
        again = await client.post(f"/api/webhooks/deliveries/{dead_first['id']}/redeliver")
        assert again.status_code == 202, again.text
        assert again.json()["data"]["replayOf"] == dead_first["id"]
        await receiver.wait_for(1)
        assert receiver.accepted_ids() == [first]
        assert (await detail(client, dead_first["id"]))["status"] == "replayed"

        replayed = await client.post(
            "/api/webhooks/replay", json={"since": since, "onlyFailed": True}
        )
        assert replayed.json()["data"] == {"queued": 1, "truncated": False}
        await receiver.wait_for(2)
        assert receiver.accepted_ids() == [first, second]
        assert (await client.get("/api/webhooks/dead-letters")).json()["data"]["total"] == 0

        # Everything since then, again, to this subscriber: same event ids, in order.
        replayed = await client.post(
            "/api/webhooks/replay", json={"since": since, "subscriptionId": webhook["id"]}
        )
        assert replayed.json()["data"] == {"queued": 2, "truncated": False}
        await receiver.wait_for(4)
        assert receiver.accepted_ids() == [first, second, first, second]

        missing = await client.post("/api/webhooks/deliveries/999999/redeliver")
        assert missing.status_code == 404
        bad = await client.post("/api/webhooks/replay", json={"since": "yesterday"})
        assert bad.status_code == 400 and bad.json()["field"] == "since"


async def test_410_disables_the_subscriber_and_an_event_says_so(app, client, receivers):
    gone = await receivers(lambda r: 410)
    new_home = await receivers()
    watcher = await receivers()
    await add_webhook(client, watcher.url, events=["*"])
    await link_session(client, "moved", "34600000407", webhookUrl=gone.url)

    async def disabled():
        received = [r.json() for r in watcher.requests]
        return next((b for b in received if b["event"] == "webhook.disabled"), None)

    notice = await eventually(disabled)
    assert notice["data"]["kind"] == "session"
    assert notice["data"]["sessionId"] == "moved"
    assert "410" in notice["data"]["reason"]
    assert len(gone.requests) == 1
    subscriptions = (await client.get("/api/webhooks/subscriptions")).json()["data"]
    session_sub = next(s for s in subscriptions["subscriptions"] if s["kind"] == "session")
    assert session_sub["isActive"] is False
    assert "410" in session_sub["disabledReason"]

    # Nothing goes to the dead address while it is disabled; the event is kept all the same.
    since = datetime.now().astimezone().isoformat()
    missed = await emit(app, "moved", "message.sent", {"n": 1}, chat_id="c")
    await eventually(lambda: _has(watcher, missed))
    assert len(gone.requests) == 1

    # A new address revives the subscriber: the delivery that met the 410 goes there, then new
    # events; what happened while it was disabled comes with a replay.
    response = await client.put("/api/sessions/moved", json={"webhookUrl": new_home.url})
    assert response.status_code == 200
    later = await emit(app, "moved", "message.sent", {"n": 2}, chat_id="c")
    await eventually(lambda: _has(new_home, later))
    await eventually(lambda: _has(new_home, gone.requests[0].event_id))
    assert missed not in new_home.accepted_ids()
    replay = await client.post(
        "/api/webhooks/replay",
        json={"since": since, "subscriptionId": session_sub["id"], "onlyFailed": False},
    )
    assert replay.json()["data"]["queued"] == 2  # the missed one and the later one

    async def replayed() -> bool:
        return new_home.accepted_ids().count(later) == 2

    await eventually(replayed)
    chat = [e for e in new_home.accepted_ids() if e in (missed, later)]
    assert chat == [later, missed, later]


async def _has(receiver, event_id) -> bool:
    return event_id in receiver.accepted_ids()


class TestLongFailure:
    @pytest.fixture
    def settings_overrides(self):
        return {
            **FAST,
            "webhook_retry_schedule": [0.05] * 100,
            "webhook_disable_after_seconds": 0.4,
        }

    async def test_a_subscriber_failing_for_too_long_is_disabled(self, app, client, receivers):
        broken = await receivers(lambda r: 503)
        watcher = await receivers()
        webhook = await add_webhook(client, broken.url, events=["message"])
        await add_webhook(client, watcher.url, events=["webhook.disabled"])
        await link_session(client, "flaky", "34600000408")
        await emit(app, "flaky", "message.sent", {"n": 1}, chat_id="c")
        (notice,) = await watcher.wait_for(1)
        assert notice.json()["data"]["subscriptionId"] == webhook["id"]
        assert "every delivery failed since" in notice.json()["data"]["reason"]
        tries = len(broken.requests)
        assert tries >= 2
        await asyncio.sleep(0.3)
        assert len(broken.requests) == tries  # paused, not retried while disabled

        enabled = await client.post(f"/api/webhooks/subscriptions/{webhook['id']}/enable")
        assert enabled.json()["data"]["isActive"] is True
        assert enabled.json()["data"]["failingSince"] is None

        async def retried_again() -> bool:
            return len(broken.requests) > tries

        await eventually(retried_again)


async def test_retry_after_is_honoured(app, client, receivers):
    receiver = await receivers(lambda r: Reply(429, {"Retry-After": "120"}))
    await link_session(client, "throttled", "34600000409")
    await add_webhook(client, receiver.url, events=["message"])
    await emit(app, "throttled", "message.sent", {"n": 1}, chat_id="c")

    async def tried():
        pending = await deliveries(client, status="pending", event="message.sent")
        return pending[0] if pending and pending[0]["attempts"] == 1 else None

    delivery = await eventually(tried)
    wait = datetime.fromisoformat(delivery["nextAttemptAt"]) - datetime.fromisoformat(
        delivery["lastAttemptAt"]
    )
    assert wait.total_seconds() >= 119
    assert len(receiver.requests) == 1


def test_retry_after_forms():
    assert parse_retry_after("30", now=0) == 30
    assert parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", now=40) == 60
    assert parse_retry_after("soon", now=0) is None
    assert parse_retry_after("³", now=0) is None  # a digit to str.isdigit(), not a number
    assert parse_retry_after(None, now=0) is None


async def test_addresses_are_checked_again_at_send_time(app, client, receivers):
    receiver = await receivers()
    webhook = await add_webhook(client, f"http://localhost:{receiver.port}/hook")
    await link_session(client, "guarded", "34600000410")
    await receiver.wait_for(1)  # a host name resolves, is checked, and is reached

    # An address that passed once and is refused now (say the rules changed meanwhile).
    async with app.state.runtime.database.sessionmaker() as db, db.begin():
        await db.execute(
            update(WebhookSubscription)
            .where(WebhookSubscription.id == webhook["id"])
            .values(url="http://169.254.169.254/latest/meta-data")
        )
    event_id = await emit(app, "guarded", "message.sent", {"n": 1}, chat_id="c")

    async def refused():
        found = [d for d in await deliveries(client) if d["eventId"] == event_id]
        return found[0] if found and found[0]["attempts"] >= 1 else None

    delivery = await eventually(refused)
    assert "blocked address" in delivery["error"]
    assert delivery["responseStatus"] is None


async def test_only_committed_events_are_delivered(app, client, receiver):
    await link_session(
        client, "tx", "34600000411", webhookUrl=receiver.url, webhookEvents=["message"]
    )
    runtime = app.state.runtime

    find = select(WhatsAppSession).where(WhatsAppSession.session_id == "tx")
    async with runtime.database.sessionmaker() as db:
        session = (await db.execute(find)).scalar_one()
        await publish(
            db,
            organization_id=session.organization_id,
            event_type="message.sent",
            payload={"n": "rolled back"},
            session=session,
            chat_id="c",
        )
        await db.rollback()
    async with runtime.database.sessionmaker() as db:
        session = (await db.execute(find)).scalar_one()
        savepoint = await db.begin_nested()
        await publish(
            db,
            organization_id=session.organization_id,
            event_type="message.sent",
            payload={"n": "savepoint rolled back"},
            session=session,
            chat_id="c",
        )
        await savepoint.rollback()
        kept = await publish(
            db,
            organization_id=session.organization_id,
            event_type="message.sent",
            payload={"n": "kept"},
            session=session,
            chat_id="c",
        )
        await db.commit()
    await receiver.wait_for(1)
    await settled(client)
    assert receiver.accepted_ids() == [kept.id]
    assert [d["eventId"] for d in await deliveries(client)] == [kept.id]


async def test_an_event_about_a_session_created_in_the_same_transaction(app, client, receiver):
    await add_webhook(client, receiver.url, events=["session_status"])
    runtime = app.state.runtime
    async with runtime.database.sessionmaker() as db, db.begin():
        session = WhatsAppSession(
            organization_id=1,
            session_id="born_and_told",
            name="born_and_told",
            engine="sandbox",
            engine_options={},
            status="disconnected",
            profile={},
            webhook_events=["*"],
        )
        db.add(session)
        await db.flush()
        event = await publish(
            db,
            organization_id=1,
            event_type="session.status",
            payload={"status": "created"},
            session=session,
        )
    (request,) = await receiver.wait_for(1)
    assert request.event_id == event.id
    assert request.json()["sessionId"] == "born_and_told"


async def test_connections_the_receiver_dropped_while_idle_are_not_failures(app, client, receivers):
    # Answers, then closes the connection without saying so (like a keep-alive timeout).
    receiver = await receivers()
    receiver.close_after_answer = True
    await add_webhook(client, receiver.url, events=["message"])
    await link_session(client, "idle", "34600000412")
    for n in range(5):
        await emit(app, "idle", "message.sent", {"n": n}, chat_id=f"c{n}")
        await settled(client)
    log = await deliveries(client)
    assert {d["status"] for d in log} == {"succeeded"}
    assert {d["attempts"] for d in log} == {1}


async def test_old_events_are_pruned_unless_a_delivery_still_waits(app, client, receivers):
    from datetime import timedelta

    from inboxhub.db import utcnow
    from inboxhub.webhooks import queue
    from inboxhub.webhooks.models import Event, WebhookDelivery

    down = await receivers(lambda r: Reply(503, {"Retry-After": "3600"}))  # back in an hour
    await add_webhook(client, down.url, events=["message"])
    await link_session(client, "old", "34600000413")
    kept = await emit(app, "old", "message.sent", {"n": "still waiting"}, chat_id="c")
    runtime = app.state.runtime
    async with runtime.database.sessionmaker() as db, db.begin():
        # Everything recorded so far happened long ago.
        await db.execute(update(Event).values(created_at=utcnow() - timedelta(days=40)))
    async with runtime.database.sessionmaker() as db:
        before = (await db.execute(select(Event.id))).scalars().all()
    removed = await queue.purge(runtime.database, older_than=utcnow() - timedelta(days=30))
    async with runtime.database.sessionmaker() as db:
        after = (await db.execute(select(Event.id))).scalars().all()
        pending = (await db.execute(select(WebhookDelivery.id))).scalars().all()
    assert removed == len(before) - 1
    assert after == [kept]  # its delivery is still being retried
    assert len(pending) == 1

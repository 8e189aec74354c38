"""Who hears what: organization webhooks (seed 02), session webhooks, the global Frappe webhook."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from tests.support import create_session, eventually, link_session
from tests.webhooks.conftest import (
    FAST,
    add_webhook,
    deliveries,
    emit,
    organization_id,
    second_organization,
)


async def test_organization_webhook_crud(client, receiver):
    org = await organization_id(client)
    created = await add_webhook(
        client, receiver.url, events=["message", "session_status"], secret="s3cret"
    )
    assert created["kind"] == "organization"
    assert created["url"] == receiver.url
    assert created["events"] == ["message", "session_status"]
    assert created["hasSecret"] is True
    assert "secret" not in created
    assert created["isActive"] is True

    listed = (await client.get(f"/api/webhooks/organizations/{org}")).json()["data"]
    assert [w["id"] for w in listed["webhooks"]] == [created["id"]]

    path = f"/api/webhooks/organizations/{org}/{created['id']}"
    updated = await client.put(path, json={"events": ["*"], "secret": None, "name": "Otro"})
    assert updated.status_code == 200, updated.text
    assert updated.json()["data"]["events"] == ["*"]
    assert updated.json()["data"]["hasSecret"] is False
    assert updated.json()["data"]["name"] == "Otro"

    paused = (await client.put(path, json={"isActive": False})).json()["data"]
    assert paused["isActive"] is False
    assert paused["disabledReason"]

    assert (await client.delete(path)).status_code == 200
    assert (await client.get(path)).status_code == 404
    assert (await client.get(f"/api/webhooks/organizations/{org}")).json()["data"]["total"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://crm.example/hook"}, "url"),
        ({"url": "http:///hook"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "http://169.254.169.254/latest/meta-data"}, "url"),
        ({"url": "http://[::ffff:169.254.169.254]/"}, "url"),
        ({"url": "http://user:pw@127.0.0.1/hook"}, "url"),
        ({"url": "http://127.0.0.1/hook", "events": ["messages"]}, "events"),
        ({"url": "http://127.0.0.1/hook", "events": []}, "events"),
        ({"url": "http://127.0.0.1/hook", "secret": ""}, "secret"),
        ({"url": "http://127.0.0.1/hook", "secret": "   "}, "secret"),
        ({"events": ["*"]}, "url"),
    ],
)
async def test_bad_webhooks_are_refused_naming_the_field(client, body, field):
    org = await organization_id(client)
    response = await client.post(f"/api/webhooks/organizations/{org}", json=body)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["field"] == field, response.json()
    assert response.json()["code"] in ("VALIDATION_ERROR", "URL_NOT_ALLOWED")


class TestPrivateTargetsRefused:
    @pytest.fixture
    def settings_overrides(self):
        return {**FAST, "allow_private_targets": False}

    async def test_loopback_and_private_networks(self, client):
        org = await organization_id(client)
        for url in ("http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://localhost/x"):
            response = await client.post(f"/api/webhooks/organizations/{org}", json={"url": url})
            assert response.status_code == 400, url
            assert response.json()["code"] == "URL_NOT_ALLOWED"
            assert response.json()["field"] == "url"


async def test_other_organizations_webhooks_do_not_exist(client, anon, receiver):
    mine = await add_webhook(client, receiver.url)
    own_org = await organization_id(client)
    other_org, other_key = await second_organization(anon)
    theirs = {"X-API-Key": other_key}

    # Their key on my organization's path, and mine on theirs: 404, as if it did not exist.
    for method, path in [
        ("GET", f"/api/webhooks/organizations/{own_org}"),
        ("GET", f"/api/webhooks/organizations/{own_org}/{mine['id']}"),
        ("PUT", f"/api/webhooks/organizations/{own_org}/{mine['id']}"),
        ("DELETE", f"/api/webhooks/organizations/{own_org}/{mine['id']}"),
        ("POST", f"/api/webhooks/organizations/{own_org}"),
    ]:
        response = await anon.request(method, path, headers=theirs, json={"url": receiver.url})
        assert response.status_code == 404, (method, path, response.text)
    assert (await client.get(f"/api/webhooks/organizations/{other_org}")).status_code == 404
    # Even on their own path the webhook id of another organization is unknown.
    response = await anon.get(
        f"/api/webhooks/organizations/{other_org}/{mine['id']}", headers=theirs
    )
    assert response.status_code == 404
    response = await anon.post(f"/api/webhooks/subscriptions/{mine['id']}/test", headers=theirs)
    assert response.status_code == 404

    # Their events never reach my webhook, and their delivery log is theirs.
    response = await anon.post("/api/sessions", json={"sessionId": "theirs_1"}, headers=theirs)
    assert response.status_code == 201
    await link_session(client, "mine_1", "34600000201")
    await receiver.wait_for(2)
    assert {r.json()["sessionId"] for r in receiver.requests} == {"mine_1"}
    log = (await anon.get("/api/webhooks/deliveries", headers=theirs)).json()["data"]
    assert log["total"] == 0


async def test_test_ping_is_signed_and_reports_the_answer(client, receivers):
    ok = await receivers()
    failing = await receivers(lambda r: 503)
    org = await organization_id(client)
    webhook = await add_webhook(client, ok.url, secret="ping-secret")
    response = await client.post(f"/api/webhooks/organizations/{org}/{webhook['id']}/test")
    data = response.json()["data"]
    assert data["delivered"] is True
    assert data["statusCode"] == 200
    (ping,) = ok.requests
    assert ping.json()["event"] == "webhook.test"
    assert ping.json()["id"] == data["eventId"]
    expected = hmac.new(b"ping-secret", ping.body, hashlib.sha256).hexdigest()
    assert ping.headers["x-webhook-signature"] == f"sha256={expected}"

    broken = await add_webhook(client, failing.url)
    data = (await client.post(f"/api/webhooks/organizations/{org}/{broken['id']}/test")).json()[
        "data"
    ]
    assert data["delivered"] is False
    assert data["statusCode"] == 503

    await create_session(client, "pinged", webhookUrl=ok.url)
    data = (await client.post("/api/webhooks/sessions/pinged/test")).json()["data"]
    assert data["delivered"] is True
    (session_ping,) = [r for r in ok.requests if r.event_id == data["eventId"]]
    assert session_ping.headers["x-webhook-session"] == "pinged"
    assert session_ping.json()["event"] == "webhook.test"
    # Nothing was queued for the pings: they are not events.
    assert all(d["event"] != "webhook.test" for d in await deliveries(client))


async def test_events_reach_only_the_subscribers_that_asked(app, client, receivers):
    statuses = await receivers()
    qr_only = await receivers()
    everything = await receivers()
    exact = await receivers()
    await add_webhook(client, statuses.url, events=["session_status"])
    await add_webhook(client, everything.url, events=["*"])
    await add_webhook(client, exact.url, events=["message.received"])
    await link_session(
        client, "filtered", "34600000301", webhookUrl=qr_only.url, webhookEvents=["qr_code"]
    )
    await emit(app, "filtered", "message.sent", {"n": 1}, chat_id="c")
    await emit(app, "filtered", "message.received", {"n": 2}, chat_id="c")

    def events(receiver):
        return {r.json()["event"] for r in receiver.accepted}

    async def all_arrived() -> bool:
        return (
            {"message.sent", "message.received"} <= events(everything)
            and events(exact) == {"message.received"}
            and "session.status" in events(statuses)
            and "session.qr" in events(qr_only)
        )

    await eventually(all_arrived)
    await settled(client)

    assert events(statuses) == {"session.status"}
    assert events(qr_only) == {"session.qr"}
    assert events(exact) == {"message.received"}
    assert {"session.status", "session.qr", "message.sent", "message.received"} <= events(
        everything
    )


class TestFrappe:
    @pytest.fixture
    def settings_overrides(self, receiver):
        return {
            **FAST,
            "frappe_webhook_url": receiver.url,
            "frappe_webhook_secret": "frappe-secret",
        }

    async def test_frappe_gets_received_messages_of_sessions_that_send_to_it(
        self, app, client, anon, receiver
    ):
        response = await client.post(
            "/api/sessions",
            json={"sessionId": "from_crm", "sessionName": "CRM"},
            headers={"X-Frappe-Origin": "true"},
        )
        assert response.status_code == 201
        await create_session(client, "not_frappe")
        await create_session(client, "frappe_later")
        enabled = await client.post(
            "/api/sessions/frappe_later/frappe/configure", json={"sendToFrappe": True}
        )
        assert enabled.status_code == 200

        for session_id in ("from_crm", "not_frappe", "frappe_later"):
            await emit(app, session_id, "message.received", {"sessionId": session_id}, chat_id="c")
            await emit(app, session_id, "message.sent", {"sessionId": session_id}, chat_id="c")
        received = await receiver.wait_for(2)
        await eventually(_settled(client))
        assert sorted(r.json()["data"]["sessionId"] for r in received) == [
            "frappe_later",
            "from_crm",
        ]
        assert {r.json()["event"] for r in receiver.requests} == {"message.received"}
        request = received[0]
        expected = hmac.new(b"frappe-secret", request.body, hashlib.sha256).hexdigest()
        assert request.headers["x-webhook-signature"] == f"sha256={expected}"
        kinds = {
            s["kind"]
            for s in (await client.get("/api/webhooks/subscriptions")).json()["data"][
                "subscriptions"
            ]
        }
        assert kinds == {"frappe"}


def _settled(client):
    async def check() -> bool:
        return not await deliveries(client, status="pending")

    return check


async def settled(client) -> None:
    await eventually(_settled(client), timeout=10)

"""``/api/webhooks/sinks``: configuring broker sinks, refusing bad ones, keeping their
credentials secret, and other tenants out."""

from __future__ import annotations

import logging

import pytest

from tests.sinks.brokers import NATS, RABBITMQ, run_name
from tests.sinks.conftest import PATIENT, add_sink, amqp_sink
from tests.support import eventually
from tests.webhooks.conftest import second_organization

PASSWORD = "s3cret-Pa55word"


async def test_an_amqp_sink_is_created_listed_changed_and_deleted(client):
    created = await amqp_sink(client, "crm.events", events=["message", "session_status"])
    assert created["type"] == "amqp"
    assert created["name"] == "AMQP sink"
    assert created["url"] == "amqp://guest:***@127.0.0.1:5672/"
    assert created["hasCredentials"] is True
    assert created["exchange"] == "crm.events"
    assert created["subjectPrefix"] is None
    assert created["routingKey"] == f"{created['organizationId']}.{{sessionId}}.{{event}}"
    assert created["events"] == ["message", "session_status"]
    assert created["isActive"] is True and created["hasSecret"] is False

    path = f"/api/webhooks/sinks/{created['id']}"
    listed = (await client.get("/api/webhooks/sinks")).json()["data"]
    assert listed["total"] == 1 and listed["sinks"][0] == created
    assert (await client.get(path)).json()["data"] == created

    changed = await client.put(
        path, json={"name": "Data lake", "events": ["*"], "secret": "k", "exchange": "lake"}
    )
    assert changed.status_code == 200, changed.text
    data = changed.json()["data"]
    assert (data["name"], data["events"], data["hasSecret"], data["exchange"]) == (
        "Data lake",
        ["*"],
        True,
        "lake",
    )
    paused = (await client.put(path, json={"isActive": False})).json()["data"]
    assert paused["isActive"] is False and paused["disabledReason"]
    resumed = (await client.put(path, json={"isActive": True})).json()["data"]
    assert resumed["isActive"] is True and resumed["disabledReason"] is None

    assert (await client.delete(path)).status_code == 200
    assert (await client.get(path)).status_code == 404
    assert (await client.get("/api/webhooks/sinks")).json()["data"]["total"] == 0


async def test_an_amqp_url_may_set_the_heartbeat(client, rabbit):
    sink = await amqp_sink(client, rabbit.exchange)
    changed = await client.put(
        f"/api/webhooks/sinks/{sink['id']}",
        json={"url": "amqp://guest:***@127.0.0.1:5672/?heartbeat=30"},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["data"]["url"] == "amqp://guest:***@127.0.0.1:5672/?heartbeat=30"
    # The stored password stayed: the broker still lets the user in.
    tested = (await client.post(f"/api/webhooks/sinks/{sink['id']}/test")).json()["data"]
    assert tested["delivered"] is True, tested


async def test_a_nats_sink_defaults_to_the_inboxhub_prefix(client):
    created = await add_sink(client, type="nats", url="nats://127.0.0.1:4222")
    assert created["subjectPrefix"] == "inboxhub"
    assert created["exchange"] is None
    assert created["subject"] == f"inboxhub.{created['organizationId']}.{{sessionId}}.{{event}}"
    assert created["hasCredentials"] is False
    assert created["url"] == "nats://127.0.0.1:4222"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "amqp://127.0.0.1/"}, "type"),
        ({"type": "kafka", "url": "amqp://127.0.0.1/"}, "type"),
        ({"type": "amqp"}, "url"),
        ({"type": "amqp", "url": "http://127.0.0.1:5672/"}, "url"),
        ({"type": "amqp", "url": "nats://127.0.0.1:4222"}, "url"),
        ({"type": "nats", "url": "amqp://127.0.0.1:5672/"}, "url"),
        ({"type": "amqp", "url": "amqp:///vhost"}, "url"),
        ({"type": "amqp", "url": "amqp://169.254.169.254/"}, "url"),
        ({"type": "nats", "url": "nats://[::ffff:169.254.169.254]:4222"}, "url"),
        ({"type": "amqp", "url": "amqps://127.0.0.1/?cafile=/etc/passwd"}, "url"),
        ({"type": "amqp", "url": "amqps://127.0.0.1/?no_verify_ssl=1"}, "url"),
        ({"type": "nats", "url": "nats://127.0.0.1:4222?user=x"}, "url"),
        ({"type": "amqp", "url": "amqp://127.0.0.1/", "exchange": ""}, "exchange"),
        ({"type": "amqp", "url": "amqp://127.0.0.1/", "exchange": "amq.topic"}, "exchange"),
        ({"type": "amqp", "url": "amqp://127.0.0.1/", "exchange": "a b"}, "exchange"),
        ({"type": "amqp", "url": "amqp://127.0.0.1/", "subjectPrefix": "x"}, "subjectPrefix"),
        ({"type": "nats", "url": "nats://127.0.0.1", "exchange": "x"}, "exchange"),
        ({"type": "nats", "url": "nats://127.0.0.1", "subjectPrefix": "a.*"}, "subjectPrefix"),
        ({"type": "nats", "url": "nats://127.0.0.1", "subjectPrefix": "a..b"}, "subjectPrefix"),
        ({"type": "nats", "url": "nats://127.0.0.1", "subjectPrefix": "a.>"}, "subjectPrefix"),
        ({"type": "nats", "url": "nats://127.0.0.1", "events": ["messages"]}, "events"),
        ({"type": "nats", "url": "nats://127.0.0.1", "events": []}, "events"),
        ({"type": "nats", "url": "nats://127.0.0.1", "secret": " "}, "secret"),
    ],
)
async def test_bad_sinks_are_refused_naming_the_field(client, body, field):
    response = await client.post("/api/webhooks/sinks", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field, response.json()
    assert response.json()["code"] in ("VALIDATION_ERROR", "URL_NOT_ALLOWED")


async def test_a_sink_keeps_its_type(client):
    sink = await amqp_sink(client, "keep")
    path = f"/api/webhooks/sinks/{sink['id']}"
    for body, field in [
        ({"type": "nats"}, "type"),
        ({"subjectPrefix": "x"}, "subjectPrefix"),
        ({"url": "nats://127.0.0.1:4222"}, "url"),
    ]:
        response = await client.put(path, json=body)
        assert response.status_code == 400, response.text
        assert response.json()["field"] == field


class TestPrivateTargetsRefused:
    @pytest.fixture
    def settings_overrides(self):
        return {**PATIENT, "allow_private_targets": False}

    async def test_loopback_and_private_brokers(self, client):
        for sink_type, url in [
            ("amqp", "amqp://guest:guest@127.0.0.1:5672/"),
            ("amqp", "amqps://10.1.2.3/"),
            ("nats", "nats://localhost:4222"),
            ("nats", "tls://192.168.1.10:4222"),
        ]:
            response = await client.post(
                "/api/webhooks/sinks", json={"type": sink_type, "url": url}
            )
            assert response.status_code == 400, url
            assert response.json()["code"] == "URL_NOT_ALLOWED"
            assert response.json()["field"] == "url"
            assert "guest:guest" not in response.text


async def test_credentials_are_never_shown_nor_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    url = f"amqp://inboxhub:{PASSWORD}@127.0.0.1:{RABBITMQ[1]}/"
    sink = await add_sink(client, type="amqp", url=url, exchange=run_name("ih_secret_"))
    assert PASSWORD not in str(sink)
    assert sink["url"] == f"amqp://inboxhub:***@127.0.0.1:{RABBITMQ[1]}/"
    token = await add_sink(client, type="nats", url=f"nats://{PASSWORD}@127.0.0.1:{NATS[1]}")
    assert token["url"] == f"nats://***@127.0.0.1:{NATS[1]}"

    # The broker refuses the user: the attempt fails, and neither its answer nor the logs tell.
    tested = await client.post(f"/api/webhooks/sinks/{sink['id']}/test")
    assert tested.status_code == 200, tested.text
    result = tested.json()["data"]
    assert result["delivered"] is False and result["error"]
    assert result["url"] == sink["url"]
    # A real event goes through the outbox and fails into the delivery log, still hidden.
    created = await client.post("/api/sessions", json={"sessionId": "secret"})
    assert created.status_code == 201

    async def failed_attempt():
        response = await client.get(
            "/api/webhooks/deliveries", params={"subscriptionId": sink["id"]}
        )
        items = response.json()["data"]["deliveries"]
        return [d for d in items if d["attempts"] >= 1]

    delivery = (await eventually(failed_attempt))[0]
    detail = (await client.get(f"/api/webhooks/deliveries/{delivery['id']}")).json()["data"]
    assert detail["attemptLog"][0]["url"] == sink["url"]
    subscriptions = (await client.get("/api/webhooks/subscriptions")).json()["data"]
    shown = {s["id"]: s["url"] for s in subscriptions["subscriptions"]}
    assert shown[sink["id"]] == sink["url"] and shown[token["id"]] == token["url"]
    everything = [tested.text, str(detail), str(subscriptions)]
    everything += [(await client.get("/api/webhooks/sinks")).text, caplog.text]
    for text in everything:
        assert PASSWORD not in text
    # A broker sink is not an HTTP webhook: the webhooks' test points at its own.
    pinged = await client.post(f"/api/webhooks/subscriptions/{sink['id']}/test")
    assert pinged.status_code == 400
    assert f"/api/webhooks/sinks/{sink['id']}/test" in pinged.json()["error"]


async def test_the_url_as_shown_keeps_the_stored_password(client, rabbit):
    sink = await amqp_sink(client, rabbit.exchange)
    path = f"/api/webhooks/sinks/{sink['id']}"
    # Sent back as shown (password ***): the stored one stays, and publishing still works.
    again = await client.put(path, json={"url": sink["url"], "name": "renamed"})
    assert again.status_code == 200, again.text
    tested = (await client.post(f"{path}/test")).json()["data"]
    assert tested["delivered"] is True, tested
    assert tested["routingKey"] == f"{sink['organizationId']}._.webhook.test"
    # A new password replaces it: the broker refuses that user.
    wrong = await client.put(path, json={"url": "amqp://guest:wrong-one@127.0.0.1:5672/"})
    assert wrong.json()["data"]["url"] == "amqp://guest:***@127.0.0.1:5672/"
    refused = (await client.post(f"{path}/test")).json()["data"]
    assert refused["delivered"] is False
    assert "wrong-one" not in str(refused)


async def test_other_organizations_sinks_do_not_exist(client, anon):
    mine = await amqp_sink(client, "mine")
    _, other_key = await second_organization(anon)
    theirs = {"X-API-Key": other_key}
    path = f"/api/webhooks/sinks/{mine['id']}"
    for method in ("GET", "PUT", "DELETE"):
        response = await anon.request(method, path, headers=theirs, json={"name": "x"})
        assert response.status_code == 404, (method, response.text)
        assert response.json()["field"] == "sinkId"
    assert (await anon.post(f"{path}/test", headers=theirs)).status_code == 404
    listed = await anon.get("/api/webhooks/sinks", headers=theirs)
    assert listed.json()["data"]["total"] == 0
    assert (await client.get(path)).json()["data"]["exchange"] == "mine"

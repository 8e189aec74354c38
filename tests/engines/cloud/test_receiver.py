"""Meta's webhook into the gateway over HTTP: handshake, signature, storage before the 200, dedupe."""

from __future__ import annotations

import copy
import json

from sqlalchemy import func, select

from inboxhub.cloud_inbound.models import CloudWebhookKey, CloudWebhookPayload
from tests.engines.cloud.conftest import (
    VERIFY_TOKEN,
    create_cloud_session,
    fixture,
    post_webhook,
    sign,
)


async def _stored(app) -> list[CloudWebhookPayload]:
    async with app.state.database.sessionmaker() as db:
        rows = (
            await db.execute(select(CloudWebhookPayload).order_by(CloudWebhookPayload.id))
        ).scalars()
        return list(rows.all())


async def _keys(app) -> set[str]:
    async with app.state.database.sessionmaker() as db:
        return set((await db.execute(select(CloudWebhookKey.key))).scalars().all())


async def test_verification_handshake(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }
    for path in ("/api/cloud/webhook/meta_1", "/api/cloud/webhook"):
        answer = await anon.get(path, params=params)
        assert answer.status_code == 200
        assert answer.text == "1158201444"
        assert answer.headers["content-type"].startswith("text/plain")

        wrong = await anon.get(path, params={**params, "hub.verify_token": "guess"})
        assert wrong.status_code == 403
        assert wrong.json()["code"] == "FORBIDDEN"
        not_subscribe = await anon.get(path, params={**params, "hub.mode": "unsubscribe"})
        assert not_subscribe.status_code == 403
    unknown = await anon.get("/api/cloud/webhook/nobody", params=params)
    assert unknown.status_code == 404


async def test_a_signed_notification_is_stored_before_the_200(app, client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    body = json.dumps(fixture("text"), indent=1).encode()
    response = await post_webhook(anon, body)
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"received": 1, "duplicates": 0, "ignoredChanges": 0}

    (stored,) = await _stored(app)
    assert stored.body.encode() == body  # byte for byte: the signature can be checked again
    assert stored.phone_number_ids == "106540352242922"
    assert stored.fields == "messages"
    assert stored.new_events == 1
    assert stored.processed_at is not None
    assert await _keys(app) == {"m:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="}


async def test_wrong_or_missing_signatures_are_refused(app, client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    payload = fixture("text")
    for secret in ("not-the-app-secret", None):
        response = await post_webhook(anon, payload, secret=secret)
        assert response.status_code == 401
        assert response.json()["code"] == "INVALID_SIGNATURE"
    # Signed over other bytes than those sent (a re-serialized body) is refused too.
    body = json.dumps(payload).encode()
    tampered = await anon.post(
        "/api/cloud/webhook/meta_1",
        content=body.replace(b"another color", b"another colour"),
        headers={"X-Hub-Signature-256": sign(body)},
    )
    assert tampered.status_code == 401
    assert await _stored(app) == []


async def test_a_session_without_app_secret_cannot_receive(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1", appSecret=None)
    response = await post_webhook(anon, fixture("text"))
    assert response.status_code == 401
    assert response.json()["field"] == "engineOptions.appSecret"


async def test_redeliveries_and_repeated_statuses_are_dropped(app, client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    first = await post_webhook(anon, fixture("text"))
    again = await post_webhook(anon, fixture("text"))
    assert first.json()["data"]["received"] == 1
    assert again.json()["data"] == {"received": 0, "duplicates": 1, "ignoredChanges": 0}

    # Out of order, as Meta may deliver them: each status counts once, whatever the order.
    for name in ("status_read", "status_sent", "status_delivered", "status_read", "status_sent"):
        await post_webhook(anon, fixture(name))
    wamid = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI3MTE5MjkxMkYzNTdDMDQ1MUIA"
    assert {k for k in await _keys(app) if k.startswith("s:")} == {
        f"s:{wamid}:read",
        f"s:{wamid}:sent",
        f"s:{wamid}:delivered",
    }
    assert [row.duplicates for row in await _stored(app)] == [0, 1, 0, 0, 0, 1, 1]


async def test_one_app_url_routes_by_phone_number_id(app, client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    batch = fixture("text")
    other = copy.deepcopy(batch["entry"][0])
    other["changes"][0]["value"]["metadata"]["phone_number_id"] = "999999999999999"
    batch["entry"].append(other)
    batch["entry"][0]["changes"].append(
        {
            "field": "account_update",
            "value": {"phone_number": "15550783881", "event": "VERIFIED_ACCOUNT"},
        }
    )
    response = await post_webhook(anon, batch, path="/api/cloud/webhook")
    assert response.status_code == 200
    # Ours is recorded; another number of the business account and other fields are kept raw only.
    assert response.json()["data"] == {"received": 1, "duplicates": 0, "ignoredChanges": 2}
    (stored,) = await _stored(app)
    assert stored.phone_number_ids == "106540352242922,999999999999999"
    assert stored.fields == "messages,account_update"

    refused = await post_webhook(anon, batch, path="/api/cloud/webhook", secret="other-app")
    assert refused.status_code == 401


async def test_keys_belong_to_their_session(app, client, anon, graph):
    """Two sessions on one number (e.g. two organizations) each record the message once."""
    await create_cloud_session(client, graph, "meta_1")
    await create_cloud_session(client, graph, "meta_2")
    response = await post_webhook(anon, fixture("text"), path="/api/cloud/webhook")
    assert response.json()["data"]["received"] == 2
    again = await post_webhook(anon, fixture("text"), path="/api/cloud/webhook/meta_2")
    assert again.json()["data"] == {"received": 0, "duplicates": 1, "ignoredChanges": 0}
    assert (await client.delete("/api/sessions/meta_2")).status_code == 200
    async with app.state.database.sessionmaker() as db:
        assert (
            await db.execute(select(func.count()).select_from(CloudWebhookKey))
        ).scalar_one() == 1


async def test_bad_bodies_are_client_errors(client, anon, graph, make_settings):
    await create_cloud_session(client, graph, "meta_1")
    assert (await post_webhook(anon, b"{not json")).status_code == 400
    assert (await post_webhook(anon, b"[1, 2]")).status_code == 400
    empty = await post_webhook(anon, {"object": "whatsapp_business_account", "entry": "x"})
    assert empty.status_code == 200
    assert empty.json()["data"]["received"] == 0
    huge = await post_webhook(anon, b" " * 3_000_001)
    assert huge.status_code == 413

from __future__ import annotations

import logging

import pytest

from tests.support import link_session
from tests.support.auth import ADMIN_EMAIL, ADMIN_PASSWORD, API_KEY
from tests.support.metrics import value


async def test_metrics_report_sessions_by_state_and_requests(client, anon):
    await link_session(client, "metered", "34600000030")
    await client.post("/api/sessions", json={"sessionId": "waiting"})
    text = (await anon.get("/metrics")).text
    assert value(text, "inboxhub_sessions", state="connected") == 1.0
    assert value(text, "inboxhub_sessions", state="qr_code") == 1.0
    assert value(text, "inboxhub_http_requests_total", route="/api/sessions/{id}/status")
    assert value(text, "inboxhub_engine_events_total", type="StateChanged")


async def test_the_write_queue_reports_its_batches_and_its_backlog(client, anon):
    """What an operator watches to know whether the database keeps up: every send's rows and
    every engine event go through the write queue, batch by batch."""
    before = (await anon.get("/metrics")).text
    await link_session(client, "writer", "34600000032")
    sent = await client.post(
        "/api/messages/writer/send", json={"to": "34611111111", "message": "contado"}
    )
    assert sent.status_code == 200, sent.text
    after = (await anon.get("/metrics")).text
    # At least the send's row and WhatsApp's acceptance, in at least one transaction.
    writes = value(after, "inboxhub_writes_total") or 0.0
    assert writes - (value(before, "inboxhub_writes_total") or 0.0) >= 2
    batches = value(after, "inboxhub_write_batch_seconds_count") or 0.0
    assert 1 <= batches <= writes
    assert (value(after, "inboxhub_write_batch_seconds_sum") or 0.0) > 0
    assert value(after, "inboxhub_write_queue_depth") == 0.0


async def test_reconnects_are_counted(client, anon):
    await link_session(client, "flaky", "34600000031")
    await client.post("/api/sandbox/sessions/flaky/drop")
    from tests.support import eventually

    async def counted() -> bool:
        return value((await anon.get("/metrics")).text, "inboxhub_session_reconnects_total") == 1.0

    await eventually(counted)


@pytest.mark.parametrize("settings_overrides", [{"metrics_token": "scrape-token"}])
async def test_metrics_can_require_a_token(anon, settings_overrides):
    assert (await anon.get("/metrics")).status_code == 401
    r = await anon.get("/metrics", headers={"Authorization": "Bearer scrape-token"})
    assert r.status_code == 200


async def test_request_ids_are_echoed_or_generated(anon):
    r = await anon.get("/health", headers={"X-Request-ID": "crm-trace-42"})
    assert r.headers["x-request-id"] == "crm-trace-42"
    r = await anon.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert r.headers["x-request-id"] != "bad id with spaces"
    assert len(r.headers["x-request-id"]) == 32


async def test_a_request_refused_before_its_body_is_read_is_counted_with_its_id(anon):
    """A send without its API key is answered before its body is read, in the caller's
    language, with its request id; ``/metrics`` counts it (no route was chosen for it)."""
    r = await anon.post(
        "/api/messages/nobody/send",
        json={"to": "34611111111", "message": "sin clave"},
        headers={"X-Request-ID": "crm-refused-1", "Accept-Language": "en"},
    )
    assert r.status_code == 401
    assert r.json()["code"] == "MISSING_API_KEY"
    assert r.json()["error"] == "X-API-Key header is required"
    assert r.headers["x-request-id"] == "crm-refused-1"
    text = (await anon.get("/metrics")).text
    counted = value(
        text, "inboxhub_http_requests_total", method="POST", route="unmatched", status="401"
    )
    assert counted == 1.0


async def test_secrets_never_reach_the_logs(client, anon, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "whsec-super-secret-value"
    await anon.post("/api/auth/login", json={"identifier": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    await anon.post(
        "/api/auth/login", json={"identifier": ADMIN_EMAIL, "password": "wrong-" + ADMIN_PASSWORD}
    )
    await link_session(
        client, "secretive", "34600000032", webhookUrl="http://127.0.0.1:9/h", webhookSecret=secret
    )
    await client.get("/api/sessions/secretive", headers={"X-API-Key": API_KEY})
    await anon.get("/api/sessions", headers={"X-API-Key": API_KEY + "x"})
    logged = caplog.text
    assert logged  # something was logged, so the check below means something
    for hidden in (secret, ADMIN_PASSWORD, API_KEY):
        assert hidden not in logged

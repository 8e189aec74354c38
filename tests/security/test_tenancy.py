"""What belongs to the operator stays the operator's; what a member may do ends with them."""

from __future__ import annotations

import httpx
import pytest

from tests.support import add_member, create_session, eventually
from tests.support.auth import admin_token

FRAPPE = "http://127.0.0.1:9/frappe"


@pytest.fixture
def settings_overrides():
    return {
        "frappe_webhook_url": FRAPPE,
        "frappe_webhook_secret": "operator-frappe-secret",
        "crm_base_url": "http://127.0.0.1:9/crm",
        "jwt_access_ttl_seconds": 3,
    }


async def test_the_operator_organization_is_flagged_and_cannot_be_deleted(anon, other_org):
    auth = {"Authorization": f"Bearer {await admin_token(anon)}"}
    orgs = (await anon.get("/api/organizations", headers=auth)).json()["data"]["organizations"]
    flags = {o["id"]: o["isOperator"] for o in orgs}
    other_id = int(other_org.headers["X-Organization-Id"])
    assert flags == {1: True, other_id: False}
    r = await anon.delete("/api/organizations/1", headers=auth)
    assert r.status_code == 409
    assert r.json()["code"] == "CONFLICT"
    # The other tenant gets none of the operator's CRM settings, and no view of the cluster.
    mine = (await other_org.get("/api/handover/settings")).json()["data"]
    assert mine["crmBaseUrl"] is None
    assert (await other_org.get("/api/cluster")).status_code == 403


async def test_the_operator_frappe_webhook_is_not_another_tenants(client, other_org):
    await create_session(other_org, "theirs")
    r = await other_org.post("/api/sessions/theirs/frappe/configure", json={"sendToFrappe": True})
    assert r.status_code == 403
    assert r.json()["field"] == "sendToFrappe"
    r = await other_org.put("/api/sessions/theirs", json={"sendToFrappe": True})
    assert r.status_code == 403
    r = await other_org.post("/api/sessions", json={"sessionId": "t2", "sendToFrappe": True})
    assert r.status_code == 403
    # Created from Frappe, it still does not report to the operator's Frappe.
    r = await other_org.post(
        "/api/sessions", json={"sessionId": "t3"}, headers={"X-Frappe-Origin": "true"}
    )
    assert r.status_code == 201 and r.json()["data"]["sendToFrappe"] is False
    listed = (await other_org.get("/api/webhooks/subscriptions")).json()["data"]
    assert FRAPPE not in str(listed)
    status = (await other_org.get("/api/sessions/theirs/frappe/status")).json()["data"]
    assert status["webhookConfigured"] is False

    # The operator's organization uses it.
    await create_session(client, "ours")
    r = await client.post("/api/sessions/ours/frappe/configure", json={"sendToFrappe": True})
    assert r.status_code == 200


@pytest.mark.parametrize(
    "settings_overrides",
    [{"frappe_webhook_url": FRAPPE, "frappe_webhook_shared": True}],
)
async def test_the_operator_may_share_the_frappe_webhook(other_org):
    await create_session(other_org, "theirs")
    r = await other_org.post("/api/sessions/theirs/frappe/configure", json={"sendToFrappe": True})
    assert r.status_code == 200


async def test_sandbox_network_settings_are_the_operators(client, other_org):
    r = await other_org.put("/api/sandbox/network", json={"notOnWhatsApp": ["34600000000"]})
    assert r.status_code == 403
    r = await other_org.post(
        "/api/sandbox/contacts", json={"phoneNumber": "34611111111", "pushName": "Mallory"}
    )
    assert r.status_code == 403
    r = await other_org.post(
        "/api/sandbox/statuses", json={"from": "34611111111", "type": "text", "text": "hi"}
    )
    assert r.status_code == 403
    r = await other_org.post("/api/sandbox/statuses/x/views", json={"from": "34611111111"})
    assert r.status_code == 403
    assert (await client.put("/api/sandbox/network", json={"notOnWhatsApp": []})).is_success


async def _member_console_key(anon, org_id: int, email: str) -> tuple[str, dict[str, str], int]:
    auth = {"Authorization": f"Bearer {await admin_token(anon)}"}
    user_id = await add_member(anon, org_id, email, "member-password", headers=auth)
    login = await anon.post(
        "/api/auth/login", json={"identifier": email, "password": "member-password"}
    )
    member = {"Authorization": f"Bearer {login.json()['data']['accessToken']}"}
    r = await anon.post("/api/auth/console-key", headers=member, json={"organizationId": org_id})
    assert r.status_code == 201, r.text
    return r.json()["data"]["apiKey"]["key"], auth, user_id


async def test_a_members_console_key_has_a_members_rights(anon, other_org):
    org_id = int(other_org.headers["X-Organization-Id"])
    key, _, _ = await _member_console_key(anon, org_id, "agent@example.com")
    as_member = {"X-API-Key": key}
    assert (await anon.get("/api/sessions", headers=as_member)).status_code == 200
    for method, path, body in [
        ("POST", "/api/sessions", {"sessionId": "by_member"}),
        ("POST", f"/api/webhooks/organizations/{org_id}", {"url": "http://127.0.0.1:9/x"}),
        ("PUT", "/api/handover/settings", {"crmBaseUrl": "http://127.0.0.1:9/crm"}),
        ("POST", "/api/webhooks/replay", {"since": "2026-01-01T00:00:00Z"}),
    ]:
        r = await anon.request(method, path, json=body, headers=as_member)
        assert r.status_code == 403, (path, r.text)
        assert r.json()["code"] == "FORBIDDEN"


async def test_a_removed_members_keys_stop_working(anon, other_org):
    org_id = int(other_org.headers["X-Organization-Id"])
    key, auth, user_id = await _member_console_key(anon, org_id, "leaver@example.com")
    assert (await anon.get("/api/sessions", headers={"X-API-Key": key})).status_code == 200
    r = await anon.delete(f"/api/organizations/{org_id}/members/{user_id}", headers=auth)
    assert r.status_code == 200
    r = await anon.get("/api/sessions", headers={"X-API-Key": key})
    assert r.status_code == 401
    assert r.json()["code"] == "INVALID_API_KEY"


async def test_a_console_key_stops_at_its_expiry(anon, app):
    r = await anon.post(
        "/api/auth/login",
        json={"identifier": "admin@example.com", "password": "correct-horse-battery"},
    )
    token = r.json()["data"]["accessToken"]
    r = await anon.post(
        "/api/auth/console-key", headers={"Authorization": f"Bearer {token}"}, json={}
    )
    key = r.json()["data"]["apiKey"]["key"]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://gateway.test", headers={"X-API-Key": key}
    ) as console:
        assert (await console.get("/api/sessions")).status_code == 200  # now cached

        async def refused() -> bool:
            return (await console.get("/api/sessions")).status_code == 401

        await eventually(refused, timeout=10, interval=0.2)

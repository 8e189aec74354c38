"""Organization handover settings (environment defaults, per-organization overrides, secrets never
shown) and each session's bot (off until configured)."""

from __future__ import annotations

from tests.handover.conftest import (
    BOT_API_TOKEN,
    CRM_API_TOKEN,
    EMERGENCY,
    other_organization,
)
from tests.handover.helpers import MENU
from tests.support import create_session


async def test_settings_default_to_the_environment_for_the_default_organization(client, crm):
    data = (await client.get("/api/handover/settings")).json()["data"]
    assert data["isDefaultOrganization"] is True
    assert data["crmBaseUrl"] == crm.url
    assert data["crmAgentNotificationUrl"] == crm.url + "/api/bot/agent-request"
    assert data["crmApiTokenSet"] is True and data["crmApiTokenHint"] is None
    assert data["botApiTokenHint"] == "…" + BOT_API_TOKEN[-4:]
    assert data["emergencyContact"] == EMERGENCY
    assert data["sources"]["crmBaseUrl"] == "environment"
    assert data["messages"]["connecting"] == "Conectando con agente especializado..."
    # No secret appears in full anywhere in the answer.
    text = (await client.get("/api/handover/settings")).text
    assert BOT_API_TOKEN not in text and CRM_API_TOKEN not in text


async def test_an_organization_overrides_and_clears_its_settings(client, crm_client):
    new_token = "own-crm-token-" + "x" * 20
    r = await client.put(
        "/api/handover/settings",
        json={
            "crmBaseUrl": "http://127.0.0.1:9/crm",
            "crmApiToken": new_token,
            "botApiToken": "own-bot-token-1234567890",
            "assignTimeoutSeconds": 120,
            "messages": {"agentConnected": "Te atiende {agentName}"},
        },
    )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["crmBaseUrl"] == "http://127.0.0.1:9/crm"
    assert data["crmAgentNotificationUrl"] == "http://127.0.0.1:9/crm/api/bot/agent-request"
    assert data["crmApiTokenHint"] == "…" + new_token[-4:]
    assert data["sources"]["crmApiToken"] == "organization"
    assert data["assignTimeoutSeconds"] == 120
    assert data["messages"]["agentConnected"] == "Te atiende {agentName}"
    assert new_token not in r.text and "own-bot-token-1234567890" not in r.text

    # The organization's own token replaces the environment's.
    assert (await crm_client.get("/api/crm/metrics")).status_code == 401
    ok = await crm_client.get("/api/crm/metrics", headers={"Authorization": f"Bearer {new_token}"})
    assert ok.status_code == 200

    r = await client.put(
        "/api/handover/settings",
        json={"crmApiToken": None, "crmBaseUrl": "", "messages": {"agentConnected": None}},
    )
    data = r.json()["data"]
    assert data["sources"]["crmApiToken"] == "environment"
    assert data["sources"]["crmBaseUrl"] == "environment"
    assert data["messages"]["agentConnected"] == "Agente {agentFirstName} conectado"
    assert (await crm_client.get("/api/crm/metrics")).status_code == 200


async def test_other_organizations_do_not_inherit_the_default_crm(anon):
    key = await other_organization(anon)
    data = (await anon.get("/api/handover/settings", headers={"X-API-Key": key})).json()["data"]
    assert data["isDefaultOrganization"] is False
    assert data["crmBaseUrl"] is None and data["crmApiTokenSet"] is False
    assert data["botApiTokenHint"] is None
    # Timings and the emergency contact are defaults for everyone.
    assert data["emergencyContact"] == EMERGENCY


async def test_bad_settings_are_refused(client):
    for body, field in (
        ({"crmBaseUrl": "ftp://crm.example.com"}, "crmBaseUrl"),
        ({"crmBaseUrl": "http://169.254.169.254/latest"}, "crmBaseUrl"),
        ({"crmApiToken": "short"}, "crmApiToken"),
        ({"botApiToken": "token-1234567890\r\nX-Injected: 1"}, "botApiToken"),
        ({"crmApiToken": "token-1234567890-ñandú"}, "crmApiToken"),
        ({"assignTimeoutSeconds": 0}, "assignTimeoutSeconds"),
        ({"messages": {"unknownText": "x"}}, "messages"),
    ):
        r = await client.put("/api/handover/settings", json=body)
        assert r.status_code == 400, body
        assert r.json()["field"] == field, r.json()
    assert (await client.get("/api/handover/settings")).json()["data"]["sources"]["crmBaseUrl"] == (
        "environment"
    )


async def test_the_bot_is_off_until_configured(client, anon):
    await create_session(client, "bot_cfg")
    data = (await client.get("/api/handover/sessions/bot_cfg/bot")).json()["data"]
    assert data == {
        "sessionId": "bot_cfg",
        "configured": False,
        "enabled": False,
        "config": None,
        "updatedAt": None,
    }
    r = await client.put("/api/handover/sessions/bot_cfg/bot", json=MENU)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["enabled"] is True and data["configured"] is True
    assert data["config"]["options"][1]["routes"][0]["whenTag"] == "service_suspended"
    assert data["config"]["menuKeywords"] == ["menu", "inicio", "hola"]

    r = await client.put("/api/handover/sessions/bot_cfg/bot", json={**MENU, "enabled": False})
    assert r.json()["data"]["enabled"] is False
    r = await client.delete("/api/handover/sessions/bot_cfg/bot")
    assert r.json()["data"]["configured"] is False
    assert (await client.get("/api/handover/sessions/bot_cfg/bot")).json()["data"][
        "configured"
    ] is False

    key = await other_organization(anon)
    r = await anon.get("/api/handover/sessions/bot_cfg/bot", headers={"X-API-Key": key})
    assert r.status_code == 404 and r.json()["code"] == "SESSION_NOT_FOUND"
    r = await anon.put("/api/handover/sessions/bot_cfg/bot", json=MENU, headers={"X-API-Key": key})
    assert r.status_code == 404


async def test_bad_bot_configurations_are_refused(client):
    await create_session(client, "bot_cfg")
    agent_without_category = {"key": "9", "label": "Humano", "action": "agent"}
    reply_without_text = {"key": "8", "label": "Info"}
    for options in (
        [],
        [agent_without_category],
        [reply_without_text],
        [MENU["options"][0], MENU["options"][0]],
        [{**MENU["options"][1], "priority": "urgent"}],
    ):
        r = await client.put(
            "/api/handover/sessions/bot_cfg/bot", json={**MENU, "options": options}
        )
        assert r.status_code == 400, options
        assert r.json()["code"] == "VALIDATION_ERROR"
        assert r.json()["field"].startswith("options"), r.json()
    r = await client.put("/api/handover/sessions/bot_cfg/bot", json={"greeting": "hola"})
    assert r.status_code == 400 and r.json()["field"] == "options"

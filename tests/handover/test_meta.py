"""Meta's ``messaging_handovers`` webhook: signed with the app secret, mirrored onto tickets."""

from __future__ import annotations

import hashlib
import hmac
import json

from tests.handover.conftest import (
    CRM_META_APP_ID,
    META_APP_SECRET,
    VERIFY_TOKEN,
    other_organization,
)
from tests.handover.helpers import PHONE, open_ticket
from tests.support import link_session

URL = "/api/crm/meta-handover-webhook"


def thread_control(event: str, app_id: str, metadata: dict) -> dict:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "WHATSAPP_BUSINESS_ACCOUNT_ID",
                "changes": [
                    {
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": PHONE,
                                "phone_number_id": "PHONE_NUMBER_ID",
                            },
                            "event": event,
                            "thread_control": {"app_id": app_id, "metadata": json.dumps(metadata)},
                        },
                        "field": "messaging_handovers",
                    }
                ],
            }
        ],
    }


def signed(payload: dict, secret: str = META_APP_SECRET) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return body, {"X-Hub-Signature-256": signature, "Content-Type": "application/json"}


async def test_verify_token_handshake(anon):
    ok = await anon.get(
        URL,
        params={
            "hub.mode": "subscribe",
            "hub.verify_token": VERIFY_TOKEN,
            "hub.challenge": "1158201444",
        },
    )
    assert ok.status_code == 200 and ok.text == "1158201444"
    for params in (
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.challenge": "1"},
    ):
        r = await anon.get(URL, params=params)
        assert r.status_code == 403, params


async def test_pass_and_release_thread_control_move_the_ticket(client, anon):
    await link_session(client, "bot_s", "573000000001")
    tid = (await open_ticket(client, "bot_s"))["ticketId"]

    body, headers = signed(
        thread_control(
            "pass_thread_control",
            CRM_META_APP_ID,
            {"ticket_id": tid, "agent_id": "agent_007", "agent_name": "María González"},
        )
    )
    r = await anon.post(URL, content=body, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {"processed": 1, "ignored": 0}
    ticket = (await client.get(f"/api/handover/tickets/{tid}")).json()["data"]
    assert ticket["status"] == "active"
    assert ticket["assignedAgent"] == {"id": "agent_007", "name": "María González"}

    # Control passed to another app (the bot's own) brings the chat back.
    body, headers = signed(thread_control("pass_thread_control", "999", {"ticket_id": tid}))
    r = await anon.post(URL, content=body, headers=headers)
    assert r.json()["data"] == {"processed": 1, "ignored": 0}
    ticket = (await client.get(f"/api/handover/tickets/{tid}")).json()["data"]
    assert ticket["status"] == "closed" and ticket["closeReason"] == "resolved"
    assert any(m["content"].startswith("meta: pass_thread_control") for m in ticket["messages"])

    # Unknown or closed tickets are acknowledged (Meta would redeliver an error) and skipped.
    for metadata in ({"ticket_id": tid}, {"ticket_id": "TK-2020-000001"}, {}):
        body, headers = signed(thread_control("release_thread_control", CRM_META_APP_ID, metadata))
        r = await anon.post(URL, content=body, headers=headers)
        assert r.status_code == 200 and r.json()["data"] == {"processed": 0, "ignored": 1}


async def test_a_bad_signature_is_refused(client, anon):
    await link_session(client, "bot_s", "573000000001")
    tid = (await open_ticket(client, "bot_s"))["ticketId"]
    payload = thread_control("pass_thread_control", CRM_META_APP_ID, {"ticket_id": tid})
    body, headers = signed(payload, secret="not-the-app-secret")
    r = await anon.post(URL, content=body, headers=headers)
    assert r.status_code == 401 and r.json()["code"] == "INVALID_SIGNATURE"
    # Signed body, altered afterwards.
    body, headers = signed(payload)
    r = await anon.post(URL, content=body.replace(b"pass", b"take"), headers=headers)
    assert r.status_code == 401
    r = await anon.post(URL, content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 401
    assert (await client.get(f"/api/handover/tickets/{tid}")).json()["data"]["status"] == "pending"

    bad_json = b"{not json"
    sig = "sha256=" + hmac.new(META_APP_SECRET.encode(), bad_json, hashlib.sha256).hexdigest()
    r = await anon.post(URL, content=bad_json, headers={"X-Hub-Signature-256": sig})
    assert r.status_code == 400 and r.json()["code"] == "VALIDATION_ERROR"


async def test_each_organization_signs_with_its_own_app_secret(client, anon):
    """The secret that verifies the body decides whose tickets it may move."""
    key = await other_organization(anon)
    theirs = {"X-API-Key": key}
    secret = "their-app-secret-" + "t" * 20
    r = await anon.put(
        "/api/handover/settings",
        json={"metaAppSecret": secret, "metaAppId": "555", "webhookVerifyToken": "their-verify"},
        headers=theirs,
    )
    assert r.status_code == 200 and secret not in r.text
    await link_session(client, "bot_s", "573000000001")
    mine = (await open_ticket(client, "bot_s"))["ticketId"]
    await anon.post("/api/sessions", json={"sessionId": "their_s"}, headers=theirs)
    theirs_ticket = await anon.post(
        "/api/handover/sessions/their_s/tickets",
        json={"phoneNumber": PHONE, "notifyCrm": False},
        headers=theirs,
    )
    assert theirs_ticket.status_code == 201, theirs_ticket.text
    tid = theirs_ticket.json()["data"]["ticketId"]
    assert tid == mine  # numbers are per organization

    body, headers = signed(
        thread_control("pass_thread_control", "555", {"ticket_id": tid, "agent_id": "x"}), secret
    )
    r = await anon.post(URL, content=body, headers=headers)
    assert r.json()["data"] == {"processed": 1, "ignored": 0}
    moved = (await anon.get(f"/api/handover/tickets/{tid}", headers=theirs)).json()["data"]
    assert moved["status"] == "active"
    untouched = (await client.get(f"/api/handover/tickets/{mine}")).json()["data"]
    assert untouched["status"] == "pending"

    # Their verify token works for the handshake too; the default one still does.
    for token in ("their-verify", VERIFY_TOKEN):
        r = await anon.get(
            URL, params={"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "7"}
        )
        assert r.text == "7"

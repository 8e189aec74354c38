"""The CRM's endpoints (seed 04): bearer auth, handover both ways, relayed messages, status, errors."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.handover.conftest import CRM_API_TOKEN, other_organization
from tests.handover.helpers import PHONE, open_ticket
from tests.messages.helpers import png_bytes
from tests.support import link_session


async def test_crm_calls_need_the_crm_bearer_token(client, anon, crm_client):
    await link_session(client, "bot_s", "573000000001")
    ticket = await open_ticket(client, "bot_s")
    path = f"/api/crm/handover-status/{ticket['ticketId']}"

    missing = await anon.get(path)
    assert missing.status_code == 401 and missing.json()["code"] == "MISSING_TOKEN"
    for header in ("Bearer wrong-token", f"Basic {CRM_API_TOKEN}", "Bearer", CRM_API_TOKEN):
        r = await anon.get(path, headers={"Authorization": header})
        assert r.status_code == 401, header
    # The gateway's API key is not the CRM's token.
    r = await client.get(path)
    assert r.status_code == 401
    for method, url in (
        ("POST", "/api/crm/handover"),
        ("POST", "/api/crm/send-message"),
        ("GET", "/api/crm/metrics"),
    ):
        r = await anon.request(method, url, json={}, headers={"Authorization": "Bearer nope"})
        assert r.status_code == 401, url

    assert (await crm_client.get(path)).status_code == 200


async def test_bot_to_human_then_human_to_bot(client, crm_client):
    await link_session(client, "bot_s", "573000000001")
    ticket = await open_ticket(client, "bot_s", category="reactivacion_servicio", priority="alta")
    year = datetime.now(UTC).year
    assert re.fullmatch(rf"TK-{year}-\d{{6}}", ticket["ticketId"])
    assert ticket["status"] == "pending" and ticket["owner"] == "pending"
    assert ticket["assignedAgent"] is None
    tid = ticket["ticketId"]

    status = await crm_client.get(f"/api/crm/handover-status/{tid}")
    assert status.json()["status"] == "pending"

    r = await crm_client.post(
        "/api/crm/handover",
        json={
            "ticketId": tid,
            "userPhone": PHONE,
            "agentId": "agent_001",
            "agentName": "María González",
            "handoverType": "bot_to_human",
            "metadata": {"serviceSuspended": True, "priority": "alta"},
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True
    assert body["message"] == "Handover processed successfully"
    assert body["ticketId"] == tid
    assert body["data"]["owner"] == "human" and body["data"]["action"] == "assigned"

    status = (await crm_client.get(f"/api/crm/handover-status/{tid}")).json()
    assert status["ticketId"] == tid
    assert status["status"] == "active"
    assert status["assignedAgent"] == {"id": "agent_001", "name": "María González"}
    assert status["startTime"].endswith("Z") and status["lastActivity"].endswith("Z")
    assert status["data"]["status"] == "active"  # the envelope carries the same view

    sent = await crm_client.post(
        "/api/crm/send-message",
        json={
            "ticketId": tid,
            "userPhone": PHONE,
            "agentId": "agent_001",
            "message": "Hola, soy María y te ayudaré con la reactivación de tu servicio.",
            "messageType": "text",
            "timestamp": "2025-06-06T15:30:00.000Z",
        },
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["message"] == "Message sent successfully"
    assert sent.json()["ticketId"] == tid

    back = await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": tid, "userPhone": PHONE, "handoverType": "human_to_bot"},
    )
    assert back.status_code == 200, back.text
    assert back.json()["data"]["status"] == "closed"
    assert back.json()["data"]["owner"] == "bot"
    assert back.json()["data"]["closeReason"] == "resolved"

    detail = (await client.get(f"/api/handover/tickets/{tid}")).json()["data"]
    authors = [(m["author"], m["content"]) for m in detail["messages"]]
    assert ("bot", "Conectando con agente especializado...") in authors
    assert ("bot", "Agente María conectado") in authors
    assert (
        "agent",
        "Hola, soy María y te ayudaré con la reactivación de tu servicio.",
    ) in authors
    assert ("bot", "Consulta resuelta, regresando al menú") in authors
    assert detail["firstResponseAt"] and detail["closedAt"]
    assert status["messageCount"] == 2  # "connecting" and "agent connected" so far


async def test_bad_input_from_the_crm(client, crm_client):
    await link_session(client, "bot_s", "573000000001")
    tid = (await open_ticket(client, "bot_s"))["ticketId"]

    r = await crm_client.post("/api/crm/handover", json={"userPhone": PHONE})
    assert r.status_code == 400
    missing = {d["field"] for d in r.json()["details"]}
    assert {"ticketId", "handoverType"} <= missing
    assert r.json()["code"] == "VALIDATION_ERROR"

    r = await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": tid, "userPhone": PHONE, "handoverType": "bot_to_human"},
    )
    assert r.status_code == 400 and r.json()["field"] == "agentId"

    r = await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": tid, "userPhone": PHONE, "handoverType": "bot_to_human", "agentId": "  "},
    )
    assert r.status_code == 400 and r.json()["field"] == "agentId"

    r = await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": tid, "userPhone": PHONE, "handoverType": "sideways"},
    )
    assert r.status_code == 400 and r.json()["field"] == "handoverType"

    r = await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": "TK-2020-999999", "userPhone": PHONE, "handoverType": "human_to_bot"},
    )
    assert r.status_code == 404 and r.json()["code"] == "TICKET_NOT_FOUND"
    assert (await crm_client.get("/api/crm/handover-status/TK-2020-999999")).status_code == 404

    r = await crm_client.post(
        "/api/crm/handover",
        json={
            "ticketId": tid,
            "userPhone": "573009999999",
            "agentId": "a1",
            "handoverType": "bot_to_human",
        },
    )
    assert r.status_code == 400 and r.json()["field"] == "userPhone"

    message = {"ticketId": tid, "userPhone": PHONE, "agentId": "agent_001", "message": "hola"}
    # Nobody is assigned yet: no agent may write.
    r = await crm_client.post("/api/crm/send-message", json=message)
    assert r.status_code == 409 and r.json()["code"] == "AGENT_NOT_ASSIGNED"

    await crm_client.post(
        "/api/crm/handover",
        json={
            "ticketId": tid,
            "userPhone": PHONE,
            "agentId": "agent_001",
            "handoverType": "bot_to_human",
        },
    )
    r = await crm_client.post("/api/crm/send-message", json={**message, "agentId": "agent_002"})
    assert r.status_code == 409 and r.json()["field"] == "agentId"
    r = await crm_client.post("/api/crm/send-message", json={"ticketId": tid})
    assert r.status_code == 400
    assert {"userPhone", "agentId", "message"} <= {d["field"] for d in r.json()["details"]}
    r = await crm_client.post("/api/crm/send-message", json={**message, "messageType": "sticker"})
    assert r.status_code == 400 and r.json()["field"] == "messageType"

    await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": tid, "userPhone": PHONE, "handoverType": "human_to_bot"},
    )
    # A closed ticket takes no more handovers and no more messages.
    for handover_type in ("bot_to_human", "human_to_bot"):
        r = await crm_client.post(
            "/api/crm/handover",
            json={
                "ticketId": tid,
                "userPhone": PHONE,
                "agentId": "agent_001",
                "handoverType": handover_type,
            },
        )
        assert r.status_code == 409 and r.json()["code"] == "TICKET_CLOSED"
    r = await crm_client.post("/api/crm/send-message", json=message)
    assert r.status_code == 409 and r.json()["code"] == "TICKET_CLOSED"


async def test_reassigning_and_repeating_an_assignment(client, crm_client):
    await link_session(client, "bot_s", "573000000001")
    tid = (await open_ticket(client, "bot_s"))["ticketId"]
    handover = {"ticketId": tid, "userPhone": PHONE, "handoverType": "bot_to_human"}
    first = await crm_client.post(
        "/api/crm/handover", json={**handover, "agentId": "a1", "agentName": "Ana"}
    )
    again = await crm_client.post(
        "/api/crm/handover", json={**handover, "agentId": "a1", "agentName": "Ana"}
    )
    other = await crm_client.post(
        "/api/crm/handover", json={**handover, "agentId": "a2", "agentName": "Luis Pérez"}
    )
    assert [r.json()["data"]["action"] for r in (first, again, other)] == [
        "assigned",
        "unchanged",
        "reassigned",
    ]
    detail = (await client.get(f"/api/handover/tickets/{tid}")).json()["data"]
    said = [m["content"] for m in detail["messages"] if m["author"] == "bot"]
    assert said.count("Agente Ana conectado") == 1 and "Agente Luis conectado" in said
    message = {"ticketId": tid, "userPhone": PHONE, "message": "hola"}
    assert (
        await crm_client.post("/api/crm/send-message", json={**message, "agentId": "a1"})
    ).status_code == 409
    assert (
        await crm_client.post("/api/crm/send-message", json={**message, "agentId": "a2"})
    ).status_code == 200


async def test_a_crm_token_sees_only_its_organizations_tickets(client, anon, crm_client):
    await link_session(client, "bot_s", "573000000001")
    tid = (await open_ticket(client, "bot_s"))["ticketId"]
    other_key = await other_organization(anon)
    theirs = {"X-API-Key": other_key}
    own_token = "other-crm-token-" + "o" * 20
    r = await anon.put("/api/handover/settings", json={"crmApiToken": own_token}, headers=theirs)
    assert r.status_code == 200, r.text
    other_crm = {"Authorization": f"Bearer {own_token}"}

    assert (await anon.get(f"/api/crm/handover-status/{tid}", headers=other_crm)).status_code == 404
    r = await anon.post(
        "/api/crm/handover",
        json={"ticketId": tid, "userPhone": PHONE, "handoverType": "human_to_bot"},
        headers=other_crm,
    )
    assert r.status_code == 404
    assert (await anon.get(f"/api/handover/tickets/{tid}", headers=theirs)).status_code == 404
    assert (await anon.get("/api/handover/tickets", headers=theirs)).json()["data"]["total"] == 0
    assert (await crm_client.get(f"/api/crm/handover-status/{tid}")).status_code == 200


@pytest.mark.parametrize("message_type", ["image", "document"])
async def test_agents_send_files_by_url(client, crm_client, crm, message_type):
    crm.files["factura.pdf"] = (
        b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
        "application/pdf",
    )
    crm.files["foto.png"] = (png_bytes(), "image/png")
    name = "foto.png" if message_type == "image" else "factura.pdf"
    await link_session(client, "bot_s", "573000000001")
    tid = (await open_ticket(client, "bot_s"))["ticketId"]
    await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": tid, "userPhone": PHONE, "agentId": "a1", "handoverType": "bot_to_human"},
    )
    r = await crm_client.post(
        "/api/crm/send-message",
        json={
            "ticketId": tid,
            "userPhone": PHONE,
            "agentId": "a1",
            "message": f"{crm.url}/files/{name}",
            "messageType": message_type,
            "caption": "Tu factura",
        },
    )
    assert r.status_code == 200, r.text
    sent = (
        await client.get(f"/api/messages/bot_s/messages/{r.json()['data']['messageId']}")
    ).json()
    assert sent["data"]["message"]["type"] == message_type
    assert sent["data"]["message"]["body"] == "Tu factura"
    detail = (await client.get(f"/api/handover/tickets/{tid}")).json()["data"]
    assert detail["messages"][-1]["type"] == message_type

    r = await crm_client.post(
        "/api/crm/send-message",
        json={
            "ticketId": tid,
            "userPhone": PHONE,
            "agentId": "a1",
            "message": f"{crm.url}/files/missing.pdf",
            "messageType": message_type,
        },
    )
    assert r.status_code == 400, r.text


async def test_an_agent_message_while_whatsapp_is_offline_is_refused(client, crm_client):
    await link_session(client, "bot_s", "573000000001")
    tid = (await open_ticket(client, "bot_s"))["ticketId"]
    await crm_client.post(
        "/api/crm/handover",
        json={"ticketId": tid, "userPhone": PHONE, "agentId": "a1", "handoverType": "bot_to_human"},
    )
    assert (await client.post("/api/sessions/bot_s/disconnect")).status_code == 200
    r = await crm_client.post(
        "/api/crm/send-message",
        json={"ticketId": tid, "userPhone": PHONE, "agentId": "a1", "message": "¿Sigues ahí?"},
    )
    assert r.status_code == 409 and r.json()["code"] == "SESSION_NOT_CONNECTED"
    detail = (await client.get(f"/api/handover/tickets/{tid}")).json()["data"]
    assert detail["firstResponseAt"] is None
    assert not [m for m in detail["messages"] if m["author"] == "agent"]

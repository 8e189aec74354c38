"""Interactive messages on the Cloud API: Meta's ``interactive`` objects sent, and the replies
Meta's webhooks bring (button, list row, completed flow, template quick reply)."""

from __future__ import annotations

from sqlalchemy import select

from inboxhub.webhooks.models import Event
from tests.engines.cloud.conftest import contact_writes, create_cloud_session, fixture, post_webhook

TO = "34657032985"


async def _send(client, interactive: dict) -> dict:
    response = await client.post(
        "/api/messages/meta_1/send",
        json={"to": TO, "type": "interactive", "interactive": interactive},
    )
    assert response.status_code == 200, response.text
    message: dict = response.json()["data"]["message"]
    return message


async def test_reply_buttons_and_lists_in_metas_shape(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, TO)
    sent = await _send(
        client,
        {
            "type": "buttons",
            "header": "Pedido 4711",
            "body": "¿Confirmas la entrega?",
            "footer": "Tienda",
            "buttons": [{"id": "yes", "title": "Sí"}, {"id": "no", "title": "Otro día"}],
        },
    )
    assert sent["status"] == "sent"
    await _send(
        client,
        {
            "type": "list",
            "body": "¿Cómo lo quieres?",
            "buttonText": "Ver opciones",
            "sections": [
                {
                    "title": "Envío",
                    "rows": [{"id": "std", "title": "Estándar", "description": "3-5 días"}],
                },
                {"title": "Recogida", "rows": [{"id": "shop", "title": "En tienda"}]},
            ],
        },
    )
    buttons, listed = graph.sent
    assert buttons["type"] == "interactive"
    assert buttons["biz_opaque_callback_data"] == str(sent["id"])
    assert buttons["interactive"] == {
        "type": "button",
        "header": {"type": "text", "text": "Pedido 4711"},
        "body": {"text": "¿Confirmas la entrega?"},
        "footer": {"text": "Tienda"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": "yes", "title": "Sí"}},
                {"type": "reply", "reply": {"id": "no", "title": "Otro día"}},
            ]
        },
    }
    assert listed["interactive"] == {
        "type": "list",
        "body": {"text": "¿Cómo lo quieres?"},
        "action": {
            "button": "Ver opciones",
            "sections": [
                {
                    "title": "Envío",
                    "rows": [{"id": "std", "title": "Estándar", "description": "3-5 días"}],
                },
                {"title": "Recogida", "rows": [{"id": "shop", "title": "En tienda"}]},
            ],
        },
    }


async def test_cta_url_and_flow_in_metas_shape(client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, TO)
    await _send(
        client,
        {
            "type": "cta_url",
            "body": "Tu pedido ha salido",
            "displayText": "Seguir envío",
            "url": "https://tienda.example/track/4711",
        },
    )
    await _send(
        client,
        {
            "type": "flow",
            "body": "Elige día y hora",
            "flowId": "1234567890",
            "flowCta": "Reservar",
            "flowToken": "AQAAAAACS5FpgQ_cAAAAAD0QI3s.",
            "screen": "APPOINTMENT",
            "data": {"shop": "centro"},
        },
    )
    cta, flow = graph.sent
    assert cta["interactive"] == {
        "type": "cta_url",
        "body": {"text": "Tu pedido ha salido"},
        "action": {
            "name": "cta_url",
            "parameters": {
                "display_text": "Seguir envío",
                "url": "https://tienda.example/track/4711",
            },
        },
    }
    assert flow["interactive"]["action"] == {
        "name": "flow",
        "parameters": {
            "flow_message_version": "3",
            "flow_id": "1234567890",
            "flow_cta": "Reservar",
            "flow_token": "AQAAAAACS5FpgQ_cAAAAAD0QI3s.",
            "flow_action": "navigate",
            "flow_action_payload": {"screen": "APPOINTMENT", "data": {"shop": "centro"}},
        },
    }


async def test_interactive_messages_keep_to_the_service_window(client, graph):
    await create_cloud_session(client, graph, "meta_1")
    response = await client.post(
        "/api/messages/meta_1/send",
        json={
            "to": TO,
            "type": "interactive",
            "interactive": {
                "type": "buttons",
                "body": "¿?",
                "buttons": [{"id": "a", "title": "A"}],
            },
        },
    )
    assert response.status_code == 409
    assert response.json()["code"] == "OUTSIDE_SERVICE_WINDOW"


async def test_replies_name_what_was_tapped(app, client, anon, graph):
    await create_cloud_session(client, graph, "meta_1")
    for name in (
        "interactive_button_reply",
        "interactive_list_reply",
        "interactive_nfm_reply",
        "template_button_reply",
    ):
        assert (await post_webhook(anon, fixture(name))).status_code == 200
    messages = (await client.get("/api/messages/meta_1")).json()["data"]["messages"]
    replies = {m["interactiveReply"]["type"]: m for m in messages}
    assert replies["button_reply"]["body"] == "Change"
    assert replies["button_reply"]["interactiveReply"]["id"] == "change-button"
    assert replies["list_reply"]["interactiveReply"] == {
        "type": "list_reply",
        "id": "priority_express",
        "title": "Priority Mail Express",
        "description": "Next Day to 2 Days",
    }
    flow = replies["nfm_reply"]["interactiveReply"]
    assert flow["name"] == "flow"
    assert flow["response"] == {
        "flow_token": "AQAAAAACS5FpgQ_cAAAAAD0QI3s.",
        "delivery_date": "2025-05-12",
        "slot": "morning",
    }
    assert replies["template_button"]["body"] == "Hablar con alguien"
    assert replies["template_button"]["interactiveReply"]["id"] == "talk-to-agent"
    async with app.state.database.sessionmaker() as db:
        received = [
            e.payload
            for e in (await db.execute(select(Event).where(Event.type == "message.received")))
            .scalars()
            .all()
        ]
    assert {p["message"]["interactiveReply"]["type"] for p in received} == {
        "button_reply",
        "list_reply",
        "nfm_reply",
        "template_button",
    }

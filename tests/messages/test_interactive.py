"""Interactive messages on the sandbox: reply buttons, lists, CTA URLs and flows sent, received
by another session, tapped by a contact; the web engine refuses them with the reason."""

from __future__ import annotations

import pytest

from inboxhub.engines.base import Capability, Interactive
from inboxhub.engines.web.client import WebClient
from inboxhub.errors import EngineNotSupported
from tests.messages.conftest import CONTACT, OTHER, SHOP
from tests.messages.helpers import events
from tests.support import eventually

BUTTONS = {
    "type": "buttons",
    "header": "Pedido 4711",
    "body": "¿Confirmas la entrega el martes?",
    "footer": "Tienda",
    "buttons": [{"id": "yes", "title": "Sí"}, {"id": "no", "title": "Otro día"}],
}
LIST = {
    "type": "list",
    "body": "¿Cómo quieres recibirlo?",
    "buttonText": "Ver opciones",
    "sections": [
        {
            "title": "Envío",
            "rows": [
                {"id": "std", "title": "Estándar", "description": "3-5 días"},
                {"id": "exp", "title": "Urgente", "description": "24 horas"},
            ],
        },
        {"title": "Recogida", "rows": [{"id": "shop", "title": "En tienda"}]},
    ],
}


async def _send(client, session_id: str, to: str, interactive: dict) -> dict:
    response = await client.post(
        f"/api/messages/{session_id}/send",
        json={"to": to, "type": "interactive", "interactive": interactive},
    )
    assert response.status_code == 200, response.text
    message: dict = response.json()["data"]["message"]
    return message


async def test_a_contact_taps_a_button_and_the_crm_hears_which(client, app, shop):
    sent = await _send(client, "shop", CONTACT, BUTTONS)
    assert sent["type"] == "interactive"
    assert sent["body"] == BUTTONS["body"]
    assert sent["interactive"]["action"]["buttons"][1] == {"id": "no", "title": "Otro día"}

    tap = await client.post(
        "/api/sandbox/messages",
        json={"from": CONTACT, "to": "shop", "replyId": "no", "quotedMessageId": sent["id"]},
    )
    assert tap.status_code == 200, tap.text
    reply = tap.json()["data"]["message"]
    assert reply["type"] == "text"
    assert reply["body"] == "Otro día"
    assert reply["quotedMessageId"] == sent["whatsappMessageId"]
    assert reply["interactiveReply"] == {
        "type": "button_reply",
        "id": "no",
        "title": "Otro día",
        "description": None,
    }
    (received,) = await events(app, "message.received")
    assert received["data"]["message"]["content"] == "Otro día"
    assert received["data"]["message"]["interactiveReply"]["id"] == "no"


async def test_a_list_row_is_tapped_by_its_id(client, shop):
    sent = await _send(client, "shop", CONTACT, LIST)
    tap = await client.post(
        "/api/sandbox/messages",
        json={"from": CONTACT, "to": "shop", "replyId": "exp", "quotedMessageId": sent["id"]},
    )
    assert tap.status_code == 200, tap.text
    assert tap.json()["data"]["message"]["interactiveReply"] == {
        "type": "list_reply",
        "id": "exp",
        "title": "Urgente",
        "description": "24 horas",
    }
    wrong = await client.post(
        "/api/sandbox/messages",
        json={"from": CONTACT, "to": "shop", "replyId": "nope", "quotedMessageId": sent["id"]},
    )
    assert wrong.status_code == 400
    assert wrong.json()["field"] == "replyId"


async def test_another_session_receives_the_interactive_message(client, app, shop, other):
    cta = {
        "type": "cta_url",
        "body": "Tu pedido ha salido",
        "displayText": "Seguir envío",
        "url": "https://tienda.example/track/4711",
    }
    sent = await _send(client, "shop", OTHER, cta)

    async def arrived():
        r = await client.get(f"/api/messages/other/{SHOP}@s.whatsapp.net")
        return r.json()["data"]["messages"]

    (received,) = await eventually(arrived)
    assert received["type"] == "interactive"
    assert received["whatsappMessageId"] == sent["whatsappMessageId"]
    assert received["body"] == "Tu pedido ha salido"
    assert received["interactive"]["action"] == {
        "displayText": "Seguir envío",
        "url": "https://tienda.example/track/4711",
    }
    (event,) = await events(app, "message.received")
    assert event["data"]["message"]["interactive"]["type"] == "cta_url"


@pytest.mark.parametrize(
    ("interactive", "field"),
    [
        (None, "interactive"),
        ({"type": "carousel", "body": "x"}, "interactive.type"),
        ({"type": "buttons", "buttons": [{"id": "a", "title": "A"}]}, "interactive.body"),
        ({"type": "buttons", "body": "x"}, "interactive.buttons"),
        (
            {
                "type": "buttons",
                "body": "x",
                "buttons": [{"id": str(i), "title": "B"} for i in range(4)],
            },
            "interactive.buttons",
        ),
        (
            {"type": "buttons", "body": "x", "buttons": [{"id": "a", "title": "t" * 21}]},
            "interactive.buttons[0].title",
        ),
        (
            {
                "type": "buttons",
                "body": "x",
                "buttons": [{"id": "a", "title": "A"}, {"id": "a", "title": "B"}],
            },
            "interactive.buttons[1].id",
        ),
        ({**BUTTONS, "body": "x" * 1025}, "interactive.body"),
        ({**BUTTONS, "header": "h" * 61}, "interactive.header"),
        ({**LIST, "buttonText": None}, "interactive.buttonText"),
        (
            {
                **LIST,
                "sections": [
                    {"title": "A", "rows": [{"id": f"a{i}", "title": "r"} for i in range(6)]},
                    {"title": "B", "rows": [{"id": f"b{i}", "title": "r"} for i in range(5)]},
                ],
            },
            "interactive.sections",
        ),
        (
            {
                **LIST,
                "sections": [
                    {"rows": [{"id": "a", "title": "r"}]},
                    {"rows": [{"id": "b", "title": "r"}]},
                ],
            },
            "interactive.sections[0].title",
        ),
        (
            {"type": "cta_url", "body": "x", "displayText": "Abrir", "url": "ftp://x"},
            "interactive.url",
        ),
        ({"type": "flow", "body": "x", "flowId": "abc", "flowCta": "Go"}, "interactive.flowId"),
        ({"type": "flow", "body": "x", "flowId": "123"}, "interactive.flowCta"),
    ],
)
async def test_what_whatsapp_would_refuse_is_a_400_naming_the_field(
    client, shop, interactive, field
):
    body: dict = {"to": CONTACT, "type": "interactive"}
    if interactive is not None:
        body["interactive"] = interactive
    response = await client.post("/api/messages/shop/send", json=body)
    assert response.status_code == 400, response.text
    assert (response.json()["code"], response.json()["field"]) == ("VALIDATION_ERROR", field)
    assert (await client.get("/api/messages/shop")).json()["data"]["messages"] == []


async def test_under_message_too(client, shop):
    response = await client.post(
        "/api/messages/shop/send", json={"to": CONTACT, "message": {"interactive": BUTTONS}}
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["message"]["type"] == "interactive"


async def test_the_web_engine_refuses_interactive_messages():
    assert Capability.INTERACTIVE not in WebClient.capabilities
    client = WebClient.__new__(WebClient)
    with pytest.raises(EngineNotSupported, match="interactive"):
        await client.send_message(
            f"{SHOP}@s.whatsapp.net",
            Interactive(kind="buttons", body="x", action={"buttons": []}),
        )

"""Cloud API templates through the send endpoint: validated, stored, and sent with our id."""

from __future__ import annotations

import pytest

from inboxhub.engines.base import TemplateMessage
from inboxhub.errors import EngineNotSupported
from tests.engines.cloud.conftest import contact_writes, create_cloud_session
from tests.support import link_session

COMPONENTS = [
    {"type": "header", "parameters": [{"type": "text", "text": "Ana"}]},
    {
        "type": "body",
        "parameters": [
            {"type": "text", "text": "FAC-2031"},
            {"type": "currency", "currency": {"fallback_value": "49,90 €", "code": "EUR"}},
        ],
    },
    {
        "type": "button",
        "sub_type": "url",
        "index": "0",
        "parameters": [{"type": "text", "text": "fac2031"}],
    },
]


async def _message(client, message_id) -> dict:
    response = await client.get(f"/api/messages/meta_1/messages/{message_id}")
    assert response.status_code == 200, response.text
    message: dict = response.json()["data"]["message"]
    return message


async def test_a_template_reaches_the_graph_api_with_our_message_id(client, graph):
    await create_cloud_session(client, graph, "meta_1")
    response = await client.post(
        "/api/messages/meta_1/send",
        json={
            "to": "34657032985",
            "type": "template",
            "template": {"name": "factura_pendiente", "language": "es", "components": COMPONENTS},
        },
    )
    assert response.status_code == 200, response.text
    sent = response.json()["data"]["message"]
    assert sent["type"] == "template"
    assert sent["body"] == "factura_pendiente"
    assert sent["status"] == "sent"
    (body,) = graph.sent
    assert body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "34657032985",
        "type": "template",
        "template": {
            "name": "factura_pendiente",
            "language": {"code": "es"},
            "components": COMPONENTS,
        },
        "biz_opaque_callback_data": str(sent["id"]),
    }
    stored = await _message(client, sent["id"])
    assert stored["type"] == "template"
    assert stored["body"] == "factura_pendiente"
    assert stored["whatsappMessageId"] == sent["whatsappMessageId"]
    assert stored["template"] == {
        "name": "factura_pendiente",
        "language": "es",
        "components": COMPONENTS,
    }


async def test_the_template_may_come_under_message_and_every_send_carries_our_id(
    client, anon, graph
):
    await create_cloud_session(client, graph, "meta_1")
    await contact_writes(anon, "34657032985")
    response = await client.post(
        "/api/messages/meta_1/send",
        json={
            "to": "34657032985",
            "type": "template",
            "message": {"name": "hello_world", "language": {"code": "en_US"}},
        },
    )
    assert response.status_code == 200, response.text
    template = response.json()["data"]["message"]
    nested = await client.post(
        "/api/messages/meta_1/send",
        json={"to": "34657032985", "message": {"template": {"name": "aviso", "language": "es"}}},
    )
    assert nested.status_code == 200, nested.text
    text = await client.post(
        "/api/messages/meta_1/send", json={"to": "34657032985", "message": "Hola"}
    )
    assert text.status_code == 200, text.text

    first, second, third = graph.sent
    assert first["template"] == {"name": "hello_world", "language": {"code": "en_US"}}
    assert first["biz_opaque_callback_data"] == str(template["id"])
    assert second["type"] == "template"
    assert second["template"] == {"name": "aviso", "language": {"code": "es"}}
    assert second["biz_opaque_callback_data"] == str(nested.json()["data"]["message"]["id"])
    assert third["type"] == "text"
    assert third["biz_opaque_callback_data"] == str(text.json()["data"]["message"]["id"])


@pytest.mark.parametrize(
    ("template", "field"),
    [
        (None, "template"),
        ("factura", "template"),
        ({"language": "es"}, "template.name"),
        ({"name": "Factura Pendiente", "language": "es"}, "template.name"),
        ({"name": "", "language": "es"}, "template.name"),
        ({"name": "a" * 513, "language": "es"}, "template.name"),
        ({"name": "factura"}, "template.language"),
        ({"name": "factura", "language": "spanish"}, "template.language"),
        ({"name": "factura", "language": "en-US"}, "template.language"),
        (
            {"name": "factura", "language": "es", "components": {"type": "body"}},
            "template.components",
        ),
        ({"name": "factura", "language": "es", "components": ["body"]}, "template.components[0]"),
        ({"name": "factura", "language": "es", "components": [{}]}, "template.components[0].type"),
        (
            {
                "name": "factura",
                "language": "es",
                "components": [{"type": "body", "parameters": 3}],
            },
            "template.components[0].parameters",
        ),
    ],
)
async def test_a_bad_template_is_a_400_naming_the_field(client, graph, template, field):
    await create_cloud_session(client, graph, "meta_1")
    body = {"to": "34657032985", "type": "template"}
    if template is not None:
        body["template"] = template
    response = await client.post("/api/messages/meta_1/send", json=body)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["code"] == "VALIDATION_ERROR"
    assert error["field"] == field
    assert graph.sent == []
    listed = await client.get("/api/messages/meta_1")
    assert listed.json()["data"]["messages"] == []


async def test_a_bad_template_under_message_names_that_field(client, graph):
    await create_cloud_session(client, graph, "meta_1")
    response = await client.post(
        "/api/messages/meta_1/send",
        json={"to": "34657032985", "message": {"template": {"name": "ok", "language": 7}}},
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "message.template.language"


async def test_a_template_on_a_sandbox_session_is_501_and_nothing_is_stored(client):
    await link_session(client, "sb_1", "34600000001")
    response = await client.post(
        "/api/messages/sb_1/send",
        json={
            "to": "34657032985",
            "type": "template",
            "template": {"name": "hello_world", "language": "en_US"},
        },
    )
    assert response.status_code == 501, response.text
    error = response.json()
    assert error["code"] == "ENGINE_NOT_SUPPORTED"
    assert "templates" in response.text
    listed = await client.get("/api/messages/sb_1")
    assert listed.status_code == 200, listed.text
    assert listed.json()["data"]["messages"] == []


async def test_the_sandbox_engine_itself_refuses_a_template(app, client):
    await link_session(client, "sb_1", "34600000001")
    sandbox = app.state.runtime.pool.get("sb_1")
    with pytest.raises(EngineNotSupported, match="templates"):
        await sandbox.send_message(
            "34657032985@s.whatsapp.net", TemplateMessage(name="hello_world", language="en_US")
        )

"""Templates from Meta: synced from the business account, listed with their status and
components, and sent by name with parameters checked against the definition."""

from __future__ import annotations

import pytest

from tests.engines.cloud.conftest import create_cloud_session
from tests.support import link_session

TO = "34657032985"


async def _sync(client) -> dict:
    response = await client.post("/api/templates/meta/meta_1/sync")
    assert response.status_code == 200, response.text
    data: dict = response.json()["data"]
    return data


async def _send_template(client, template: dict):
    return await client.post(
        "/api/messages/meta_1/send", json={"to": TO, "type": "template", "template": template}
    )


async def test_sync_reads_every_page_and_keeps_status_and_components(client, graph):
    await create_cloud_session(client, graph, "meta_1")
    data = await _sync(client)
    assert (data["total"], data["approved"], data["removed"]) == (7, 4, 0)
    # Three pages of three: Meta's cursors followed, never its "next" URL with our token.
    assert [r.get("after") for r in graph.template_requests] == [None, "3", "6"]
    assert graph.template_requests[0]["fields"].startswith("id,name,language,status")

    listed = (await client.get("/api/templates/meta/meta_1")).json()["data"]
    assert listed["total"] == 7
    by_key = {(t["name"], t["language"]): t for t in listed["templates"]}
    order = by_key[("order_confirmed", "es")]
    assert order["status"] == "APPROVED"
    assert order["category"] == "UTILITY"
    assert order["id"] == "2418127658421953"
    assert [c["type"] for c in order["components"]] == ["HEADER", "BODY", "FOOTER", "BUTTONS"]
    assert by_key[("summer_sale", "es")]["rejectedReason"] == "INVALID_FORMAT"
    assert by_key[("welcome_customer", "es")]["parameterFormat"] == "NAMED"

    approved = (await client.get("/api/templates/meta/meta_1?status=approved")).json()["data"]
    assert {t["name"] for t in approved["templates"]} == {
        "hello_world",
        "order_confirmed",
        "welcome_customer",
        "invoice_ready",
    }
    one = (await client.get("/api/templates/meta/meta_1/order_confirmed")).json()["data"]
    assert {t["language"]: t["status"] for t in one["languages"]} == {
        "en_US": "PAUSED",
        "es": "APPROVED",
    }
    missing = await client.get("/api/templates/meta/meta_1/nope")
    assert missing.status_code == 404
    assert missing.json()["code"] == "TEMPLATE_NOT_FOUND"


async def test_a_template_deleted_at_meta_goes_at_the_next_sync(client, graph):
    await create_cloud_session(client, graph, "meta_1")
    await _sync(client)
    graph.templates = [t for t in graph.templates if t["name"] != "summer_sale"]
    graph.templates[0] = {**graph.templates[0], "status": "DISABLED"}
    data = await _sync(client)
    assert (data["total"], data["removed"]) == (6, 1)
    statuses = {t["name"]: t["status"] for t in data["templates"] if t["language"] != "en_US"}
    assert "summer_sale" not in statuses
    hello = [t for t in data["templates"] if t["name"] == "hello_world"]
    assert hello[0]["status"] == "DISABLED"


async def test_sync_needs_the_business_account_id(client, graph):
    await create_cloud_session(client, graph, "meta_1", wabaId=None)
    response = await client.post("/api/templates/meta/meta_1/sync")
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "engineOptions.wabaId"


async def test_other_engines_have_no_meta_templates(client):
    await link_session(client, "sb_1", "34600000001")
    response = await client.post("/api/templates/meta/sb_1/sync")
    assert response.status_code == 501, response.text
    assert response.json()["code"] == "ENGINE_NOT_SUPPORTED"


async def test_send_by_name_with_the_parameters_shorthand(client, graph):
    await create_cloud_session(client, graph, "meta_1")
    await _sync(client)
    response = await _send_template(
        client,
        {
            "name": "order_confirmed",
            "language": "es",
            "parameters": {
                "header": "#4711",
                "body": ["Ana", "#4711", "12 de mayo"],
                "buttons": {"0": "4711", "1": "talk-to-agent"},
            },
        },
    )
    assert response.status_code == 200, response.text
    (body,) = graph.sent
    assert body["template"] == {
        "name": "order_confirmed",
        "language": {"code": "es"},
        "components": [
            {"type": "header", "parameters": [{"type": "text", "text": "#4711"}]},
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": "Ana"},
                    {"type": "text", "text": "#4711"},
                    {"type": "text", "text": "12 de mayo"},
                ],
            },
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": "4711"}],
            },
            {
                "type": "button",
                "sub_type": "quick_reply",
                "index": "1",
                "parameters": [{"type": "payload", "payload": "talk-to-agent"}],
            },
        ],
    }


async def test_named_variables_and_media_headers(client, graph):
    await create_cloud_session(client, graph, "meta_1")
    await _sync(client)
    named = await _send_template(
        client,
        {
            "name": "welcome_customer",
            "language": "es",
            "parameters": {"body": {"customer_name": "Ana", "shop": "Tienda"}},
        },
    )
    assert named.status_code == 200, named.text
    assert graph.sent[0]["template"]["components"] == [
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "Ana", "parameter_name": "customer_name"},
                {"type": "text", "text": "Tienda", "parameter_name": "shop"},
            ],
        }
    ]
    document = await _send_template(
        client,
        {
            "name": "invoice_ready",
            "language": "es",
            "parameters": {
                "header": {"document": {"link": "https://cdn.example/fac.pdf"}},
                "body": ["FAC-2031"],
            },
        },
    )
    assert document.status_code == 200, document.text
    assert graph.sent[1]["template"]["components"][0] == {
        "type": "header",
        "parameters": [{"type": "document", "document": {"link": "https://cdn.example/fac.pdf"}}],
    }


@pytest.mark.parametrize(
    ("template", "status", "code", "field"),
    [
        ({"name": "nope", "language": "es"}, 404, "TEMPLATE_NOT_FOUND", "template.name"),
        (
            {"name": "order_confirmed", "language": "en_US"},
            409,
            "TEMPLATE_NOT_APPROVED",
            "template.name",
        ),
        ({"name": "summer_sale", "language": "es"}, 409, "TEMPLATE_NOT_APPROVED", "template.name"),
        (
            {"name": "welcome_customer", "language": "es", "parameters": {"body": {"shop": "T"}}},
            400,
            "TEMPLATE_VARIABLE_MISSING",
            "template.parameters[0].parameters",
        ),
        (
            {"name": "welcome_customer", "language": "es", "parameters": {"body": ["Ana", "T"]}},
            400,
            "VALIDATION_ERROR",
            "template.parameters.body",
        ),
        (
            {
                "name": "invoice_ready",
                "language": "es",
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": "F-1"}]},
                ],
            },
            400,
            "TEMPLATE_VARIABLE_MISSING",
            "template.components",
        ),
        (
            {
                "name": "hello_world",
                "language": "en_US",
                "components": [{"type": "body", "parameters": [{"type": "text", "text": "x"}]}],
            },
            400,
            "TEMPLATE_VARIABLE_UNKNOWN",
            "template.components[0].parameters",
        ),
        (
            {
                "name": "order_confirmed",
                "language": "es",
                "parameters": {"header": "#1", "body": ["Ana", "#1", "hoy"]},
            },
            400,
            "TEMPLATE_VARIABLE_MISSING",
            "template.parameters",
        ),
        (
            {"name": "hello_world", "language": "en_US", "parameters": {"buttons": {"3": "x"}}},
            400,
            "TEMPLATE_VARIABLE_UNKNOWN",
            "template.parameters.buttons.3",
        ),
    ],
)
async def test_parameters_that_do_not_fit_are_refused_naming_the_field(
    client, graph, template, status, code, field
):
    await create_cloud_session(client, graph, "meta_1")
    await _sync(client)
    response = await _send_template(client, template)
    assert response.status_code == status, response.text
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert graph.sent == []
    assert (await client.get("/api/messages/meta_1")).json()["data"]["messages"] == []


async def test_the_shorthand_needs_a_sync_first(client, graph):
    await create_cloud_session(client, graph, "meta_1")
    response = await _send_template(
        client, {"name": "hello_world", "language": "en_US", "parameters": {"body": []}}
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "template.parameters"
    # Without a sync, components go to Meta as given: Meta checks them.
    unsynced = await _send_template(client, {"name": "anything", "language": "es"})
    assert unsynced.status_code == 200, unsynced.text

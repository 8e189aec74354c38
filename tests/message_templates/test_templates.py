from __future__ import annotations

from tests.message_templates.conftest import ORDER

VALUES = {"nombre": "Juan Pérez", "pedido": "#12345", "fecha": "15/10/2025"}


async def test_crud(client, org_id, order_template):
    base = f"/api/templates/organizations/{org_id}"
    assert order_template["name"] == ORDER["name"]
    assert order_template["category"] == "pedidos"
    assert order_template["variables"] == ["nombre", "pedido", "fecha"]
    assert order_template["isActive"] is True
    assert order_template["organizationId"] == org_id
    assert order_template["usageCount"] == 0
    tid = order_template["id"]

    # Variables are worked out from the body when not given.
    r = await client.post(
        base, json={"name": "Aviso", "body": "{{ nombre }}: tu cita es el {{dia}}"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["data"]["template"]["variables"] == ["nombre", "dia"]
    assert r.json()["data"]["template"]["category"] is None

    listed = (await client.get(base)).json()["data"]
    assert [t["name"] for t in listed["templates"]] == ["Aviso", ORDER["name"]]
    assert listed["pagination"] == {"total": 2, "page": 1, "limit": 20, "pages": 1}
    assert [
        t["name"]
        for t in (await client.get(base, params={"category": "pedidos"})).json()["data"][
            "templates"
        ]
    ] == [ORDER["name"]]
    assert [
        t["name"]
        for t in (await client.get(base, params={"search": "avi"})).json()["data"]["templates"]
    ] == ["Aviso"]
    assert (await client.get(base, params={"limit": 1, "page": 2})).json()["data"]["templates"][0][
        "id"
    ] == tid

    assert (await client.get(f"{base}/{tid}")).json()["data"]["template"] == order_template
    assert (await client.get(f"/api/templates/{tid}")).json()["data"]["template"] == order_template

    r = await client.put(f"{base}/{tid}", json={"body": "Hola {{nombre}}, pedido {{pedido}} listo"})
    assert r.status_code == 200, r.text
    updated = r.json()["data"]["template"]
    assert updated["variables"] == ["nombre", "pedido"]
    assert updated["name"] == ORDER["name"]
    r = await client.put(f"{base}/{tid}", json={"isActive": False, "category": None})
    assert (r.json()["data"]["template"]["isActive"], r.json()["data"]["template"]["category"]) == (
        False,
        None,
    )
    assert [
        t["name"]
        for t in (await client.get(base, params={"isActive": "false"})).json()["data"]["templates"]
    ] == [ORDER["name"]]

    r = await client.delete(f"{base}/{tid}")
    assert r.status_code == 200
    r = await client.get(f"/api/templates/{tid}")
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (
        404,
        "TEMPLATE_NOT_FOUND",
        "templateId",
    )
    r = await client.delete(f"{base}/{tid}")
    assert r.json()["code"] == "TEMPLATE_NOT_FOUND"


async def test_invalid_templates(client, org_id, order_template):
    base = f"/api/templates/organizations/{org_id}"
    cases = [
        (
            {**ORDER, "name": "Otro", "variables": ["nombre", "pedido"]},
            400,
            "VALIDATION_ERROR",
            "variables",
        ),
        (
            {**ORDER, "name": "Otro", "variables": ["nombre", "pedido", "fecha", "extra"]},
            400,
            "VALIDATION_ERROR",
            "variables",
        ),
        ({"name": "Otro", "body": "Hola {{nombre"}, 400, "VALIDATION_ERROR", "body"),
        ({"name": "Otro", "body": "Hola {{1nombre}}"}, 400, "VALIDATION_ERROR", "body"),
        ({"name": "Otro", "body": "Hola {{mi nombre}}"}, 400, "VALIDATION_ERROR", "body"),
        ({"name": "Otro", "body": "Hola }} {{"}, 400, "VALIDATION_ERROR", "body"),
        ({"name": "Otro", "body": "x" * 4097}, 400, "VALIDATION_ERROR", "body"),
        ({"name": "Otro", "body": ""}, 400, "VALIDATION_ERROR", "body"),
        ({"body": "Hola"}, 400, "VALIDATION_ERROR", "name"),
        (
            {"name": "Otro", "body": "Hola", "isActive": "sometimes"},
            400,
            "VALIDATION_ERROR",
            "isActive",
        ),
        ({**ORDER}, 409, "TEMPLATE_ALREADY_EXISTS", "name"),
    ]
    for body, status, code, field in cases:
        r = await client.post(base, json=body)
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (status, code, field), body
    r = await client.put(f"{base}/{order_template['id']}", json={"variables": ["nombre"]})
    assert (r.status_code, r.json()["field"]) == (400, "variables")
    other = (await client.post(base, json={"name": "Otro", "body": "Hola"})).json()["data"][
        "template"
    ]
    r = await client.put(f"{base}/{other['id']}", json={"name": ORDER["name"]})
    assert (r.status_code, r.json()["code"]) == (409, "TEMPLATE_ALREADY_EXISTS")
    r = await client.get(f"{base}/abc")
    assert (r.status_code, r.json()["field"]) == (400, "templateId")


async def test_preview_renders_or_refuses(client, org_id, order_template):
    tid = order_template["id"]
    r = await client.post(f"/api/templates/{tid}/preview", json={"variables": VALUES})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["text"] == (
        "Hola Juan Pérez, tu pedido #12345 está confirmado para el 15/10/2025. ¡Gracias por tu compra!"
    )
    numbers = {"nombre": "Ana", "pedido": 12345, "fecha": 2.5}
    r = await client.post(f"/api/templates/{tid}/preview", json={"variables": numbers})
    assert "pedido 12345 está confirmado para el 2.5." in r.json()["data"]["text"]

    cases = [
        ({"nombre": "Juan", "fecha": "hoy"}, 400, "TEMPLATE_VARIABLE_MISSING", "variables.pedido"),
        ({**VALUES, "pedido": None}, 400, "TEMPLATE_VARIABLE_MISSING", "variables.pedido"),
        ({**VALUES, "extra": "x"}, 400, "TEMPLATE_VARIABLE_UNKNOWN", "variables.extra"),
        ({**VALUES, "nombre": "{{fecha}}"}, 400, "VALIDATION_ERROR", "variables.nombre"),
        ({**VALUES, "nombre": {"first": "Juan"}}, 400, "VALIDATION_ERROR", "variables.nombre"),
        ({**VALUES, "nombre": True}, 400, "VALIDATION_ERROR", "variables.nombre"),
        ({**VALUES, "nombre": "x" * 4096}, 400, "MESSAGE_TOO_LONG", "variables"),
    ]
    for values, status, code, field in cases:
        r = await client.post(f"/api/templates/{tid}/preview", json={"variables": values})
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (status, code, field), values

    await client.put(f"/api/templates/organizations/{org_id}/{tid}", json={"isActive": False})
    r = await client.post(f"/api/templates/{tid}/preview", json={"variables": VALUES})
    assert (r.status_code, r.json()["code"]) == (409, "TEMPLATE_INACTIVE")


async def test_other_organizations_see_nothing(client, org_id, order_template, other_org):
    theirs = int(other_org.headers["X-Organization-Id"])
    tid = order_template["id"]
    for method, path, body in (
        ("GET", f"/api/templates/organizations/{org_id}", None),
        ("POST", f"/api/templates/organizations/{org_id}", {"name": "x", "body": "y"}),
        ("GET", f"/api/templates/organizations/{org_id}/{tid}", None),
        ("DELETE", f"/api/templates/organizations/{org_id}/{tid}", None),
    ):
        r = await other_org.request(method, path, json=body)
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (
            404,
            "NOT_FOUND",
            "organizationId",
        ), path
    for method, path, body in (
        ("GET", f"/api/templates/{tid}", None),
        ("GET", f"/api/templates/organizations/{theirs}/{tid}", None),
        ("PUT", f"/api/templates/organizations/{theirs}/{tid}", {"name": "mine"}),
        ("DELETE", f"/api/templates/organizations/{theirs}/{tid}", None),
        ("POST", f"/api/templates/{tid}/preview", {"variables": VALUES}),
    ):
        r = await other_org.request(method, path, json=body)
        assert (r.status_code, r.json()["code"]) == (404, "TEMPLATE_NOT_FOUND"), path
    # Their own templates live apart; the same name is free there.
    r = await other_org.post(f"/api/templates/organizations/{theirs}", json=ORDER)
    assert r.status_code == 201
    assert (await other_org.get(f"/api/templates/organizations/{theirs}")).json()["data"][
        "pagination"
    ]["total"] == 1
    assert (await client.get(f"/api/templates/{tid}")).json()["data"]["template"]["name"] == ORDER[
        "name"
    ]

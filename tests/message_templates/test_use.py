from __future__ import annotations

import pytest

from tests.message_templates.conftest import ORDER
from tests.support import eventually, link_session

SHOP = "34600000001"
ANA = "34600000002"
BOB = "34600000003"
DAN = "34611111111"  # a simulated contact
VALUES = {"nombre": "Juan Pérez", "pedido": "#12345", "fecha": "15/10/2025"}


def text(nombre: str, pedido: str = "#12345", fecha: str = "15/10/2025") -> str:
    return (
        f"Hola {nombre}, tu pedido {pedido} está confirmado para el {fecha}. "
        "¡Gracias por tu compra!"
    )


async def bodies(client, session_id: str, **params) -> list[str]:
    r = await client.get(f"/api/messages/{session_id}", params=params)
    assert r.status_code == 200, r.text
    return [m["body"] for m in r.json()["data"]["messages"]]


async def received(client, session_id: str, body: str) -> None:
    async def check():
        return body in await bodies(client, session_id, fromMe="false")

    await eventually(check)


@pytest.fixture
async def shop(client):
    await link_session(client, "shop", SHOP, push_name="Tienda")
    await link_session(client, "ana", ANA, push_name="Ana")
    await link_session(client, "bob", BOB, push_name="Bob")


async def test_one_recipient_gets_the_rendered_text(client, org_id, order_template, shop):
    tid = order_template["id"]
    r = await client.post(
        f"/api/templates/{tid}/use", json={"sessionId": "shop", "to": ANA, "variables": VALUES}
    )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["message"]["body"] == text("Juan Pérez")
    assert data["message"]["chatId"] == f"{ANA}@s.whatsapp.net"
    assert data["message"]["fromMe"] is True
    assert data["status"] in ("pending", "sent", "delivered")
    assert data["templateId"] == tid
    await received(client, "ana", text("Juan Pérez"))

    template = (await client.get(f"/api/templates/{tid}")).json()["data"]["template"]
    assert template["usageCount"] == 1
    assert template["lastUsedAt"] is not None


async def test_bulk_send_renders_each_recipient(client, org_id, order_template, shop):
    tid = order_template["id"]
    r = await client.post(
        f"/api/templates/{tid}/use",
        json={
            "sessionId": "shop",
            "variables": {"nombre": "cliente", "pedido": "#1", "fecha": "hoy"},
            "to": [
                {"to": ANA, "variables": {"nombre": "Ana", "pedido": "#100"}},
                {"to": f"{BOB}@s.whatsapp.net", "variables": {"nombre": "Bob"}},
                DAN,
                "34622222222",
            ],
        },
    )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["total"] == 4
    assert data["sent"] + data["queued"] == 4
    assert data["failed"] == 0
    sent = {m["chatId"]: m["body"] for m in data["messages"]}
    assert sent == {
        f"{ANA}@s.whatsapp.net": text("Ana", "#100", "hoy"),
        f"{BOB}@s.whatsapp.net": text("Bob", "#1", "hoy"),
        f"{DAN}@s.whatsapp.net": text("cliente", "#1", "hoy"),
        "34622222222@s.whatsapp.net": text("cliente", "#1", "hoy"),
    }
    # Every text went out as rendered, one by one, and nothing kept a placeholder.
    await received(client, "ana", text("Ana", "#100", "hoy"))
    await received(client, "bob", text("Bob", "#1", "hoy"))
    for chat, body in sent.items():
        assert await bodies(client, "shop", chatId=chat) == [body]
        assert "{{" not in body
    assert (await client.get(f"/api/templates/{tid}")).json()["data"]["template"]["usageCount"] == 4


async def test_nothing_is_sent_unless_every_message_renders(client, org_id, order_template, shop):
    tid = order_template["id"]
    url = f"/api/templates/{tid}/use"
    cases = [
        (
            {"to": [ANA, BOB], "variables": {"nombre": "x", "pedido": "y"}},
            400,
            "TEMPLATE_VARIABLE_MISSING",
            "variables.fecha",
        ),
        (
            {"to": [ANA, {"to": BOB, "variables": {"nombre": None}}], "variables": VALUES},
            400,
            "TEMPLATE_VARIABLE_MISSING",
            "to.1.variables.nombre",
        ),
        (
            {"to": [ANA, {"to": BOB, "variables": {"apellido": "x"}}], "variables": VALUES},
            400,
            "TEMPLATE_VARIABLE_UNKNOWN",
            "to.1.variables.apellido",
        ),
        (
            {"to": ANA, "variables": {**VALUES, "extra": 1}},
            400,
            "TEMPLATE_VARIABLE_UNKNOWN",
            "variables.extra",
        ),
        ({"to": [ANA, "not-a-number"], "variables": VALUES}, 400, "VALIDATION_ERROR", "to[1]"),
        ({"to": "12", "variables": VALUES}, 400, "VALIDATION_ERROR", "to"),
        ({"to": [], "variables": VALUES}, 400, "VALIDATION_ERROR", "to"),
        (
            {"to": [f"3460000{i:04d}" for i in range(51)], "variables": VALUES},
            400,
            "VALIDATION_ERROR",
            "to",
        ),
        ({"variables": VALUES}, 400, "VALIDATION_ERROR", "to"),
    ]
    for body, status, code, field in cases:
        r = await client.post(url, json={"sessionId": "shop", **body})
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (status, code, field), body
    r = await client.post(url, json={"to": ANA, "variables": VALUES})
    assert (r.status_code, r.json()["field"]) == (400, "sessionId")
    r = await client.post(url, json={"sessionId": "nobody", "to": ANA, "variables": VALUES})
    assert (r.status_code, r.json()["code"]) == (404, "SESSION_NOT_FOUND")
    r = await client.post("/api/templates/999999/use", json={"sessionId": "shop", "to": ANA})
    assert (r.status_code, r.json()["code"]) == (404, "TEMPLATE_NOT_FOUND")

    await client.put(f"/api/templates/organizations/{org_id}/{tid}", json={"isActive": False})
    r = await client.post(url, json={"sessionId": "shop", "to": ANA, "variables": VALUES})
    assert (r.status_code, r.json()["code"]) == (409, "TEMPLATE_INACTIVE")
    await client.put(f"/api/templates/organizations/{org_id}/{tid}", json={"isActive": True})

    assert await bodies(client, "shop") == []
    assert (await client.get(f"/api/templates/{tid}")).json()["data"]["template"]["usageCount"] == 0

    await client.post("/api/sessions/shop/disconnect")
    r = await client.post(url, json={"sessionId": "shop", "to": ANA, "variables": VALUES})
    assert (r.status_code, r.json()["code"]) == (409, "SESSION_NOT_CONNECTED")


async def test_a_retried_use_is_not_sent_twice(client, org_id, order_template, shop):
    url = f"/api/templates/{order_template['id']}/use"
    body = {
        "sessionId": "shop",
        "to": [
            {"to": ANA, "variables": {"nombre": "Ana"}},
            {"to": BOB, "variables": {"nombre": "Bob"}},
        ],
        "variables": {"pedido": "#7", "fecha": "mañana"},
    }
    first = await client.post(url, json=body, headers={"Idempotency-Key": "promo-7"})
    assert first.status_code == 200, first.text
    again = await client.post(url, json=body, headers={"Idempotency-Key": "promo-7"})
    assert again.status_code == 200, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert sorted(m["id"] for m in again.json()["data"]["messages"]) == sorted(
        m["id"] for m in first.json()["data"]["messages"]
    )
    assert len(await bodies(client, "shop")) == 2
    template = (await client.get(url.removesuffix("/use"))).json()["data"]["template"]
    assert template["usageCount"] == 2

    single = {"sessionId": "shop", "to": ANA, "variables": {**VALUES}}
    one = await client.post(url, json=single, headers={"Idempotency-Key": "one"})
    two = await client.post(url, json=single, headers={"Idempotency-Key": "one"})
    assert two.json()["data"]["message"]["id"] == one.json()["data"]["message"]["id"]
    changed = await client.post(
        url,
        json={**single, "variables": {**VALUES, "nombre": "Otro"}},
        headers={"Idempotency-Key": "one"},
    )
    assert (changed.status_code, changed.json()["code"]) == (409, "IDEMPOTENCY_KEY_REUSED")


@pytest.mark.parametrize("settings_overrides", [{"rate_limit_messages": "2/minute"}])
async def test_bulk_use_is_paced_to_the_session_rate(client, org_id, order_template, shop):
    r = await client.post(
        f"/api/templates/{order_template['id']}/use",
        json={
            "sessionId": "shop",
            "to": [ANA, BOB, DAN, "34622222222"],
            "variables": VALUES,
        },
    )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert (data["total"], data["sent"], data["queued"]) == (4, 2, 2)
    assert sorted(m["status"] == "queued" for m in data["messages"]) == [False, False, True, True]


async def test_other_organizations_cannot_use_it(client, org_id, order_template, shop, other_org):
    theirs = int(other_org.headers["X-Organization-Id"])
    r = await other_org.post(
        f"/api/templates/{order_template['id']}/use",
        json={"sessionId": "shop", "to": ANA, "variables": VALUES},
    )
    assert (r.status_code, r.json()["code"]) == (404, "TEMPLATE_NOT_FOUND")
    own = await other_org.post(f"/api/templates/organizations/{theirs}", json=ORDER)
    r = await other_org.post(
        f"/api/templates/{own.json()['data']['template']['id']}/use",
        json={"sessionId": "shop", "to": ANA, "variables": VALUES},
    )
    assert (r.status_code, r.json()["code"]) == (404, "SESSION_NOT_FOUND")
    assert await bodies(client, "shop") == []

from __future__ import annotations

from typing import Any

import pytest

from tests.support.auth import admin_token

ORDER = {
    "name": "Confirmación de Pedido",
    "category": "pedidos",
    "body": "Hola {{nombre}}, tu pedido {{pedido}} está confirmado para el {{fecha}}. "
    "¡Gracias por tu compra!",
    "variables": ["nombre", "pedido", "fecha"],
    "isActive": True,
}


@pytest.fixture
async def org_id(anon: Any) -> int:
    """The id of the organization the test API key belongs to."""
    auth = {"Authorization": f"Bearer {await admin_token(anon)}"}
    me = (await anon.get("/api/auth/me", headers=auth)).json()["data"]["user"]
    default: int = next(o["id"] for o in me["organizations"] if o["slug"] == "default")
    return default


@pytest.fixture
async def order_template(client: Any, org_id: int) -> dict[str, Any]:
    r = await client.post(f"/api/templates/organizations/{org_id}", json=ORDER)
    assert r.status_code == 201, r.text
    template: dict[str, Any] = r.json()["data"]["template"]
    return template

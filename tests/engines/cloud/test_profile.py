"""A Cloud API number's own profile through ``PUT /api/sessions/{id}/profile``: Meta changes its
about; the display name and the picture are changed in WhatsApp Manager."""

from __future__ import annotations

import base64
from typing import Any

from tests.engines.cloud.conftest import create_cloud_session
from tests.messages.helpers import png_bytes
from tests.support import eventually


async def test_about_changes_on_meta_and_shows_with_the_session(client, graph):
    await create_cloud_session(client, graph, "meta_profile")

    async def reported() -> dict[str, Any] | None:
        session = (await client.get("/api/sessions/meta_profile")).json()["data"]["session"]
        return session["profile"] if session["profile"]["about"] else None

    assert (await eventually(reported))["about"] == "Pedidos de lunes a viernes"

    r = await client.put("/api/sessions/meta_profile/profile", json={"about": "Abierto 24 h"})
    assert r.status_code == 200, r.text
    assert graph.profile_changes == [{"messaging_product": "whatsapp", "about": "Abierto 24 h"}]
    profile = r.json()["data"]["profile"]
    assert profile == {
        "name": "Inbox Hub Test",
        "about": "Abierto 24 h",
        "profilePictureUrl": "https://pps.whatsapp.net/v/t61/profile.jpg",
        "isBusiness": True,
    }
    session = (await client.get("/api/sessions/meta_profile")).json()["data"]["session"]
    assert session["profile"] == profile


async def test_name_and_picture_are_refused_before_anything_changes(client, graph):
    await create_cloud_session(client, graph, "meta_profile")
    picture = {"base64": base64.b64encode(png_bytes()).decode()}
    for body, field in (
        ({"name": "Otra Tienda", "about": "Abierto"}, "name"),
        ({"about": "Abierto", "picture": picture}, "picture"),
        ({"about": "Abierto", "removePicture": True}, "removePicture"),
    ):
        r = await client.put("/api/sessions/meta_profile/profile", json=body)
        assert r.status_code == 501, r.text
        assert (r.json()["code"], r.json()["field"]) == ("ENGINE_NOT_SUPPORTED", field)
    assert graph.profile_changes == []


async def test_meta_refusing_the_about_is_an_engine_error(client, graph):
    await create_cloud_session(client, graph, "meta_profile")
    graph.numbers.clear()  # Meta no longer knows the number
    r = await client.put("/api/sessions/meta_profile/profile", json={"about": "Abierto"})
    assert r.status_code >= 400 and r.status_code != 500, r.text
    assert r.json()["success"] is False

"""The session's own profile (about, picture, business mark), read when it connects."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("neonize")

from neonize.events import ConnectedEv
from neonize.proto import Neonize_pb2 as N
from neonize.proto.waVnameCert.WAWebProtobufsVnameCert_pb2 import (
    VerifiedNameCertificate as Certificate,
)

from inboxhub.engines.events import ProfileUpdated
from inboxhub.engines.web import account
from tests.engines.web.conftest import Hosted
from tests.support import create_session, eventually

OWN = "34600000001"  # the number the ``online`` fixture's session is linked to


async def test_a_connected_session_reports_its_profile(online):
    session, fake = online()
    fake.users[OWN] = N.UserInfo(
        Status="Abierto de 9 a 18",
        VerifiedName=N.VerifiedName(Details=Certificate.Details(verifiedName="Tienda Sol")),
    )
    events: list[Any] = []
    session.emit = events.append
    session.push_name = "Tienda"
    session.on_linked = account.report_profile  # as the engine process wires it
    Hosted(session, []).dispatch(ConnectedEv(status=True))

    async def reported() -> list[ProfileUpdated]:
        return [e for e in events if isinstance(e, ProfileUpdated)]

    [profile] = await eventually(reported)
    assert (profile.name, profile.about, profile.is_business) == (
        "Tienda",
        "Abierto de 9 a 18",
        True,
    )
    assert profile.picture_url == f"https://pps.whatsapp.net/{OWN}.jpg"


async def test_the_profile_is_shown_with_the_session(client, app):
    await create_session(client, "profiled", engine="web")
    gateway_side = app.state.runtime.pool.get("profiled")
    gateway_side.receive(
        ProfileUpdated(
            session_id="profiled",
            name="Tienda",
            about="Abierto de 9 a 18",
            picture_url="https://pps.whatsapp.net/x.jpg",
            is_business=True,
        )
    )

    async def shown() -> dict[str, Any] | None:
        session = (await client.get("/api/sessions/profiled")).json()["data"]["session"]
        return session["profile"] if session["profile"]["about"] else None

    assert await eventually(shown) == {
        "name": "Tienda",
        "about": "Abierto de 9 a 18",
        "profilePictureUrl": "https://pps.whatsapp.net/x.jpg",
        "isBusiness": True,
    }
    # A later report that knows less keeps what was known.
    gateway_side.receive(ProfileUpdated(session_id="profiled", about=""))

    async def cleared() -> dict[str, Any] | None:
        session = (await client.get("/api/sessions/profiled")).json()["data"]["session"]
        return session["profile"] if not session["profile"]["about"] else None

    profile = await eventually(cleared)
    assert (profile["isBusiness"], profile["name"]) == (True, "Tienda")

"""The session's own profile (about, picture, business mark): read when it connects, changed
through the API."""

from __future__ import annotations

import io
from typing import Any

import pytest

pytest.importorskip("neonize")

from neonize.events import ConnectedEv
from neonize.exc import NeonizeError
from neonize.proto import Neonize_pb2 as N
from neonize.proto.waVnameCert.WAWebProtobufsVnameCert_pb2 import (
    VerifiedNameCertificate as Certificate,
)
from PIL import Image

from inboxhub.engines.base import EngineRateLimited, Media, NotConnected, ProfileChange
from inboxhub.engines.events import ProfileUpdated
from inboxhub.engines.web import account
from inboxhub.engines.web import operations as ops
from inboxhub.errors import EngineNotSupported, ValidationFailed
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


# ---- own profile ------------------------------------------------------------------------------


def _image(size: tuple[int, int], kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format=kind)
    return buffer.getvalue()


def test_profile_sets_name_about_and_a_square_jpeg_picture(online):
    session, fake = online()
    fake.users["34600000001"] = N.UserInfo(Status="Abierto de 9 a 18")
    change = ProfileChange(
        name="Tienda Sol",
        about="Abierto de 9 a 18",
        picture=Media(kind="image", data=_image((1200, 800)), mimetype="image/png"),
    )
    info = account.OPERATIONS["profile"](session, change=change)
    [name, about, (photo_call, photo)] = fake.calls
    assert (name, about, photo_call) == (
        ("SetPushName", "Tienda Sol"),
        ("SetStatusMessage", "Abierto de 9 a 18"),
        "SetProfilePhoto",
    )
    # WhatsApp keeps square JPEGs of at most 640 px: the centre of the image, scaled down.
    with Image.open(io.BytesIO(photo)) as sent:
        assert (sent.format, sent.size) == ("JPEG", (640, 640))
    assert (info.push_name, info.about) == ("Tienda Sol", "Abierto de 9 a 18")
    assert info.picture_url == "https://pps.whatsapp.net/34600000001.jpg"
    assert session.push_name == "Tienda Sol"


def test_profile_changes_only_the_parts_given(online):
    session, fake = online()
    session.push_name = "Tienda"
    fake.users["34600000001"] = N.UserInfo(Status="Nuevo horario")
    small = _image((200, 300), "JPEG")
    info = account.OPERATIONS["profile"](
        session,
        change=ProfileChange(
            about="Nuevo horario", picture=Media(kind="image", data=small, mimetype="image/jpeg")
        ),
    )
    assert [name for name, _ in fake.calls] == ["SetStatusMessage", "SetProfilePhoto"]
    assert (info.push_name, info.about) == ("Tienda", "Nuevo horario")


def test_profile_refusals_change_nothing(online):
    session, fake = online()
    # neonize cannot ask whatsmeow to remove the picture: refused before the name changes.
    with pytest.raises(EngineNotSupported) as refused:
        account.OPERATIONS["profile"](
            session, change=ProfileChange(name="Tienda", remove_picture=True)
        )
    assert refused.value.field == "removePicture"
    with pytest.raises(ValidationFailed) as bad:
        account.OPERATIONS["profile"](
            session,
            change=ProfileChange(
                name="Tienda",
                picture=Media(kind="image", data=b"\x89PNG broken", mimetype="image/png"),
            ),
        )
    assert bad.value.field == "picture"
    assert fake.calls == []


def test_profile_errors_of_whatsmeow_become_gateway_errors(online, hosted):
    session, fake = online()
    fake.profile_error = "server returned error 429: rate-overlimit"
    with pytest.raises(NeonizeError) as failed:
        account.OPERATIONS["profile"](session, change=ProfileChange(about="Hola"))
    assert isinstance(ops.classify(failed.value), EngineRateLimited)
    offline = hosted().session
    with pytest.raises(NotConnected):
        account.OPERATIONS["profile"](offline, change=ProfileChange(about="Hola"))


async def test_a_web_session_not_connected_is_refused(client):
    await create_session(client, "unlinked_web", engine="web")
    refused = await client.put("/api/sessions/unlinked_web/profile", json={"about": "Hola"})
    assert refused.status_code == 409, refused.text
    assert (refused.json()["code"], refused.json()["field"]) == (
        "SESSION_NOT_CONNECTED",
        "sessionId",
    )


def test_a_change_made_but_not_read_back_is_still_answered(online):
    session, fake = online()
    refusal = N.GetUserInfoReturnFunction(Error="server returned error 500")
    fake.GetUserInfo = lambda *args: refusal.SerializeToString()
    info = account.OPERATIONS["profile"](
        session, change=ProfileChange(name="Tienda", about="Abierto")
    )
    assert (info.push_name, info.about) == ("Tienda", "Abierto")
    assert [name for name, _ in fake.calls] == ["SetPushName", "SetStatusMessage"]

"""Sending through the Cloud API client against the local Graph server: every message type."""

from __future__ import annotations

import asyncio

import pytest

from inboxhub.engines.base import (
    ContactCards,
    EngineError,
    EngineRateLimited,
    InvalidRecipient,
    LocationPin,
    Media,
    MessageRef,
    MessageRejected,
    NotConnected,
    NotFoundOnEngine,
    OutsideServiceWindow,
    Reaction,
    TemplateMessage,
    Text,
)
from inboxhub.engines.events import Location
from inboxhub.errors import EngineNotSupported
from tests.engines.cloud.conftest import create_cloud_session, status_of
from tests.support import eventually

USER = "34657032985@s.whatsapp.net"
VCARD = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ana García\nN:García;Ana;;;\nORG:Tienda;Ventas\n"
    "TEL;type=CELL;waid=34600111222:+34 600 111 222\nEMAIL;type=WORK:ana@tienda.es\nEND:VCARD"
)


@pytest.fixture
async def cloud(app, client, graph):
    await create_cloud_session(client, graph, "meta_1")
    return app.state.runtime.pool.get("meta_1")


async def test_text_with_a_link_reply_and_our_reference(cloud, graph):
    result = await cloud.send_message(
        USER,
        Text(body="Mira https://example.com/catalogo", reference="msg-42"),
        reply_to=MessageRef(chat_id=USER, id="wamid.QUOTED", from_me=False),
    )
    assert result.id.startswith("wamid.")
    (body,) = graph.sent
    assert body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "34657032985",
        "type": "text",
        "text": {"body": "Mira https://example.com/catalogo", "preview_url": True},
        "context": {"message_id": "wamid.QUOTED"},
        "biz_opaque_callback_data": "msg-42",
    }
    await cloud.send_message("+34657032985", Text(body="sin enlace"))
    assert graph.sent[1]["text"] == {"body": "sin enlace", "preview_url": False}
    assert graph.sent[1]["to"] == "34657032985"


@pytest.mark.parametrize(
    ("kind", "mimetype", "extra", "expected"),
    [
        ("image", "image/jpeg", {"caption": "Foto"}, {"caption": "Foto"}),
        ("video", "video/mp4", {"caption": "Clip"}, {"caption": "Clip"}),
        ("audio", "audio/ogg", {"ptt": True}, {"voice": True}),
        ("audio", "audio/mpeg", {}, {}),
        (
            "document",
            "application/pdf",
            {"caption": "Factura", "filename": "factura.pdf"},
            {"caption": "Factura", "filename": "factura.pdf"},
        ),
        ("sticker", "image/webp", {"caption": "ignored"}, {}),
    ],
)
async def test_media_is_uploaded_then_sent_by_id(cloud, graph, kind, mimetype, extra, expected):
    data = b"\x00media-bytes-" + kind.encode()
    await cloud.send_message(USER, Media(kind=kind, data=data, mimetype=mimetype, **extra))
    (body,) = graph.sent
    media_id = body[kind]["id"]
    assert body["type"] == kind
    assert body[kind] == {"id": media_id, **expected}
    assert graph.uploads[media_id]["data"] == data
    assert graph.uploads[media_id]["mime_type"] == mimetype
    assert graph.uploads[media_id]["filename"].startswith(extra.get("filename", kind))


async def test_users_known_only_by_business_scoped_id(cloud, graph):
    await cloud.send_message("US.13491208655302741918@bsuid", Text(body="hola"))
    assert graph.sent[0]["recipient"] == "US.13491208655302741918"
    assert "to" not in graph.sent[0]


async def test_media_by_public_link(cloud, graph):
    await cloud.send_message(
        USER,
        Media(kind="image", data=b"", mimetype="image/png", link="https://cdn.example/a.png"),
    )
    assert graph.sent[0]["image"] == {"link": "https://cdn.example/a.png"}
    assert graph.uploads == {}


async def test_location_contacts_reaction_and_template(cloud, graph):
    await cloud.send_message(
        USER,
        LocationPin(
            location=Location(latitude=40.4168, longitude=-3.7038, name="Sol", address="Madrid")
        ),
    )
    await cloud.send_message(USER, ContactCards(display_name=None, vcards=[VCARD]))
    target = MessageRef(chat_id=USER, id="wamid.TARGET", from_me=False)
    await cloud.send_message(USER, Reaction(target=target, emoji="👍"))
    await cloud.send_message(USER, Reaction(target=target, emoji=""))
    sent = await cloud.send_message(
        USER,
        TemplateMessage(
            name="order_confirmed",
            language="es",
            components=[{"type": "body", "parameters": [{"type": "text", "text": "4711"}]}],
        ),
    )
    location, contacts, reaction, unreaction, template = graph.sent
    assert location["location"] == {
        "latitude": 40.4168,
        "longitude": -3.7038,
        "name": "Sol",
        "address": "Madrid",
    }
    (card,) = contacts["contacts"]
    assert card["name"] == {
        "formatted_name": "Ana García",
        "last_name": "García",
        "first_name": "Ana",
    }
    assert card["phones"] == [{"phone": "+34 600 111 222", "type": "CELL", "wa_id": "34600111222"}]
    assert card["emails"] == [{"email": "ana@tienda.es", "type": "WORK"}]
    assert card["org"] == {"company": "Tienda", "department": "Ventas"}
    assert reaction["reaction"] == {"message_id": "wamid.TARGET", "emoji": "👍"}
    assert unreaction["reaction"]["emoji"] == ""
    assert template["template"] == {
        "name": "order_confirmed",
        "language": {"code": "es"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": "4711"}]}],
    }
    assert sent.raw["messages"][0]["message_status"] == "accepted"


async def test_mark_read_sends_one_read_status_for_the_newest_incoming_message(cloud, graph):
    await cloud.mark_read(
        USER,
        [
            MessageRef(chat_id=USER, id="wamid.IN1", from_me=False),
            MessageRef(chat_id=USER, id="wamid.IN2", from_me=False),
            MessageRef(chat_id=USER, id="wamid.OUT", from_me=True),
        ],
    )
    assert graph.sent == [
        {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN2"},
    ]


async def test_download_media_follows_the_media_url_with_the_token(cloud, graph):
    media_id = graph.add_media(b"\xff\xd8jpeg-bytes", "image/jpeg")
    data, mimetype = await cloud.download_media({"id": media_id, "mime_type": "image/jpeg"})
    assert (data, mimetype) == (b"\xff\xd8jpeg-bytes", "image/jpeg")

    graph.tampered.add(media_id)
    with pytest.raises(EngineError, match="does not match the hash"):
        await cloud.download_media({"id": media_id})

    gone = graph.add_media(b"x", "image/png")
    graph.uploads.pop(gone)
    with pytest.raises(NotFoundOnEngine, match="7 days"):
        await cloud.download_media({"id": gone})


async def test_groups_statuses_and_edits_are_refused_with_the_reason(cloud):
    with pytest.raises(EngineNotSupported, match="groups"):
        await cloud.create_group("Equipo", ["34600000001"])
    with pytest.raises(EngineNotSupported, match="groups"):
        await cloud.send_message("120363025246125486@g.us", Text(body="hola"))
    with pytest.raises(EngineNotSupported, match="statuses"):
        await cloud.post_status(Text(body="hoy"))
    with pytest.raises(EngineNotSupported, match="editing"):
        await cloud.edit_message(MessageRef(chat_id=USER, id="wamid.X", from_me=True), "nuevo")
    with pytest.raises(EngineNotSupported, match="cannot delete"):
        await cloud.revoke_message(MessageRef(chat_id=USER, id="wamid.X", from_me=True))
    with pytest.raises(EngineNotSupported):
        await cloud.get_contacts()
    with pytest.raises(InvalidRecipient):
        await cloud.send_message("1234", Text(body="hola"))


async def test_outside_the_service_window_is_a_clear_conflict(cloud, graph):
    graph.fail_next(131047)
    with pytest.raises(OutsideServiceWindow) as raised:
        await cloud.send_message(USER, Text(body="¿Sigues ahí?"))
    assert raised.value.status_code == 409
    assert raised.value.code == "OUTSIDE_SERVICE_WINDOW"
    assert "template" in raised.value.message
    assert raised.value.details["graphCode"] == 131047
    assert graph.send_attempts == 1


async def test_throughput_errors_are_waited_out_and_retried(cloud, graph):
    graph.fail_next(130429, times=2)
    result = await cloud.send_message(USER, Text(body="hola"))
    assert graph.send_attempts == 3
    assert len(graph.sent) == 1
    assert result.id.startswith("wamid.")

    # Every rate limit is Meta's word that it took nothing: safe to send again.
    graph.fail_next(131056)
    graph.fail_next(4)
    await cloud.send_message(USER, Text(body="otra"))
    assert graph.send_attempts == 6


@pytest.mark.parametrize("code", [131000, 1, 2, "500"])
async def test_an_ambiguous_failure_of_a_send_is_never_retried(cloud, graph, code):
    """A 5xx or "something went wrong": Meta may have taken the message; a retry could
    deliver it twice."""
    graph.fail_next(code)
    with pytest.raises(EngineError, match="may or may not have been sent") as raised:
        await cloud.send_message(USER, Text(body="una vez"))
    assert raised.value.status_code == 502
    assert graph.send_attempts == 1


async def test_ambiguous_failures_of_safe_calls_are_retried(cloud, graph):
    graph.fail_next(131000)
    graph.fail_next("500")
    await cloud.mark_read(USER, [MessageRef(chat_id=USER, id="wamid.IN", from_me=False)])
    assert graph.send_attempts == 3


async def test_throughput_errors_that_persist_end_in_rate_limit_exceeded(cloud, graph):
    graph.fail_next(130429, times=10)
    with pytest.raises(EngineRateLimited) as raised:
        await cloud.send_message(USER, Text(body="hola"))
    assert raised.value.status_code == 429
    assert raised.value.code == "RATE_LIMIT_EXCEEDED"
    assert raised.value.headers and "Retry-After" in raised.value.headers
    assert graph.send_attempts == 5  # the first try and cloud_retry_attempts retries


async def test_terminal_errors_fail_at_once(cloud, graph):
    graph.fail_next(131026)
    with pytest.raises(InvalidRecipient, match="not a WhatsApp phone number"):
        await cloud.send_message(USER, Text(body="hola"))
    graph.fail_next(132001)
    with pytest.raises(MessageRejected, match="does not exist"):
        await cloud.send_message(USER, TemplateMessage(name="order_confirmed", language="es"))
    assert graph.send_attempts == 2


async def test_a_revoked_token_disconnects_the_session(cloud, client, graph):
    graph.token = "EAArotated"
    with pytest.raises(NotConnected, match="credentials"):
        await cloud.send_message(USER, Text(body="hola"))

    async def disconnected():
        status = await status_of(client, "meta_1")
        return status if status["status"] == "disconnected" else None

    status = await eventually(disconnected)
    assert status["lastDisconnectReason"].startswith("invalid_credentials: 190")
    with pytest.raises(NotConnected):
        await cloud.send_message(USER, Text(body="hola"))


async def test_sends_are_paced_per_number(app, client, graph):
    await create_cloud_session(client, graph, "meta_slow", throughputPerSecond=1)
    cloud = app.state.runtime.pool.get("meta_slow")
    await asyncio.gather(*(cloud.send_message(USER, Text(body=f"n{i}")) for i in range(2)))
    assert len(graph.sent_at) == 2
    # Meta's limit is per second: the second message waited for the next second.
    assert graph.sent_at[1] - graph.sent_at[0] >= 0.5

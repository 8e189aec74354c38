"""Outbound content → WhatsApp protobufs, read back by the inbound mapping."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest

pytest.importorskip("neonize")

from neonize.proto import Neonize_pb2 as N
from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import Message
from neonize.utils.enum import MediaType
from PIL import Image

from inboxhub.engines.base import (
    ContactCards,
    LocationPin,
    Media,
    MessageRef,
    Reaction,
    StatusText,
    TemplateMessage,
    Text,
)
from inboxhub.engines.events import Location
from inboxhub.engines.web import outbound
from inboxhub.engines.web.content import parse_content
from inboxhub.errors import EngineNotSupported, ValidationFailed

ANA = "34611111111@s.whatsapp.net"
GROUP = "120363000000000001@g.us"


class MediaServer:
    """Stands in for WhatsApp's media upload: answers like whatsmeow's ``Upload``."""

    def __init__(self) -> None:
        self.uploads: list[tuple[bytes, MediaType]] = []

    def upload(self, data: bytes, media_type: MediaType) -> N.UploadResponse:
        self.uploads.append((data, media_type))
        digest = hashlib.sha256(data).digest()
        return N.UploadResponse(
            url=f"https://mmg.whatsapp.net/d/{digest.hex()[:8]}",
            DirectPath=f"/d/{digest.hex()[:8]}",
            MediaKey=b"k" * 32,
            FileEncSHA256=b"e" * 32,
            FileSHA256=digest,
            FileLength=len(data),
        )


def png(width: int = 40, height: int = 20) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def build(content: Any, **context: Any) -> tuple[Any, MediaServer]:
    server = MediaServer()
    info = outbound.context_info(
        mentions=context.get("mentions", []),
        reply=context.get("reply"),
        own_jid="34600000001@s.whatsapp.net",
        quoted=context.get("quoted"),
    )
    return outbound.build(server, content, info), server


def test_plain_text_is_a_conversation():
    message, _ = build(Text(body="Hola"))
    assert message.conversation == "Hola"
    assert parse_content(message).text == "Hola"


def test_mentions_and_reply_travel_in_context_info():
    reply = MessageRef(chat_id=GROUP, id="QUOTED1", from_me=False, sender_id=ANA)
    message, _ = build(
        Text(body="@34622222222 mira", mentions=["34622222222"]),
        mentions=["34622222222"],
        reply=reply,
        quoted=Message(conversation="original"),
    )
    context = message.extendedTextMessage.contextInfo
    assert list(context.mentionedJID) == ["34622222222@s.whatsapp.net"]
    assert (context.stanzaID, context.participant) == ("QUOTED1", ANA)
    assert context.quotedMessage.conversation == "original"
    content = parse_content(message)
    assert (content.quoted_id, content.mentions) == ("QUOTED1", ["34622222222@s.whatsapp.net"])


def test_reply_to_own_message_names_the_session_as_author():
    reply = MessageRef(chat_id=ANA, id="MINE1", from_me=True)
    message, _ = build(Text(body="again"), reply=reply)
    assert message.extendedTextMessage.contextInfo.participant == "34600000001@s.whatsapp.net"


def test_image_is_uploaded_with_size_and_preview():
    data = png()
    message, server = build(Media(kind="image", data=data, mimetype="image/png", caption="Rojo"))
    assert server.uploads == [(data, MediaType.MediaImage)]
    image = message.imageMessage
    assert (image.caption, image.mimetype, image.width, image.height) == (
        "Rojo",
        "image/png",
        40,
        20,
    )
    assert image.fileLength == len(data) and image.directPath.startswith("/d/")
    assert Image.open(io.BytesIO(image.JPEGThumbnail)).format == "JPEG"
    content = parse_content(message)
    assert (content.type, content.caption, content.media.size) == ("image", "Rojo", len(data))


def test_document_keeps_its_name():
    message, server = build(
        Media(kind="document", data=b"%PDF-1.4 x", mimetype="application/pdf", filename="f.pdf")
    )
    assert server.uploads[0][1] == MediaType.MediaDocument
    assert (message.documentMessage.fileName, message.documentMessage.mimetype) == (
        "f.pdf",
        "application/pdf",
    )
    assert parse_content(message).media.filename == "f.pdf"


def test_voice_note_is_marked_opus():
    message, server = build(Media(kind="audio", data=b"OggS fake", mimetype="audio/ogg", ptt=True))
    assert server.uploads[0][1] == MediaType.MediaAudio
    assert message.audioMessage.PTT is True
    assert message.audioMessage.mimetype == "audio/ogg; codecs=opus"
    assert parse_content(message).media.ptt is True


def test_sticker_from_png_becomes_512_webp():
    message, server = build(Media(kind="sticker", data=png(100, 50), mimetype="image/png"))
    uploaded, _ = server.uploads[0]
    with Image.open(io.BytesIO(uploaded)) as sticker:
        assert (sticker.format, sticker.size) == ("WEBP", (512, 512))
    assert message.stickerMessage.mimetype == "image/webp"
    assert message.stickerMessage.isAnimated is False


def test_empty_media_is_refused():
    with pytest.raises(ValidationFailed):
        build(Media(kind="image", data=b"", mimetype="image/png"))


def test_location_and_reply():
    reply = MessageRef(chat_id=ANA, id="Q", from_me=False, sender_id=ANA)
    pin = LocationPin(location=Location(latitude=40.4, longitude=-3.7, name="Madrid"))
    message, _ = build(pin, reply=reply)
    assert (message.locationMessage.degreesLatitude, message.locationMessage.name) == (
        40.4,
        "Madrid",
    )
    content = parse_content(message)
    assert (content.type, content.quoted_id) == ("location", "Q")


def test_one_and_several_contact_cards():
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Juan Pérez\nTEL:+34612345678\nEND:VCARD"
    one, _ = build(ContactCards(display_name=None, vcards=[card]))
    assert one.contactMessage.displayName == "Juan Pérez"
    many, _ = build(ContactCards(display_name="Equipo", vcards=[card, card]))
    assert many.contactsArrayMessage.displayName == "Equipo"
    assert len(many.contactsArrayMessage.contacts) == 2
    assert parse_content(many).vcards == [card, card]


def test_reaction_in_a_group_names_the_author():
    target = MessageRef(chat_id=GROUP, id="T1", from_me=False, sender_id=ANA)
    message, _ = build(Reaction(target=target, emoji="❤️"))
    key = message.reactionMessage.key
    assert (key.remoteJID, key.ID, key.fromMe, key.participant) == (GROUP, "T1", False, ANA)
    content = parse_content(message)
    assert (content.reaction, content.reaction_target_id) == ("❤️", "T1")


def test_revoke_own_message_in_a_chat():
    message = outbound.revoke_message(MessageRef(chat_id=ANA, id="MINE", from_me=True))
    key = message.protocolMessage.key
    assert (key.ID, key.fromMe, key.remoteJID, key.participant) == ("MINE", True, ANA, "")


def test_status_text_is_a_coloured_card():
    server = MediaServer()
    message = outbound.build(server, Text(body="Abierto"), None, status=True)
    assert message.extendedTextMessage.text == "Abierto"
    assert message.extendedTextMessage.backgroundArgb != 0


@pytest.mark.parametrize(
    ("color", "font", "argb", "font_sent"),
    [
        ("#25D366", 7, 0xFF25D366, 7),
        ("#8025D366", 1, 0x8025D366, 1),
        (None, 4, 0xFF128C7E, 0),  # no font 4 in WhatsApp: its default
    ],
)
def test_status_text_keeps_its_colour_and_font(color, font, argb, font_sent):
    content = StatusText(body="Abierto", background_color=color, font=font)
    message = outbound.build(MediaServer(), content, None, status=True)
    assert message.extendedTextMessage.backgroundArgb == argb
    assert message.extendedTextMessage.font == font_sent


def test_templates_are_a_cloud_api_feature():
    with pytest.raises(EngineNotSupported) as refused:
        build(TemplateMessage(name="welcome", language="es"))
    assert refused.value.code == "ENGINE_NOT_SUPPORTED"

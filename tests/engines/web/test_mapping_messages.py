"""Live messages → ``MessageReceived`` / ``MessageEdited`` / ``MessageRevoked``, delivered
through neonize's own dispatch path."""

from __future__ import annotations

import pytest

pytest.importorskip("neonize")

from neonize.proto.waCommon.WACommon_pb2 import MessageKey
from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import (
    AudioMessage,
    ContactMessage,
    ContactsArrayMessage,
    ContextInfo,
    DocumentMessage,
    ExtendedTextMessage,
    FutureProofMessage,
    ImageMessage,
    LocationMessage,
    Message,
    ProtocolMessage,
    ReactionMessage,
    StickerMessage,
    VideoMessage,
)

from inboxhub.engines.events import MessageEdited, MessageRevoked
from tests.engines.web.neonize_events import ANA, SENT_AT, jid, message_event, received


def test_text_message(hosted):
    h = hosted()
    event = received(h.dispatch(message_event(Message(conversation="Hola"))))
    m = event.message
    assert event.history is False
    assert (m.id, m.type, m.text, m.from_me) == ("3EB0AA01", "text", "Hola", False)
    assert m.chat_id == m.sender_id == f"{ANA}@s.whatsapp.net"  # device ":3" dropped
    assert m.sender_phone == ANA
    assert m.push_name == "Ana"
    assert m.timestamp == SENT_AT  # milliseconds
    assert not m.is_group and not m.is_status


def test_hidden_lid_sender_maps_to_phone_number(hosted):
    h = hosted()
    lid = jid("123456789012345", "lid")
    event = received(
        h.dispatch(
            message_event(Message(conversation="hi"), chat=lid, sender=lid, sender_alt=jid(ANA))
        )
    )
    assert event.message.sender_id == "123456789012345@lid"
    assert event.message.sender_phone == ANA
    assert event.message.chat_id == f"{ANA}@s.whatsapp.net"


def test_lid_without_known_number_stays_lid(hosted):
    h = hosted()
    lid = jid("987654321098765", "lid")
    m = received(h.dispatch(message_event(Message(conversation="?"), chat=lid, sender=lid))).message
    assert (m.chat_id, m.sender_id, m.sender_phone) == (
        "987654321098765@lid",
        "987654321098765@lid",
        None,
    )


def test_group_reply_with_mentions(hosted):
    h = hosted()
    group = jid("120363000000000001", "g.us")
    text = ExtendedTextMessage(
        text="@34622222222 look",
        contextInfo=ContextInfo(
            stanzaID="QUOTED1",
            participant=f"{ANA}@s.whatsapp.net",
            mentionedJID=["34622222222@s.whatsapp.net"],
        ),
    )
    m = received(
        h.dispatch(message_event(Message(extendedTextMessage=text), chat=group, group=True))
    ).message
    assert m.is_group and m.chat_id == "120363000000000001@g.us"
    assert m.sender_id == f"{ANA}@s.whatsapp.net"
    assert m.quoted_id == "QUOTED1"
    assert m.mentions == ["34622222222@s.whatsapp.net"]


def test_image_with_caption_keeps_a_download_reference(hosted):
    h = hosted()
    image = ImageMessage(
        URL="https://mmg.whatsapp.net/v/t62/abc",
        mimetype="image/jpeg",
        caption="Mira",
        fileLength=245678,
        fileSHA256=b"\x01" * 32,
        fileEncSHA256=b"\x02" * 32,
        mediaKey=b"\x03" * 32,
        directPath="/v/t62/abc",
    )
    m = received(h.dispatch(message_event(Message(imageMessage=image)))).message
    assert (m.type, m.text, m.caption) == ("image", "Mira", "Mira")
    assert m.media is not None
    assert (m.media.mimetype, m.media.size, m.media.url) == (
        "image/jpeg",
        245678,
        "https://mmg.whatsapp.net/v/t62/abc",
    )
    assert m.media.sha256 == "01" * 32
    ref = m.media.engine_ref
    assert ref is not None
    assert (ref["engine"], ref["kind"], ref["directPath"], ref["fileLength"]) == (
        "web",
        "image",
        "/v/t62/abc",
        245678,
    )
    assert ref["mediaKey"] == "AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM="


@pytest.mark.parametrize(
    ("message", "kind", "check"),
    [
        (
            Message(
                documentMessage=DocumentMessage(
                    mimetype="application/pdf", fileName="factura.pdf", caption="Factura"
                )
            ),
            "document",
            lambda m: m.media.filename == "factura.pdf" and m.caption == "Factura",
        ),
        (
            Message(
                audioMessage=AudioMessage(mimetype="audio/ogg; codecs=opus", PTT=True, seconds=7)
            ),
            "audio",
            lambda m: m.media.ptt and m.media.duration_seconds == 7,
        ),
        (
            Message(videoMessage=VideoMessage(mimetype="video/mp4", seconds=12)),
            "video",
            lambda m: m.media.duration_seconds == 12,
        ),
        (
            Message(stickerMessage=StickerMessage(mimetype="image/webp")),
            "sticker",
            lambda m: m.media.mimetype == "image/webp",
        ),
    ],
)
def test_media_kinds(hosted, message, kind, check):
    m = received(hosted().dispatch(message_event(message))).message
    assert m.type == kind
    assert check(m)


def test_location(hosted):
    pin = LocationMessage(
        degreesLatitude=40.4168, degreesLongitude=-3.7038, name="Madrid", address="Plaza Mayor"
    )
    m = received(hosted().dispatch(message_event(Message(locationMessage=pin)))).message
    assert m.type == "location"
    assert m.location is not None
    assert (m.location.latitude, m.location.longitude) == (40.4168, -3.7038)
    assert (m.location.name, m.location.address) == ("Madrid", "Plaza Mayor")


def test_contact_and_contact_list(hosted):
    h = hosted()
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Juan\nTEL;waid=34612345678:+34612345678\nEND:VCARD"
    one = received(
        h.dispatch(
            message_event(Message(contactMessage=ContactMessage(displayName="Juan", vcard=card)))
        )
    ).message
    assert (one.type, one.contact_display_name, one.vcards) == ("contact", "Juan", [card])
    many = received(
        h.dispatch(
            message_event(
                Message(
                    contactsArrayMessage=ContactsArrayMessage(
                        displayName="2 contactos",
                        contacts=[ContactMessage(vcard=card), ContactMessage(vcard=card)],
                    )
                ),
                message_id="3EB0AA02",
            )
        )
    ).message
    assert many.vcards == [card, card]


def test_reaction(hosted):
    reaction = ReactionMessage(
        key=MessageKey(ID="TARGET1", remoteJID=f"{ANA}@s.whatsapp.net"), text="👍"
    )
    m = received(hosted().dispatch(message_event(Message(reactionMessage=reaction)))).message
    assert (m.type, m.reaction, m.reaction_target_id) == ("reaction", "👍", "TARGET1")


def test_edit_and_revoke(hosted):
    h = hosted()
    edit = Message(
        protocolMessage=ProtocolMessage(
            type=ProtocolMessage.MESSAGE_EDIT,
            key=MessageKey(ID="ORIGINAL1"),
            editedMessage=Message(conversation="corrected"),
        )
    )
    [edited] = h.dispatch(message_event(edit, message_id="EDIT1"))
    assert isinstance(edited, MessageEdited)
    assert (edited.message_id, edited.new_text, edited.chat_id) == (
        "ORIGINAL1",
        "corrected",
        f"{ANA}@s.whatsapp.net",
    )
    revoke = Message(
        protocolMessage=ProtocolMessage(type=ProtocolMessage.REVOKE, key=MessageKey(ID="ORIGINAL1"))
    )
    [revoked] = h.dispatch(message_event(revoke, message_id="REVOKE1"))
    assert isinstance(revoked, MessageRevoked)
    assert revoked.message_id == "ORIGINAL1"
    assert revoked.timestamp == SENT_AT


def test_wrapped_edit_is_unwrapped(hosted):
    inner = Message(
        protocolMessage=ProtocolMessage(
            type=ProtocolMessage.MESSAGE_EDIT,
            key=MessageKey(ID="ORIGINAL2"),
            editedMessage=Message(extendedTextMessage=ExtendedTextMessage(text="v2")),
        )
    )
    wrapped = Message(editedMessage=FutureProofMessage(message=inner))
    [edited] = hosted().dispatch(message_event(wrapped))
    assert isinstance(edited, MessageEdited)
    assert edited.new_text == "v2"


def test_status_from_a_contact(hosted):
    status = jid("status", "broadcast")
    m = received(hosted().dispatch(message_event(Message(conversation="Hoy"), chat=status))).message
    assert m.is_status and m.chat_id == "status@broadcast"
    assert m.sender_id == f"{ANA}@s.whatsapp.net"


def test_protocol_noise_is_dropped(hosted):
    noise = Message(protocolMessage=ProtocolMessage(type=ProtocolMessage.EPHEMERAL_SETTING))
    assert hosted().dispatch(message_event(noise)) == []

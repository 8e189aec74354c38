"""neonize events → normalized events, delivered through neonize's own dispatch path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("neonize")

from neonize.events import (
    ConnectedEv,
    ConnectFailureEv,
    DisconnectedEv,
    GroupInfoEv,
    HistorySyncEv,
    JoinedGroupEv,
    LoggedOutEv,
    MessageEv,
    PairStatusEv,
    ReceiptEv,
    StreamReplacedEv,
    TemporaryBanEv,
)
from neonize.proto import Neonize_pb2 as N
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
from neonize.proto.waHistorySync.WAWebProtobufsHistorySync_pb2 import (
    Conversation,
    HistorySync,
    HistorySyncMsg,
    PhoneNumberToLIDMapping,
    Pushname,
)
from neonize.proto.waWeb.WAWebProtobufsWeb_pb2 import WebMessageInfo

from inboxhub.engines.events import (
    ContactUpdated,
    GroupChanged,
    LoggedOut,
    MessageEdited,
    MessageReceived,
    MessageRevoked,
    PairSuccess,
    QRCode,
    Receipt,
    StateChanged,
    StatusViewed,
)

ANA = "34611111111"
SENT_AT_MS = 1_700_000_000_123
SENT_AT = datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC)


def jid(user: str, server: str = "s.whatsapp.net", device: int = 0) -> N.JID:
    return N.JID(User=user, Server=server, Device=device)


def message_event(
    message: Message,
    *,
    chat: N.JID | None = None,
    sender: N.JID | None = None,
    message_id: str = "3EB0AA01",
    from_me: bool = False,
    group: bool = False,
    sender_alt: N.JID | None = None,
) -> MessageEv:
    source = N.MessageSource(
        Chat=chat or jid(ANA),
        Sender=sender or jid(ANA, device=3),
        IsFromMe=from_me,
        IsGroup=group,
    )
    if sender_alt is not None:
        source.SenderAlt.CopyFrom(sender_alt)
    info = N.MessageInfo(
        MessageSource=source,
        ID=message_id,
        Timestamp=SENT_AT_MS,
        Pushname="Ana",
        Type="text",
    )
    return MessageEv(Info=info, Message=message)


def received(events: list) -> MessageReceived:
    assert len(events) == 1, events
    assert isinstance(events[0], MessageReceived)
    return events[0]


# ---- messages ---------------------------------------------------------------------------------


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


# ---- receipts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (N.Receipt.DELIVERED, "delivered"),
        (N.Receipt.READ, "read"),
        (N.Receipt.PLAYED, "played"),
        (N.Receipt.SERVER_ERROR, "failed"),
    ],
)
def test_receipts(hosted, kind, status):
    receipt = ReceiptEv(
        MessageSource=N.MessageSource(Chat=jid(ANA), Sender=jid(ANA)),
        MessageIDs=["OUT1", "OUT2"],
        Timestamp=1_700_000_000,  # seconds
        Type=kind,
    )
    [event] = hosted().dispatch(receipt)
    assert isinstance(event, Receipt)
    assert (event.status, event.message_ids, event.chat_id) == (
        status,
        ["OUT1", "OUT2"],
        f"{ANA}@s.whatsapp.net",
    )
    assert event.timestamp == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert (event.error is not None) == (status == "failed")


def test_retry_receipts_are_not_statuses(hosted):
    retry = ReceiptEv(
        MessageSource=N.MessageSource(Chat=jid(ANA), Sender=jid(ANA)),
        MessageIDs=["OUT1"],
        Type=N.Receipt.RETRY,
    )
    assert hosted().dispatch(retry) == []


def test_status_view(hosted):
    viewed = ReceiptEv(
        MessageSource=N.MessageSource(Chat=jid("status", "broadcast"), Sender=jid(ANA)),
        MessageIDs=["STATUS1"],
        Timestamp=1_700_000_000,
        Type=N.Receipt.READ,
    )
    [event] = hosted().dispatch(viewed)
    assert isinstance(event, StatusViewed)
    assert (event.status_id, event.viewer_id) == ("STATUS1", f"{ANA}@s.whatsapp.net")


# ---- history ----------------------------------------------------------------------------------


def test_history_sync_is_flagged_as_history(hosted):
    def stored(message_id: str, message: Message, **key: object) -> HistorySyncMsg:
        return HistorySyncMsg(
            message=WebMessageInfo(
                key=MessageKey(remoteJID=f"{ANA}@s.whatsapp.net", ID=message_id, **key),
                message=message,
                messageTimestamp=1_699_000_000,  # seconds
                pushName="Ana",
            )
        )

    data = HistorySync(
        syncType=HistorySync.INITIAL_BOOTSTRAP,
        conversations=[
            Conversation(
                ID=f"{ANA}@s.whatsapp.net",
                messages=[
                    stored("OLD1", Message(conversation="old"), fromMe=False),
                    stored(
                        "OLD2",
                        Message(
                            ephemeralMessage=FutureProofMessage(
                                message=Message(conversation="mine")
                            )
                        ),
                        fromMe=True,
                    ),
                    HistorySyncMsg(
                        message=WebMessageInfo(
                            key=MessageKey(remoteJID=f"{ANA}@s.whatsapp.net", ID="STUB1"),
                            messageStubType=WebMessageInfo.E2E_ENCRYPTED,
                        )
                    ),
                ],
            )
        ],
        pushnames=[Pushname(ID=f"{ANA}@s.whatsapp.net", pushname="Ana")],
        phoneNumberToLidMappings=[
            PhoneNumberToLIDMapping(pnJID=f"{ANA}@s.whatsapp.net", lidJID="123456789012345@lid")
        ],
    )
    events = hosted().dispatch(HistorySyncEv(Data=data))
    messages = [e for e in events if isinstance(e, MessageReceived)]
    contacts = [e for e in events if isinstance(e, ContactUpdated)]
    assert [m.message.id for m in messages] == ["OLD1", "OLD2"]  # the stub is skipped
    assert all(m.history for m in messages)
    assert messages[0].message.timestamp == datetime.fromtimestamp(1_699_000_000, UTC)
    assert (messages[1].message.text, messages[1].message.from_me) == ("mine", True)
    assert {(c.jid, c.lid, c.push_name) for c in contacts} == {
        (f"{ANA}@s.whatsapp.net", "123456789012345@lid", None),
        (f"{ANA}@s.whatsapp.net", None, "Ana"),
    }


# ---- groups -----------------------------------------------------------------------------------


def test_group_changes(hosted):
    change = GroupInfoEv(
        JID=jid("120363000000000001", "g.us"),
        Sender=jid(ANA),
        Timestamp=1_700_000_000,
        Name=N.GroupName(Name="Ventas"),
        Join=[jid("34622222222"), jid("34633333333")],
        Promote=[jid("34622222222")],
    )
    events = hosted().dispatch(change)
    assert all(isinstance(e, GroupChanged) for e in events)
    assert [(e.change, e.participants, e.subject) for e in events] == [
        ("subject", [], "Ventas"),
        ("add", ["34622222222@s.whatsapp.net", "34633333333@s.whatsapp.net"], None),
        ("promote", ["34622222222@s.whatsapp.net"], None),
    ]
    assert {e.actor_id for e in events} == {f"{ANA}@s.whatsapp.net"}


def test_joined_a_new_group(hosted):
    joined = JoinedGroupEv(
        Type="new",
        GroupInfo=N.GroupInfo(
            JID=jid("120363000000000002", "g.us"),
            GroupName=N.GroupName(Name="Equipo"),
            Participants=[
                N.GroupParticipant(JID=jid("111", "lid"), PhoneNumber=jid(ANA), IsAdmin=True)
            ],
        ),
    )
    [event] = hosted().dispatch(joined)
    assert isinstance(event, GroupChanged)
    assert (event.change, event.subject, event.participants) == (
        "created",
        "Equipo",
        [f"{ANA}@s.whatsapp.net"],
    )


# ---- connection -------------------------------------------------------------------------------


def test_qr_codes_rotate(hosted):
    h = hosted()
    first = h.show_qr("2@first,key1,key2,adv")
    assert isinstance(first[0], QRCode) and first[0].code == "2@first,key1,key2,adv"
    assert isinstance(first[1], StateChanged) and first[1].state == "qr_code"
    ttl = first[0].expires_at - datetime.now(UTC)
    assert timedelta(seconds=55) < ttl <= timedelta(seconds=60)
    second = h.show_qr("2@second,key1,key2,adv")
    assert [type(e) for e in second] == [QRCode]  # same state, no repeated status event
    assert second[0].expires_at - datetime.now(UTC) <= timedelta(seconds=20)
    assert h.session.state == "qr_code"


def test_pairing_then_connected(hosted):
    h = hosted()
    h.show_qr("2@login,k,k,k")
    [paired, connecting] = h.dispatch(
        PairStatusEv(ID=jid("34600000001", device=12), Status=N.PairStatus.SUCCESS)
    )
    assert isinstance(paired, PairSuccess) and paired.phone_number == "34600000001"
    assert isinstance(connecting, StateChanged) and connecting.state == "connecting"
    # neonize hands the logged-in device first (event code 0), then Connected.
    assert h.dispatch(N.Device(JID=jid("34600000001", device=12), PushName="Tienda")) == []
    [connected] = h.dispatch(ConnectedEv(status=True))
    assert isinstance(connected, StateChanged)
    assert (connected.state, connected.phone_number, connected.push_name) == (
        "connected",
        "34600000001",
        "Tienda",
    )
    [dropped] = h.dispatch(DisconnectedEv(status=True))
    assert (dropped.state, dropped.reason) == ("connecting", "connection_lost")


def test_logged_out_from_phone(hosted):
    h = hosted()
    h.session.phone_number = "34600000001"
    events = h.dispatch(LoggedOutEv(OnConnect=False, Reason=N.LOGGED_OUT))
    assert isinstance(events[0], LoggedOut) and events[0].reason == "logged_out_from_phone"
    assert isinstance(events[1], StateChanged)
    assert (events[1].state, events[1].reason) == ("disconnected", "logged_out_from_phone")
    assert h.session.phone_number is None


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        (StreamReplacedEv(), "stream_replaced"),
        (
            TemporaryBanEv(Code=N.TemporaryBan.SEND_TO_TOO_MANY_PEOPLE, Expire=3600),
            "temporary_ban: send_to_too_many_people (expires in 3600)",
        ),
        (
            ConnectFailureEv(Reason=N.CLIENT_OUTDATED, Message="405"),
            "connect_failure: client_outdated 405",
        ),
    ],
)
def test_terminal_failures(hosted, event, reason):
    [state] = hosted().dispatch(event)
    assert isinstance(state, StateChanged)
    assert (state.state, state.reason) == ("disconnected", reason)


def test_connect_failure_that_means_logged_out(hosted):
    events = hosted().dispatch(ConnectFailureEv(Reason=N.MAIN_DEVICE_GONE))
    assert [type(e) for e in events] == [LoggedOut, StateChanged]
    assert events[1].reason == "main_device_gone"

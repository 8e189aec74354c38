"""Every operation of a web session, through neonize's real Python layer, answered by a stand-in
for whatsmeow at neonize's Go boundary."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

pytest.importorskip("neonize")

from neonize.proto import Neonize_pb2 as N
from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import DocumentMessage, Message
from neonize.utils.enum import MediaType

from inboxhub.engines.base import (
    EngineError,
    EngineRateLimited,
    InvalidRecipient,
    Media,
    MessageRef,
    NotConnected,
    NotFoundOnEngine,
    Reaction,
    Text,
)
from inboxhub.engines.web import account
from inboxhub.engines.web import operations as ops
from inboxhub.engines.web.content import media_info
from inboxhub.errors import EngineNotSupported, ValidationFailed
from tests.engines.web.fake_whatsmeow import SENT_AT

ANA = "34611111111@s.whatsapp.net"
BEA = "34622222222@s.whatsapp.net"
GROUP = "120363000000000099@g.us"


def jid_text(jid: N.JID) -> str:
    return f"{jid.User}@{jid.Server}"


# ---- messaging --------------------------------------------------------------------------------


def test_send_text_reply_quotes_the_remembered_message(online):
    session, fake = online()
    session.remember("IN1", Message(conversation="¿Tenéis talla M?"))
    reply = MessageRef(chat_id=ANA, id="IN1", from_me=False, sender_id=ANA)
    result = ops.send(session, to="+34 611 111 111", content=Text(body="Sí"), reply_to=reply)
    assert result.id == "3EB0FAKE0001"
    assert result.timestamp == datetime.fromtimestamp(SENT_AT, UTC)  # seconds
    [(to, message)] = fake.sent()
    assert jid_text(to) == ANA
    context = message.extendedTextMessage.contextInfo
    assert (message.extendedTextMessage.text, context.stanzaID) == ("Sí", "IN1")
    assert context.quotedMessage.conversation == "¿Tenéis talla M?"
    # What was sent is remembered too, so a later reply to it quotes it.
    assert session.recent_message("3EB0FAKE0001").extendedTextMessage.text == "Sí"


def test_send_document_uploads_then_sends(online):
    session, fake = online()
    ops.send(
        session,
        to=ANA,
        content=Media(
            kind="document", data=b"%PDF-1.4", mimetype="application/pdf", filename="f.pdf"
        ),
    )
    assert [name for name, _ in fake.calls] == ["Upload", "SendMessage"]
    assert fake.calls[0][1] == (b"%PDF-1.4", MediaType.MediaDocument.value)
    [(_, message)] = fake.sent()
    assert message.documentMessage.directPath == "/v/t62/upload"
    assert message.documentMessage.fileName == "f.pdf"


def test_reaction_edit_and_revoke(online):
    session, fake = online()
    mine = MessageRef(chat_id=GROUP, id="MINE1", from_me=True)
    theirs = MessageRef(chat_id=GROUP, id="THEIRS1", from_me=False, sender_id=BEA)
    ops.send(session, to=GROUP, content=Reaction(target=theirs, emoji="🔥"))
    ops.edit(session, target=mine, text="fixed")
    ops.revoke(session, target=mine)
    reaction, edit, revoke = (message for _, message in fake.sent())
    assert (reaction.reactionMessage.key.participant, reaction.reactionMessage.text) == (BEA, "🔥")
    protocol = edit.editedMessage.message.protocolMessage
    assert (protocol.key.ID, protocol.editedMessage.conversation) == ("MINE1", "fixed")
    assert (revoke.protocolMessage.key.ID, revoke.protocolMessage.key.fromMe) == ("MINE1", True)
    with pytest.raises(ValidationFailed):
        ops.edit(session, target=theirs, text="not mine")


def test_mark_read_acknowledges_each_author(online):
    session, fake = online()
    refs = [
        MessageRef(chat_id=GROUP, id="A1", from_me=False, sender_id=ANA),
        MessageRef(chat_id=GROUP, id="B1", from_me=False, sender_id=BEA),
        MessageRef(chat_id=GROUP, id="A2", from_me=False, sender_id=ANA),
        MessageRef(chat_id=GROUP, id="OWN", from_me=True),
    ]
    ops.mark_read(session, chat_id=GROUP, refs=refs)
    receipts = [args for name, args in fake.calls if name == "MarkRead"]
    assert [
        (ids, jid_text(chat), jid_text(sender), kind) for ids, chat, sender, kind in receipts
    ] == [
        (["A1", "A2"], GROUP, ANA, b"read"),
        (["B1"], GROUP, BEA, b"read"),
    ]


def test_download_uses_the_reference_of_the_received_message(online):
    session, fake = online()
    document = DocumentMessage(
        mimetype="application/pdf",
        directPath="/v/t62/doc",
        mediaKey=b"m" * 32,
        fileEncSHA256=b"x" * 32,
        fileSHA256=b"y" * 32,
        fileLength=17,
    )
    ref = media_info("document", document, "application/octet-stream").engine_ref
    data, mimetype = ops.download(session, ref=ref)
    assert (data, mimetype) == (b"%PDF-1.4 the file", "application/pdf")
    [(name, (path, enc, file_hash, key, length, media_type, mms))] = fake.calls
    assert (name, path, enc, file_hash, key, length) == (
        "DownloadMediaWithPath",
        "/v/t62/doc",
        b"x" * 32,
        b"y" * 32,
        b"m" * 32,
        17,
    )
    assert (media_type, mms) == (MediaType.MediaDocument.value, b"document")
    with pytest.raises(ValidationFailed):
        ops.download(session, ref={"kind": "image"})


def test_media_whatsapp_no_longer_serves_is_not_found(online):
    session, fake = online()
    document = DocumentMessage(
        mimetype="application/pdf",
        directPath="/v/t62/old",
        mediaKey=b"m" * 32,
        fileEncSHA256=b"x" * 32,
        fileSHA256=b"y" * 32,
        fileLength=17,
    )
    ref = media_info("document", document, "application/pdf").engine_ref
    fake.download_error = "download failed with status code 410"
    with pytest.raises(NotFoundOnEngine) as gone:
        ops.download(session, ref=ref)
    assert "no longer serves" in gone.value.message


@pytest.mark.parametrize(
    ("error", "raised", "code"),
    [
        ("websocket not connected", NotConnected, "SESSION_NOT_CONNECTED"),
        ("server returned error 429: rate-overlimit", EngineRateLimited, "RATE_LIMIT_EXCEEDED"),
        ("server returned error 479", EngineError, "ENGINE_ERROR"),
    ],
)
def test_whatsmeow_errors_become_gateway_errors(online, error, raised, code):
    session, fake = online()
    fake.send_error = error
    from neonize.exc import NeonizeError

    with pytest.raises(NeonizeError) as failed:
        ops.send(session, to=ANA, content=Text(body="hi"))
    classified = ops.classify(failed.value)
    assert isinstance(classified, raised) and classified.code == code
    assert error in classified.message


def test_invalid_recipient_and_disconnected_session(online, hosted):
    session, _ = online()
    with pytest.raises(InvalidRecipient):
        ops.send(session, to="not-a-number", content=Text(body="hi"))
    never_connected = hosted().session
    with pytest.raises(NotConnected):
        ops.send(never_connected, to=ANA, content=Text(body="hi"))


# ---- directory --------------------------------------------------------------------------------


def test_number_check_answers_in_the_order_asked(online):
    session, fake = online()
    fake.on_whatsapp = {"34611111111": "34611111111"}
    checks = ops.is_on_whatsapp(session, numbers=["+34 611 111 111", "34699999999", "x"])
    assert [(c.number, c.exists, c.jid) for c in checks] == [
        ("+34 611 111 111", True, ANA),
        ("34699999999", False, None),
        ("x", False, None),
    ]
    assert fake.calls == [("IsOnWhatsApp", ["+34611111111", "+34699999999"])]


def test_user_info_and_contacts(online):
    session, fake = online()
    fake.users["34611111111"] = N.UserInfo(Status="Disponible", PictureID="1")
    fake.contacts = [
        N.Contact(
            JID=N.JID(User="34611111111", Server="s.whatsapp.net"),
            Info=N.ContactInfo(Found=True, FullName="Ana López", PushName="Ana"),
        ),
        N.Contact(
            JID=N.JID(User="34622222222", Server="s.whatsapp.net"),
            Info=N.ContactInfo(Found=True, PushName="Bea", BusinessName="Bea's Shop"),
        ),
    ]
    info = ops.user_info(session, address="34611111111")
    assert (info.jid, info.name, info.push_name, info.about) == (
        ANA,
        "Ana López",
        "Ana",
        "Disponible",
    )
    assert info.picture_url == "https://pps.whatsapp.net/34611111111.jpg"
    assert (info.lid, info.is_business) == ("934611111111@lid", False)
    contacts = ops.contacts(session)
    assert [(c.jid, c.name, c.verified_name, c.is_business) for c in contacts] == [
        (ANA, "Ana López", None, False),
        (BEA, None, "Bea's Shop", True),
    ]


# ---- groups -----------------------------------------------------------------------------------


def test_group_lifecycle(online):
    session, fake = online()
    group = ops.group_create(session, subject="Ventas", participants=[ANA, "34622222222"])
    assert (group.jid, group.subject, group.owner) == (
        GROUP,
        "Ventas",
        "34600000001@s.whatsapp.net",
    )
    assert [p.jid for p in group.participants] == [ANA, BEA]  # numbers, not lids
    assert group.created_at == datetime.fromtimestamp(1_700_000_000, UTC)
    assert [g.jid for g in ops.groups(session)] == [GROUP]

    fake.groups["120363000000000099"].GroupTopic.TopicID = "TOPIC1"
    ops.group_description(session, group_id=GROUP, description="Solo ventas")
    ops.group_subject(session, group_id="120363000000000099", subject="Ventas 2026")
    ops.group_settings(session, group_id=GROUP, announce=True, locked=None)
    assert [c for c in fake.calls if c[0].startswith("SetGroup")] == [
        ("SetGroupTopic", ("TOPIC1", "", "Solo ventas")),
        ("SetGroupName", ("120363000000000099", "Ventas 2026")),
        ("SetGroupAnnounce", True),
    ]

    fake.participant_errors = {"34633333333": 403}
    results = ops.group_participants(
        session, group_id=GROUP, action="add", participants=[BEA, "34633333333"]
    )
    assert [(r.jid, r.ok, r.error) for r in results] == [
        (BEA, True, None),
        ("34633333333@s.whatsapp.net", False, "the person's privacy settings allow only invites"),
    ]
    assert ("UpdateGroupParticipants", (["34622222222", "34633333333"], "add")) in fake.calls

    assert (
        ops.group_invite(session, group_id=GROUP, reset=True) == "https://chat.whatsapp.com/NEWCODE"
    )
    assert (
        ops.group_join(session, code="https://chat.whatsapp.com/CODE") == "120363000000000077@g.us"
    )
    ops.group_leave(session, group_id=GROUP)
    assert ("LeaveGroup", "120363000000000099") in fake.calls


# ---- statuses ---------------------------------------------------------------------------------


def test_statuses(online):
    session, fake = online()
    posted = ops.status_post(session, content=Text(body="Abrimos a las 10"))
    ops.status_view(session, status_id="ST1", sender_id=ANA)
    ops.status_react(session, status_id="ST1", sender_id=ANA, emoji="💚")
    (to_status, card), (to_poster, reaction) = fake.sent()
    assert posted.id == "3EB0FAKE0001"
    assert jid_text(to_status) == "status@broadcast"
    assert card.extendedTextMessage.backgroundArgb != 0
    assert jid_text(to_poster) == ANA
    key = reaction.reactionMessage.key
    assert (key.remoteJID, key.ID, key.participant) == ("status@broadcast", "ST1", ANA)
    [(ids, chat, sender, _)] = [args for name, args in fake.calls if name == "MarkRead"]
    assert (ids, jid_text(chat), jid_text(sender)) == (["ST1"], "status@broadcast", ANA)
    with pytest.raises(EngineNotSupported):
        ops.status_post(
            session, content=Media(kind="document", data=b"x", mimetype="application/pdf")
        )


# ---- presence ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("presence", "call"),
    [
        ("composing", ("SendChatPresence", ("34611111111", 0, 0))),
        ("recording", ("SendChatPresence", ("34611111111", 0, 1))),
        ("paused", ("SendChatPresence", ("34611111111", 1, 0))),
        ("available", ("SendPresence", "available")),
        ("unavailable", ("SendPresence", "unavailable")),
    ],
)
def test_presence_and_typing(online, presence, call):
    session, fake = online()
    account.OPERATIONS["presence"](session, presence=presence, chat_id=ANA)
    assert fake.calls == [call]


def test_block_and_unblock(online):
    session, fake = online()
    assert account.OPERATIONS["block"](session, jid=ANA, blocked=True) == [ANA]
    assert account.OPERATIONS["block"](session, jid=BEA, blocked=True) == [ANA, BEA]
    assert account.OPERATIONS["block"](session, jid=ANA, blocked=False) == [BEA]
    assert fake.calls == [
        ("UpdateBlocklist", ("34611111111", "block")),
        ("UpdateBlocklist", ("34622222222", "block")),
        ("UpdateBlocklist", ("34611111111", "unblock")),
    ]

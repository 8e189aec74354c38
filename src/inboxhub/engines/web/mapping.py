"""neonize (whatsmeow) events and protobufs → the gateway's normalized events.

Pure functions over neonize's protobuf objects; the only outside help they take is a
``Directory`` that knows the session's own JID and the phone number behind a hidden ``@lid``.
Time units differ by source (``MessageInfo.Timestamp`` is in ms, receipts, history and send
responses in s): ``to_datetime`` takes either.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from neonize.proto import Neonize_pb2 as neonize
from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import ProtocolMessage

from inboxhub.engines.events import (
    ContactUpdated,
    EngineEvent,
    GroupChanged,
    InboundMessage,
    Location,
    MediaInfo,
    MessageEdited,
    MessageReceived,
    MessageRevoked,
    Receipt,
    ReceiptStatus,
    StatusViewed,
)
from inboxhub.engines.web.jids import (
    STATUS_BROADCAST,
    USER_SERVER,
    canonical_jid,
    is_group,
    is_lid,
    phone_of,
)

# Past this a number is a millisecond timestamp: 1e11 seconds is the year 5138.
_MS_THRESHOLD = 100_000_000_000
_WRAPPERS = (
    "ephemeralMessage",
    "viewOnceMessage",
    "viewOnceMessageV2",
    "viewOnceMessageV2Extension",
    "documentWithCaptionMessage",
    "editedMessage",
)
_RECEIPTS: dict[int, ReceiptStatus] = {
    neonize.Receipt.DELIVERED: "delivered",
    neonize.Receipt.READ: "read",
    neonize.Receipt.READ_SELF: "read",
    neonize.Receipt.PLAYED: "played",
    neonize.Receipt.PLAYED_SELF: "played",
    neonize.Receipt.SERVER_ERROR: "failed",
}


class Directory(Protocol):
    def own_jid(self) -> str | None: ...

    def phone_for_lid(self, lid: str) -> str | None: ...


def to_datetime(value: float) -> datetime:
    if value <= 0:
        return datetime.now(UTC)
    if value > _MS_THRESHOLD:
        value = value / 1000
    return datetime.fromtimestamp(value, UTC)


def jid_text(jid: Any) -> str:
    """A neonize ``JID`` as a canonical string (device and agent dropped); "" when empty."""
    user, server = str(jid.User), str(jid.Server)
    if not server:
        return ""
    raw = f"{user}@{server}" if user else server
    return canonical_jid(raw) or raw


def _phone_jid(phone: str | None) -> str | None:
    return f"{phone}@{USER_SERVER}" if phone else None


# ---- message content --------------------------------------------------------------------------


@dataclass
class Content:
    type: str
    text: str | None = None
    caption: str | None = None
    media: MediaInfo | None = None
    location: Location | None = None
    vcards: list[str] = field(default_factory=list)
    contact_display_name: str | None = None
    quoted_id: str | None = None
    mentions: list[str] = field(default_factory=list)
    reaction: str | None = None
    reaction_target_id: str | None = None


def unwrap(message: Any) -> Any:
    """The content inside ephemeral, view-once, document-with-caption and edit wrappers."""
    for _ in range(len(_WRAPPERS)):
        for wrapper in _WRAPPERS:
            if message.HasField(wrapper) and getattr(message, wrapper).HasField("message"):
                message = getattr(message, wrapper).message
                break
        else:
            return message
    return message


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def media_info(kind: str, sub: Any, default_mimetype: str) -> MediaInfo:
    """What a media message says about its file, and what ``download_media`` needs to fetch it."""
    mimetype = str(sub.mimetype) or default_mimetype
    return MediaInfo(
        mimetype=mimetype,
        size=int(sub.fileLength) or None,
        filename=str(getattr(sub, "fileName", "")) or None,
        url=str(sub.URL) or None,
        sha256=bytes(sub.fileSHA256).hex() or None,
        duration_seconds=int(getattr(sub, "seconds", 0)) or None,
        ptt=bool(getattr(sub, "PTT", False)),
        engine_ref={
            "engine": "web",
            "kind": kind,
            "mimetype": mimetype,
            "directPath": str(sub.directPath),
            "mediaKey": _b64(sub.mediaKey),
            "fileEncSHA256": _b64(sub.fileEncSHA256),
            "fileSHA256": _b64(sub.fileSHA256),
            "fileLength": int(sub.fileLength),
        },
    )


def _with_context(content: Content, sub: Any) -> Content:
    if sub.HasField("contextInfo"):
        context = sub.contextInfo
        content.quoted_id = str(context.stanzaID) or None
        content.mentions = [m for m in (canonical_jid(str(j)) for j in context.mentionedJID) if m]
    return content


def parse_content(message: Any) -> Content | None:
    """The gateway's view of one message's content; None for what is not a chat message."""
    m = unwrap(message)
    if m.HasField("conversation"):
        return Content(type="text", text=str(m.conversation))
    if m.HasField("extendedTextMessage"):
        sub = m.extendedTextMessage
        return _with_context(Content(type="text", text=str(sub.text)), sub)
    for name, kind, default in (
        ("imageMessage", "image", "image/jpeg"),
        ("videoMessage", "video", "video/mp4"),
        ("ptvMessage", "video", "video/mp4"),
        ("audioMessage", "audio", "audio/ogg"),
        ("documentMessage", "document", "application/octet-stream"),
        ("stickerMessage", "sticker", "image/webp"),
    ):
        if m.HasField(name):
            sub = getattr(m, name)
            caption = str(getattr(sub, "caption", "")) or None
            content = Content(
                type=kind, text=caption, caption=caption, media=media_info(kind, sub, default)
            )
            return _with_context(content, sub)
    for name in ("locationMessage", "liveLocationMessage"):
        if m.HasField(name):
            sub = getattr(m, name)
            location = Location(
                latitude=float(sub.degreesLatitude),
                longitude=float(sub.degreesLongitude),
                name=str(getattr(sub, "name", "")) or None,
                address=str(getattr(sub, "address", "")) or None,
            )
            return _with_context(Content(type="location", location=location), sub)
    if m.HasField("contactMessage"):
        sub = m.contactMessage
        display = str(sub.displayName) or None
        card = Content(
            type="contact", text=display, vcards=[str(sub.vcard)], contact_display_name=display
        )
        return _with_context(card, sub)
    if m.HasField("contactsArrayMessage"):
        sub = m.contactsArrayMessage
        display = str(sub.displayName) or None
        vcards = [str(c.vcard) for c in sub.contacts]
        cards = Content(type="contact", text=display, vcards=vcards, contact_display_name=display)
        return _with_context(cards, sub)
    if m.HasField("reactionMessage"):
        sub = m.reactionMessage
        return Content(
            type="reaction", reaction=str(sub.text), reaction_target_id=str(sub.key.ID) or None
        )
    for name in ("pollCreationMessage", "pollCreationMessageV2", "pollCreationMessageV3"):
        if m.HasField(name):
            return Content(type="poll", text=str(getattr(m, name).name))
    return None


def text_of(message: Any) -> str:
    content = parse_content(message)
    return (content.text or "") if content else ""


# ---- live messages ----------------------------------------------------------------------------


def _chat_and_sender(source: Any, directory: Directory) -> tuple[str, str, str | None]:
    """(chat id, sender id, sender's phone) with hidden ``@lid`` 1:1 chats keyed by number."""
    chat = jid_text(source.Chat)
    sender = jid_text(source.Sender)
    if source.IsFromMe:
        sender = directory.own_jid() or sender
    sender_phone = phone_of(sender)
    if sender_phone is None and is_lid(sender):
        sender_phone = phone_of(jid_text(source.SenderAlt)) or directory.phone_for_lid(sender)
    if is_lid(chat) and not source.IsGroup:
        alt = jid_text(source.RecipientAlt if source.IsFromMe else source.SenderAlt)
        chat = alt if phone_of(alt) else (_phone_jid(directory.phone_for_lid(chat)) or chat)
    return chat, sender, sender_phone


def message_events(session_id: str, event: Any, directory: Directory) -> list[EngineEvent]:
    """One ``MessageEv``: a new message, an edit, a revoke, or nothing the gateway keeps."""
    info = event.Info
    source = info.MessageSource
    chat, sender, sender_phone = _chat_and_sender(source, directory)
    timestamp = to_datetime(info.Timestamp)
    message = unwrap(event.Message)
    if message.HasField("protocolMessage"):
        protocol = message.protocolMessage
        if protocol.type == ProtocolMessage.REVOKE:
            return [
                MessageRevoked(
                    session_id=session_id,
                    chat_id=chat,
                    message_id=str(protocol.key.ID),
                    timestamp=timestamp,
                )
            ]
        if protocol.type == ProtocolMessage.MESSAGE_EDIT:
            return [
                MessageEdited(
                    session_id=session_id,
                    chat_id=chat,
                    message_id=str(protocol.key.ID),
                    new_text=text_of(protocol.editedMessage),
                    timestamp=timestamp,
                )
            ]
        return []
    content = parse_content(message)
    if content is None:
        return []
    inbound = _inbound(
        content,
        id=str(info.ID),
        chat=chat,
        sender=sender,
        sender_phone=sender_phone,
        from_me=bool(source.IsFromMe),
        timestamp=timestamp,
        push_name=str(info.Pushname) or None,
    )
    return [MessageReceived(session_id=session_id, message=inbound)]


def _inbound(
    content: Content,
    *,
    id: str,
    chat: str,
    sender: str,
    sender_phone: str | None,
    from_me: bool,
    timestamp: datetime,
    push_name: str | None,
) -> InboundMessage:
    return InboundMessage(
        id=id,
        chat_id=chat,
        sender_id=sender,
        from_me=from_me,
        timestamp=timestamp,
        type=content.type,
        text=content.text,
        caption=content.caption,
        push_name=push_name,
        sender_phone=sender_phone,
        media=content.media,
        location=content.location,
        vcards=content.vcards,
        contact_display_name=content.contact_display_name,
        quoted_id=content.quoted_id,
        mentions=content.mentions,
        reaction=content.reaction,
        reaction_target_id=content.reaction_target_id,
        is_group=is_group(chat),
        is_status=chat == STATUS_BROADCAST,
    )


# ---- history sync -----------------------------------------------------------------------------


def history_message(
    session_id: str, web_message: Any, directory: Directory
) -> MessageReceived | None:
    """One ``WebMessageInfo`` of a history sync, flagged as history."""
    if web_message.messageStubType or not web_message.HasField("message"):
        return None
    content = parse_content(web_message.message)
    if content is None:
        return None
    key = web_message.key
    chat = canonical_jid(str(key.remoteJID)) or str(key.remoteJID)
    participant = str(key.participant) or str(web_message.participant)
    if key.fromMe:
        sender = directory.own_jid() or chat
    elif participant:
        sender = canonical_jid(participant) or participant
    else:
        sender = chat
    sender_phone = phone_of(sender) or (directory.phone_for_lid(sender) if is_lid(sender) else None)
    if is_lid(chat):
        chat = _phone_jid(directory.phone_for_lid(chat)) or chat
    inbound = _inbound(
        content,
        id=str(key.ID),
        chat=chat,
        sender=sender,
        sender_phone=sender_phone,
        from_me=bool(key.fromMe),
        timestamp=to_datetime(web_message.messageTimestamp),
        push_name=str(web_message.pushName) or None,
    )
    return MessageReceived(session_id=session_id, message=inbound, history=True)


def history_events(session_id: str, event: Any, directory: Directory) -> list[EngineEvent]:
    """A ``HistorySyncEv``: stored messages (never live), push names and lid ↔ number pairs."""
    data = event.Data
    events: list[EngineEvent] = []
    for mapping in data.phoneNumberToLidMappings:
        pn, lid = canonical_jid(str(mapping.pnJID)), canonical_jid(str(mapping.lidJID))
        if pn and lid:
            events.append(ContactUpdated(session_id=session_id, jid=pn, lid=lid))
    for pushname in data.pushnames:
        jid = canonical_jid(str(pushname.ID))
        if jid and pushname.pushname:
            events.append(
                ContactUpdated(session_id=session_id, jid=jid, push_name=str(pushname.pushname))
            )
    for conversation in data.conversations:
        for item in conversation.messages:
            received = history_message(session_id, item.message, directory)
            if received is not None:
                events.append(received)
    for status in data.statusV3Messages:
        received = history_message(session_id, status, directory)
        if received is not None:
            events.append(received)
    return events


# ---- receipts ---------------------------------------------------------------------------------


def receipt_events(session_id: str, event: Any, directory: Directory) -> list[EngineEvent]:
    status = _RECEIPTS.get(int(event.Type))
    if status is None or not event.MessageIDs:
        return []
    source = event.MessageSource
    chat, sender, _ = _chat_and_sender(source, directory)
    timestamp = to_datetime(event.Timestamp)
    ids = [str(i) for i in event.MessageIDs]
    if chat == STATUS_BROADCAST:
        if status not in ("read", "played") or source.IsFromMe:
            return []
        # Someone viewed one of this session's statuses.
        return [
            StatusViewed(session_id=session_id, status_id=i, viewer_id=sender, timestamp=timestamp)
            for i in ids
        ]
    return [
        Receipt(
            session_id=session_id,
            chat_id=chat,
            message_ids=ids,
            status=status,
            timestamp=timestamp,
            sender_id=sender or None,
            error="WhatsApp's server rejected the message" if status == "failed" else None,
        )
    ]


# ---- groups -----------------------------------------------------------------------------------


def group_events(session_id: str, event: Any) -> list[EngineEvent]:
    """A ``GroupInfoEv`` carries several changes at once; one ``GroupChanged`` per change."""
    group = jid_text(event.JID)
    actor = jid_text(event.Sender) if event.HasField("Sender") else None
    timestamp = to_datetime(event.Timestamp) if event.Timestamp else None

    def changed(change: str, **fields: Any) -> GroupChanged:
        return GroupChanged(
            session_id=session_id,
            group_id=group,
            change=change,
            actor_id=actor or None,
            timestamp=timestamp,
            **fields,
        )

    events: list[EngineEvent] = []
    if event.HasField("Name"):
        events.append(changed("subject", subject=str(event.Name.Name)))
    if event.HasField("Topic"):
        events.append(changed("description", description=str(event.Topic.Topic)))
    if event.HasField("Announce") or event.HasField("Locked"):
        events.append(changed("settings"))
    for change, jids in (
        ("add", event.Join),
        ("remove", event.Leave),
        ("promote", event.Promote),
        ("demote", event.Demote),
    ):
        if jids:
            events.append(changed(change, participants=[jid_text(j) for j in jids]))
    return events


def participant_jid(participant: Any) -> str:
    """A group participant by phone number when WhatsApp tells it, else by lid."""
    if participant.HasField("PhoneNumber") and participant.PhoneNumber.User:
        return jid_text(participant.PhoneNumber)
    return jid_text(participant.JID)


def joined_group_events(session_id: str, event: Any, directory: Directory) -> list[EngineEvent]:
    info = event.GroupInfo
    own = directory.own_jid()
    members = [participant_jid(p) for p in info.Participants]
    return [
        GroupChanged(
            session_id=session_id,
            group_id=jid_text(info.JID),
            change="created" if str(event.Type) == "new" else "add",
            actor_id=(jid_text(event.Sender) if event.HasField("Sender") else None) or None,
            participants=members if str(event.Type) == "new" else ([own] if own else []),
            subject=str(info.GroupName.Name) or None,
            description=str(info.GroupTopic.Topic) or None,
            timestamp=to_datetime(info.GroupCreated) if info.GroupCreated else None,
        )
    ]


__all__ = [
    "Content",
    "Directory",
    "group_events",
    "history_events",
    "jid_text",
    "joined_group_events",
    "message_events",
    "parse_content",
    "receipt_events",
    "to_datetime",
]

"""neonize (whatsmeow) events and protobufs → the gateway's normalized events.

Pure functions over neonize's protobuf objects; the only outside help they take is a
``Directory`` that knows the session's own JID and the phone number behind a hidden ``@lid``.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Protocol

from neonize.proto import Neonize_pb2 as neonize
from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import ProtocolMessage

from inboxhub.engines.events import (
    CallReceived,
    ContactUpdated,
    EngineEvent,
    GroupChanged,
    InboundMessage,
    MessageEdited,
    MessageReceived,
    MessageRevoked,
    Receipt,
    ReceiptStatus,
    StatusViewed,
)
from inboxhub.engines.web.content import (
    Content,
    jid_text,
    parse_content,
    text_of,
    to_datetime,
    unwrap,
)
from inboxhub.engines.web.jids import (
    STATUS_BROADCAST,
    USER_SERVER,
    canonical_jid,
    is_group,
    is_lid,
    phone_of,
)

log = logging.getLogger(__name__)

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

    def poll_choices(self, event: Any) -> list[str] | None:
        """The options a poll vote picked (``MessageEv``), or None when it cannot be read."""
        ...


def _phone_jid(phone: str | None) -> str | None:
    return f"{phone}@{USER_SERVER}" if phone else None


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
        log.debug("%s: protocol message %s not kept", session_id, protocol.type)
        return []
    content = parse_content(message)
    if content is None:
        log.debug("%s: message %s carries no content", session_id, info.ID)
        return []
    if content.type == "poll_vote":
        choices = directory.poll_choices(event)
        content.text = content.caption = ", ".join(choices) if choices is not None else None
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
        interactive_reply=content.interactive_reply,
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


# ---- calls ------------------------------------------------------------------------------------


def _has_tag(node: Any, tag: str, depth: int = 0) -> bool:
    """Whether whatsmeow's raw ``<offer>`` node (or one inside it) is a ``tag`` node."""
    if str(node.Tag) == tag:
        return True
    return depth < 3 and any(_has_tag(child, tag, depth + 1) for child in node.Nodes)


def call_events(session_id: str, event: Any, directory: Directory) -> list[EngineEvent]:
    """A ``CallOfferEv``: someone is calling. Video when the offer carries a ``<video>`` node."""
    meta = event.basicCallMeta
    creator = meta.callCreator if meta.HasField("callCreator") else getattr(meta, "from")
    caller = jid_text(creator)
    phone = phone_of(caller)
    if phone is None and is_lid(caller):
        alt = jid_text(meta.callCreatorAlt) if meta.HasField("callCreatorAlt") else ""
        phone = phone_of(alt) or directory.phone_for_lid(caller)
    # The raw JID of the offer, device included: RejectCall answers exactly that one.
    raw = creator if str(creator.Server) else getattr(meta, "from")
    caller_raw = f"{raw.User}@{raw.Server}" if str(raw.User) else caller
    return [
        CallReceived(
            session_id=session_id,
            call_id=str(meta.callID),
            caller_id=caller_raw,
            caller_phone=phone,
            is_video=_has_tag(event.data, "video") if event.HasField("data") else False,
            is_group=is_group(jid_text(getattr(meta, "from"))),
            timestamp=to_datetime(meta.timestamp),
        )
    ]

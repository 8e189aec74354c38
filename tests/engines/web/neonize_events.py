"""neonize events built from neonize's own protobuf classes, for the mapping tests."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.message import Message as Proto
from neonize.events import MessageEv
from neonize.proto import Neonize_pb2 as N
from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import Message

from inboxhub.engines.events import EngineEvent, MessageReceived

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


def received(events: list[EngineEvent]) -> MessageReceived:
    assert len(events) == 1, events
    assert isinstance(events[0], MessageReceived)
    return events[0]


def filled(message: Proto) -> Proto:
    """``message`` with every required field it lacks set to its default, as Go sends events:
    neonize serializes some events back to Go, and that needs them complete."""
    for field in message.DESCRIPTOR.fields:
        required = field.is_required
        if field.message_type is None:
            if required and not message.HasField(field.name):
                setattr(message, field.name, field.default_value)
        elif field.is_repeated:
            for item in getattr(message, field.name):
                if isinstance(item, Proto):
                    filled(item)
        elif required or message.HasField(field.name):
            sub = getattr(message, field.name)
            sub.SetInParent()
            filled(sub)
    return message

"""Receipts, history sync and group events → normalized events, through neonize's dispatch."""

from __future__ import annotations

import pytest

pytest.importorskip("neonize")

from datetime import UTC, datetime

from neonize.events import GroupInfoEv, HistorySyncEv, JoinedGroupEv, ReceiptEv
from neonize.proto import Neonize_pb2 as N
from neonize.proto.waCommon.WACommon_pb2 import MessageKey
from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import FutureProofMessage, Message
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
    MessageReceived,
    Receipt,
    StatusViewed,
)
from tests.engines.web.neonize_events import ANA, jid

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

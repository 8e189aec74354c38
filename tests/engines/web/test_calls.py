"""Incoming calls on the web engine: whatsmeow's call offer → ``CallReceived``; RejectCall."""

from __future__ import annotations

import pytest

pytest.importorskip("neonize")

from neonize.events import CallOfferEv
from neonize.proto import Neonize_pb2 as N

from inboxhub.engines.events import CallReceived
from inboxhub.engines.web import account
from tests.engines.web.neonize_events import ANA, filled, jid

CALLED_AT = 1_700_000_000


def offer(*, video: bool, creator: N.JID, creator_alt: N.JID | None = None) -> CallOfferEv:
    meta = N.BasicCallMeta(timestamp=CALLED_AT, callID="CALL0001")
    getattr(meta, "from").CopyFrom(creator)
    meta.callCreator.CopyFrom(creator)
    if creator_alt is not None:
        meta.callCreatorAlt.CopyFrom(creator_alt)
    media = [N.Node(Tag="audio"), *([N.Node(Tag="video")] if video else [])]
    data = N.Node(Tag="offer", Nodes=media)
    event = CallOfferEv(basicCallMeta=meta, data=data)
    event.callRemoteMeta.CopyFrom(N.CallRemoteMeta(remotePlatform="android", remoteVersion="2.25"))
    return filled(event)


def test_a_voice_call_from_a_number(hosted):
    [event] = hosted().dispatch(offer(video=False, creator=jid(ANA, device=4)))
    assert isinstance(event, CallReceived)
    assert event.call_id == "CALL0001"
    assert event.caller_id == f"{ANA}@s.whatsapp.net"
    assert event.caller_phone == ANA
    assert event.is_video is False and event.is_group is False
    assert int(event.timestamp.timestamp()) == CALLED_AT


def test_a_video_call_from_a_hidden_number_keeps_the_lid_to_reject_it(hosted):
    [event] = hosted().dispatch(
        offer(video=True, creator=jid("98765", "lid"), creator_alt=jid(ANA))
    )
    assert isinstance(event, CallReceived)
    assert event.is_video is True
    assert event.caller_id == "98765@lid"  # RejectCall needs the JID the offer came from
    assert event.caller_phone == ANA


def test_reject_call_goes_to_whatsmeow_with_the_offers_jid(online):
    session, fake = online()
    account.reject_call(session, call_id="CALL0001", caller_id="98765@lid")
    assert ("RejectCall", ("98765@lid", "CALL0001")) in fake.calls

"""Connection events (QR, pairing, connected, drops, logouts, bans) → session state."""

from __future__ import annotations

import pytest

pytest.importorskip("neonize")

from datetime import UTC, datetime, timedelta

from neonize.events import (
    ConnectedEv,
    ConnectFailureEv,
    DisconnectedEv,
    KeepAliveRestoredEv,
    KeepAliveTimeoutEv,
    LoggedOutEv,
    PairStatusEv,
    StreamReplacedEv,
    TemporaryBanEv,
)
from neonize.proto import Neonize_pb2 as N

from inboxhub.engines.base import NotConnected
from inboxhub.engines.events import LoggedOut, PairSuccess, QRCode, StateChanged
from tests.engines.web.neonize_events import jid


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


def test_a_keepalive_timeout_is_a_state_change_that_recovers(hosted):
    h = hosted()
    [connected] = h.dispatch(ConnectedEv(status=True))
    assert connected.state == "connected"

    [lost] = h.dispatch(KeepAliveTimeoutEv(ErrorCount=1, LastSuccess=1_700_000_000))
    assert isinstance(lost, StateChanged)
    assert lost.state == "connecting"
    assert lost.reason == (
        "keepalive_timeout: WhatsApp has not answered since 22:13:20 UTC (1 keepalive missed)"
    )
    # A half-dead link takes no calls; further misses add to the log, not to the states.
    with pytest.raises(NotConnected), h.session.live():
        pass
    assert h.dispatch(KeepAliveTimeoutEv(ErrorCount=2, LastSuccess=1_700_000_000)) == []

    [back] = h.dispatch(KeepAliveRestoredEv())
    assert (back.state, back.reason) == ("connected", None)
    with h.session.live():
        pass


def test_a_restored_keepalive_does_not_undo_another_reason(hosted):
    h = hosted()
    h.dispatch(ConnectedEv(status=True))
    h.dispatch(DisconnectedEv(status=True))
    assert h.dispatch(KeepAliveRestoredEv()) == []
    assert (h.session.state, h.session.reason) == ("connecting", "connection_lost")

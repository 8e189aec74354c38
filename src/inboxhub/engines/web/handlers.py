"""neonize's event callbacks for one session: connection events drive the session's state,
the others are mapped (``mapping``) and handed on.

Callbacks run on neonize's callback thread, inside Go's delivery loop for the session: they only
map and enqueue. An exception in a ctypes callback would be printed and swallowed, so each one is
wrapped to log it instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from neonize.events import (
    CallOfferEv,
    ClientOutdatedEv,
    ConnectedEv,
    ConnectFailureEv,
    DisconnectedEv,
    GroupInfoEv,
    HistorySyncEv,
    JoinedGroupEv,
    KeepAliveRestoredEv,
    KeepAliveTimeoutEv,
    LoggedOutEv,
    MessageEv,
    OfflineSyncCompletedEv,
    PairStatusEv,
    ReceiptEv,
    StreamErrorEv,
    StreamReplacedEv,
    TemporaryBanEv,
    UndecryptableMessageEv,
)
from neonize.proto import Neonize_pb2 as neonize

from inboxhub.engines.events import EngineEvent, LoggedOut, PairSuccess
from inboxhub.engines.web import mapping
from inboxhub.engines.web.content import to_datetime
from inboxhub.engines.web.reasons import reason_text

if TYPE_CHECKING:
    from inboxhub.engines.web.session import WebSession

log = logging.getLogger(__name__)

Handler = Callable[["WebSession", Any], None]

_LOGOUT_REASONS = {
    neonize.LOGGED_OUT: "logged_out_from_phone",
    neonize.MAIN_DEVICE_GONE: "main_device_gone",
    neonize.UNKNOWN_LOGOUT: "logged_out",
}
# Connect failures that a new attempt cannot fix.
_FATAL_FAILURES = (neonize.TEMP_BANNED, neonize.CLIENT_OUTDATED, neonize.BAD_USER_AGENT)


def emit_all(session: WebSession, events: list[EngineEvent]) -> None:
    for event in events:
        session.emit(event)


def on_connected(session: WebSession, _: Any) -> None:
    session.cancel_qr_timer()
    me = session.client.me  # set by neonize from the device event that precedes Connected
    if me is not None and me.JID.User:
        session.phone_number = str(me.JID.User)
        session.push_name = str(me.PushName) or session.push_name
    session.set_state("connected")
    # Not on this thread: it is Go's delivery loop, and the profile takes requests to WhatsApp.
    if session.on_linked is not None:
        threading.Thread(
            target=session.on_linked, args=(session,), name="web-profile", daemon=True
        ).start()


def on_disconnected(session: WebSession, _: Any) -> None:
    if not session.stopping and not session.terminal:
        session.set_state("connecting", "connection_lost")  # whatsmeow reconnects by itself


def on_keepalive_timeout(session: WebSession, event: Any) -> None:
    """WhatsApp stopped answering keepalives: the link may be half dead, so the session no
    longer says ``connected`` (and takes no calls) until it answers again or whatsmeow
    reconnects."""
    if session.stopping or session.terminal:
        return
    since = ""
    if event.LastSuccess:
        since = f" since {to_datetime(event.LastSuccess).strftime('%H:%M:%S')} UTC"
    failures = int(event.ErrorCount)
    noun = "keepalive" if failures == 1 else "keepalives"
    reason = f"keepalive_timeout: WhatsApp has not answered{since} ({failures} {noun} missed)"
    log.warning("%s: %s", session.session_id, reason)
    if session.state == "connected":  # said once; later misses only add to the log
        session.set_state("connecting", reason_text(reason))


def on_keepalive_restored(session: WebSession, _: Any) -> None:
    if session.state == "connecting" and (session.reason or "").startswith("keepalive_timeout"):
        log.info("%s: WhatsApp answers again", session.session_id)
        session.set_state("connected")


def on_pair_status(session: WebSession, event: Any) -> None:
    if event.Status != neonize.PairStatus.SUCCESS:
        session.set_state(session.state, reason_text(f"pairing failed: {event.Error}"))
        return
    session.cancel_qr_timer()
    session.phone_number = str(event.ID.User) or session.phone_number
    session.emit(
        PairSuccess(
            session_id=session.session_id,
            phone_number=session.phone_number or "",
            push_name=str(event.BusinessName) or None,
        )
    )
    # whatsmeow reconnects with the new credentials; Connected follows.
    session.set_state("connecting", None)


def logged_out(session: WebSession, reason: str) -> None:
    session.phone_number = None
    session.emit(LoggedOut(session_id=session.session_id, reason=reason))
    session.halt(reason)


def on_logged_out(session: WebSession, event: Any) -> None:
    logged_out(session, _LOGOUT_REASONS.get(event.Reason, "logged_out_from_phone"))


def on_temporary_ban(session: WebSession, event: Any) -> None:
    why = neonize.TemporaryBan.TempBanReason.Name(event.Code) if event.Code else "unknown"
    session.halt(reason_text(f"temporary_ban: {why.lower()} (expires in {event.Expire})"))


def on_connect_failure(session: WebSession, event: Any) -> None:
    reason = _LOGOUT_REASONS.get(event.Reason)
    if reason is not None:
        logged_out(session, reason)
        return
    name = neonize.ConnectFailureReason.Name(event.Reason) if event.Reason else "unknown"
    text = reason_text(f"connect_failure: {name.lower()} {event.Message}".strip())
    if event.Reason in _FATAL_FAILURES:
        session.halt(text)
    else:
        session.recycle(text)


def on_message(session: WebSession, event: Any) -> None:
    session.remember(str(event.Info.ID), event.Message)
    emit_all(session, mapping.message_events(session.session_id, event, session))


def mapped(mapper: Callable[[str, Any, mapping.Directory], list[EngineEvent]]) -> Handler:
    return lambda session, event: emit_all(session, mapper(session.session_id, event, session))


HANDLERS: dict[type[Any], Handler] = {
    ConnectedEv: on_connected,
    DisconnectedEv: on_disconnected,
    PairStatusEv: on_pair_status,
    LoggedOutEv: on_logged_out,
    StreamReplacedEv: lambda session, _: session.halt("stream_replaced"),
    TemporaryBanEv: on_temporary_ban,
    ConnectFailureEv: on_connect_failure,
    ClientOutdatedEv: lambda session, _: session.halt("client_outdated: upgrade neonize"),
    StreamErrorEv: lambda session, e: session.recycle(reason_text(f"stream_error: {e.Code}")),
    KeepAliveTimeoutEv: on_keepalive_timeout,
    KeepAliveRestoredEv: on_keepalive_restored,
    MessageEv: on_message,
    CallOfferEv: mapped(mapping.call_events),
    ReceiptEv: mapped(mapping.receipt_events),
    HistorySyncEv: mapped(mapping.history_events),
    GroupInfoEv: lambda session, e: emit_all(session, mapping.group_events(session.session_id, e)),
    JoinedGroupEv: mapped(mapping.joined_group_events),
    OfflineSyncCompletedEv: lambda session, e: log.info(
        "%s: %d messages received while offline", session.session_id, e.Count
    ),
    UndecryptableMessageEv: lambda session, e: log.warning(
        "%s: could not decrypt message %s", session.session_id, e.Info.ID
    ),
}


def register(session: WebSession) -> None:
    """Subscribe ``session`` to every event it handles: before ``connect()``, because neonize
    sends the list of subscribed events to Go then, and one handler per type."""
    session.client.event.qr(session.on_qr)
    for event_type, handler in HANDLERS.items():
        session.client.event(event_type)(_guarded(session, handler))


def _guarded(session: WebSession, handler: Handler) -> Callable[[Any, Any], None]:
    def run(_: Any, event: Any) -> None:
        session.settled()
        try:
            handler(session, event)
        except Exception:
            log.exception("%s: handling %s failed", session.session_id, type(event).__name__)

    return run

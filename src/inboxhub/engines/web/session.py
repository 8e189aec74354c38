"""One WhatsApp Web session inside the engine process: a neonize client and its life.

neonize's ``connect()`` blocks for the session's whole life, so each session has a runner thread.
A first connect that fails (no route, DNS) is retried with a doubling delay; once connected,
whatsmeow reconnects by itself after drops. Events are handled in ``handlers``.

Calls that make Go panic on a client that is not running (``get_me``, contact-store reads, lid
lookups) are made only while the session is connected, inside ``calls`` so that a stop waits for
them. Starting and stopping go through the process-wide ``LifecycleGate``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from neonize.client import NewClient, ProxySettings
from neonize.exc import NeonizeError
from neonize.proto import Neonize_pb2 as neonize
from neonize.proto.waCompanionReg.WAWebProtobufsCompanionReg_pb2 import DeviceProps
from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import Message

from inboxhub.engines.base import NotConnected
from inboxhub.engines.events import EngineEvent, LoggedOut, QRCode, SessionState, StateChanged
from inboxhub.engines.proxy import redact
from inboxhub.engines.web import handlers
from inboxhub.engines.web.content import jid_text, poll_options, unwrap
from inboxhub.engines.web.gates import CallGate, LifecycleGate, Ticket
from inboxhub.engines.web.jids import USER_SERVER, phone_of
from inboxhub.engines.web.reasons import connect_failure_reason

log = logging.getLogger(__name__)

Emit = Callable[[EngineEvent], None]
_FIRST_QR_TTL = 60.0  # whatsmeow shows the first code for 60 s and each later one for 20 s
_NEXT_QR_TTL = 20.0
_RECENT_MESSAGES = 500
# What the recent messages may weigh together (serialized), per session: media previews would
# otherwise let 500 messages hold several megabytes.
_RECENT_BYTES = 512 * 1024
# Previews dropped from the kept copy: a reply quotes the text and the media's keys, and WhatsApp
# shows the quote without a thumbnail.
_PREVIEWS = (
    ("imageMessage", "JPEGThumbnail"),
    ("videoMessage", "JPEGThumbnail"),
    ("documentMessage", "JPEGThumbnail"),
    ("extendedTextMessage", "JPEGThumbnail"),
    ("stickerMessage", "pngThumbnail"),
)
# How the phone's "Linked devices" list shows a session: its name, with a browser's icon (the
# pairing code's client type says the same).
_PLATFORM = DeviceProps.CHROME


def device_props(name: str) -> DeviceProps:
    return DeviceProps(os=name, platformType=_PLATFORM, requireFullSync=False)


@dataclass(frozen=True)
class SessionSettings:
    reconnect_initial: float = 2.0
    reconnect_max: float = 60.0
    qr_timeout: float = 170.0
    start_settle: float = 1.0
    pair_wait: float = 20.0


class WebSession:
    session_id: str
    phone_number: str | None
    push_name: str | None

    def __init__(
        self,
        session_id: str,
        store: Path,
        settings: SessionSettings,
        gate: LifecycleGate,
        emit: Emit,
        *,
        device_name: str = "Inbox Hub",
        proxy_url: str | None = None,
    ) -> None:
        self.session_id = session_id
        # whatsmeow's SetProxy: the websocket, media and pairing all go through it.
        self.proxy_url = proxy_url
        self.store = store
        self.settings = settings
        self.gate = gate
        self.emit = emit
        # Run on a thread of its own when the session connects (the host reads its profile).
        self.on_linked: Callable[[WebSession], None] | None = None
        self.client = NewClient(str(store), props=device_props(device_name), uuid=session_id)
        # One client for the session's whole life, stopped explicitly and never by the garbage
        # collector: a collected client stops whatever Go session then has its uuid.
        self.client._stop_finalizer.detach()
        self.state: SessionState = "disconnected"
        self.reason: str | None = None
        self.phone_number: str | None = None
        self.push_name: str | None = None
        self.calls = CallGate()
        # Serialized: a parsed message kept from an event keeps the whole event's memory alive
        # (protobuf's arena), about 8 KB a message where its bytes are a few hundred.
        self.recent: OrderedDict[str, bytes] = OrderedDict()
        self._recent_bytes = 0
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._runner: threading.Thread | None = None
        self._stopping = threading.Event()
        self._terminal: str | None = None
        self._ticket: Ticket | None = None
        self._qr_count = 0
        self._qr_timer: threading.Timer | None = None
        self._attempt_error: str | None = None
        self._recycle_reason: str | None = None
        handlers.register(self)

    # ---- state --------------------------------------------------------------------------------

    def set_state(self, state: SessionState, reason: str | None = None) -> None:
        with self._changed:
            if state == self.state and reason == self.reason:
                return
            self.state, self.reason = state, reason
            self.calls.set_open(state == "connected")
            self._changed.notify_all()
        self.emit(
            StateChanged(
                session_id=self.session_id,
                state=state,
                reason=reason,
                phone_number=self.phone_number,
                push_name=self.push_name,
            )
        )

    def settled(self) -> None:
        ticket = self._ticket
        if ticket is not None:
            ticket.release()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    @property
    def terminal(self) -> str | None:
        return self._terminal

    @property
    def started(self) -> bool:
        """Whether it ever ran in this process (and so had whatsmeow open its store)."""
        return self._runner is not None

    @property
    def running(self) -> bool:
        return self._runner is not None and self._runner.is_alive()

    def name_device(self, name: str) -> None:
        """The name shown on the phone; WhatsApp records it when the device is linked."""
        self.client.device_props = device_props(name)

    def device(self) -> dict[str, str]:
        """How the phone lists this session."""
        props = self.client.device_props
        return {
            "name": str(props.os),
            "platform": DeviceProps.PlatformType.Name(props.platformType),
        }

    def proxy_settings(self) -> ProxySettings | None:
        return ProxySettings(proxy_address=self.proxy_url) if self.proxy_url else None

    # ---- lifecycle ----------------------------------------------------------------------------

    def start(self) -> SessionState:
        with self._lock:
            if self.running:
                return self.state
            self._stopping.clear()
            self._terminal = None
            self._qr_count = 0
            self._attempt_error = None
            self._runner = threading.Thread(
                target=self._run, name=f"web-session-{self.session_id}", daemon=True
            )
            self.set_state("connecting")
            self._runner.start()
            return self.state

    def _run(self) -> None:
        delay = self.settings.reconnect_initial
        while not self._stopping.is_set():
            error: str | None = None
            self._attempt_error = None
            self._ticket = self.gate.enter(self.settings.start_settle)
            if self._stopping.is_set():  # stopped while waiting for the gate
                self.settled()
                break
            try:
                self.client.connect(self.proxy_settings())
            except NeonizeError as exc:
                error = redact(str(exc), self.proxy_url)
            except Exception as exc:  # the binding raised something of its own
                error = redact(f"{type(exc).__name__}: {exc}", self.proxy_url)
            finally:
                self.settled()
            if self._stopping.is_set() or self._terminal:
                break
            if self.state == "connected":
                delay = self.settings.reconnect_initial
            reason = self._recycle_reason or connect_failure_reason(error)
            self._recycle_reason = None
            with self._changed:
                self._attempt_error = reason
                self._changed.notify_all()
            self.set_state("connecting", reason)
            if self._stopping.wait(delay):
                break
            delay = min(delay * 2, self.settings.reconnect_max)
        self.cancel_qr_timer()
        if self._terminal and not self._stopping.is_set():
            self.set_state("disconnected", self._terminal)

    def stop(self, reason: str = "disconnected", timeout: float = 15.0) -> bool:
        """Stop the connection and keep the credentials. False when the runner is wedged in Go."""
        self._stopping.set()
        self.cancel_qr_timer()
        runner = self._runner
        if runner is not None and runner.is_alive():
            self.calls.close(timeout)
            with self.gate.held():
                self.client.stop()
            runner.join(timeout)
            if runner.is_alive():
                log.error("session %s did not stop within %ss", self.session_id, timeout)
                return False
        self.set_state("disconnected", reason)
        return True

    def halt(self, reason: str) -> None:
        """A terminal event (logged out, replaced, banned): stop without retrying."""
        self._terminal = reason
        self.cancel_qr_timer()
        if self.running:
            # Not from this (neonize's callback) thread: stopping waits for that very thread.
            threading.Thread(target=self._stop_client, daemon=True).start()
        else:
            self.set_state("disconnected", reason)

    def recycle(self, reason: str) -> None:
        """A failure whatsmeow does not recover from by itself: reconnect from scratch."""
        self._recycle_reason = reason
        self.set_state("connecting", reason)
        if self.running:
            threading.Thread(target=self._stop_client, daemon=True).start()

    def _stop_client(self) -> None:
        self.calls.close(15.0)
        with self.gate.held():
            self.client.stop()

    def logout(self) -> bool:
        """Unlink the device from the phone (when online) and forget the credentials."""
        if self.calls.try_enter():
            try:
                self.client.logout()
            except NeonizeError as exc:
                log.warning("logout of %s failed on WhatsApp: %s", self.session_id, exc)
            finally:
                self.calls.leave()
        stopped = self.stop(reason="logged_out")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.store}{suffix}").unlink(missing_ok=True)
        self.phone_number = None
        self.emit(LoggedOut(session_id=self.session_id, reason="logged_out"))
        return stopped

    # ---- login --------------------------------------------------------------------------------

    def pair_phone(self, phone_number: str) -> str:
        """An 8-character code to type on the phone. whatsmeow needs the login socket up first,
        which the first QR code shows."""
        from neonize.utils.enum import ClientName, ClientType

        from inboxhub.errors import Conflict

        if self.state == "connected":
            raise Conflict("The session is already linked to a phone", field="phoneNumber")
        self.start()
        with self._changed:
            self._changed.wait_for(
                lambda: self._qr_count > 0 or self._attempt_error is not None or self._terminal,
                self.settings.pair_wait,
            )
            if self._qr_count == 0:
                why = self._attempt_error or self._terminal or "WhatsApp did not answer in time"
                raise NotConnected(f"Cannot request a pairing code: {why}", field="phoneNumber")
        code = str(self.client.PairPhone(phone_number, True, ClientName.LINUX, ClientType.CHROME))
        self._arm_qr_timer()
        return code

    def on_qr(self, _: Any, data: bytes) -> None:
        if self._stopping.is_set() or self._terminal:
            return
        self.settled()
        ttl = _FIRST_QR_TTL if self._qr_count == 0 else _NEXT_QR_TTL
        with self._changed:
            self._qr_count += 1
            first = self._qr_count == 1
            self._changed.notify_all()
        code = data.decode()
        self.emit(
            QRCode(
                session_id=self.session_id,
                code=code,
                expires_at=datetime.now(UTC) + timedelta(seconds=ttl),
            )
        )
        self.set_state("qr_code")
        if first:
            self._arm_qr_timer()

    def _arm_qr_timer(self) -> None:
        self.cancel_qr_timer()
        timer = threading.Timer(self.settings.qr_timeout, self._qr_expired)
        timer.daemon = True
        self._qr_timer = timer
        timer.start()

    def cancel_qr_timer(self) -> None:
        timer, self._qr_timer = self._qr_timer, None
        if timer is not None:
            timer.cancel()

    def _qr_expired(self) -> None:
        if self.state == "qr_code":
            # whatsmeow's own QR timeout is invisible through neonize and can leave the session
            # waiting forever: give up here, a new connect shows new codes.
            self.halt("qr_timeout")

    def remember(self, message_id: str, message: Any) -> None:
        """Keep recent messages: a reply by id quotes their content. At most 500 of them and
        512 KB together, previews dropped: the oldest go first."""
        data = _without_previews(message).SerializeToString()
        with self._lock:
            self._recent_bytes -= len(self.recent.pop(message_id, b""))
            self.recent[message_id] = data
            self._recent_bytes += len(data)
            while len(self.recent) > _RECENT_MESSAGES or (
                self._recent_bytes > _RECENT_BYTES and len(self.recent) > 1
            ):
                _, oldest = self.recent.popitem(last=False)
                self._recent_bytes -= len(oldest)

    def recent_message(self, message_id: str) -> Message | None:
        """One of the recent messages (without its previews), or None."""
        data = self.recent.get(message_id)
        return None if data is None else Message.FromString(data)

    # ---- mapping.Directory --------------------------------------------------------------------

    def own_jid(self) -> str | None:
        me = self.client.me
        if me is not None and me.JID.User:
            return f"{me.JID.User}@{USER_SERVER}"
        return f"{self.phone_number}@{USER_SERVER}" if self.phone_number else None

    def phone_for_lid(self, lid: str) -> str | None:
        if not self.calls.try_enter():
            return None
        try:
            user, _, server = lid.partition("@")
            found = self.client.get_pn_from_lid(neonize.JID(User=user, Server=server))
            return phone_of(jid_text(found))
        except NeonizeError:
            return None
        finally:
            self.calls.leave()

    def poll_choices(self, event: Any) -> list[str] | None:
        """Decrypt a vote with the session's keys and name the options by the poll it answers
        (one of the recent messages: WhatsApp sends only hashes of the option names)."""
        vote_message = unwrap(event.Message).pollUpdateMessage
        poll = self.recent_message(str(vote_message.pollCreationMessageKey.ID))
        if poll is None or not self.calls.try_enter():
            return None
        try:
            vote = self.client.decrypt_poll_vote(event)
        except Exception as exc:  # NeonizeError, or an event neonize cannot serialize back
            # Kept without its choice rather than lost.
            log.warning("%s: poll vote not readable: %s", self.session_id, exc)
            return None
        finally:
            self.calls.leave()
        return poll_options(unwrap(poll), {bytes(h) for h in vote.selectedOptions})

    @contextlib.contextmanager
    def live(self) -> Iterator[Any]:
        """The neonize client, for a call that needs the session connected."""
        if not self.calls.try_enter():
            raise NotConnected(
                f"Session '{self.session_id}' is not connected ({self.reason or self.state})",
                field="sessionId",
            )
        try:
            yield self.client
        finally:
            self.calls.leave()


def _without_previews(message: Any) -> Any:
    """``message``, or a copy of it without its media previews (the original stays as it is)."""
    inner = unwrap(message)
    fields = [
        (kind, preview)
        for kind, preview in _PREVIEWS
        if inner.HasField(kind) and getattr(getattr(inner, kind), preview)
    ]
    if not fields:
        return message
    lean = type(message)()
    lean.CopyFrom(message)
    target = unwrap(lean)
    for kind, preview in fields:
        getattr(target, kind).ClearField(preview)
    return lean

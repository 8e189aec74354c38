"""A WhatsApp Web session as the gateway sees it: a mirror of its state in the engine process,
and every operation as a request to that process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from inboxhub.engines.base import (
    Capability,
    EngineClient,
    EventSink,
    GroupAction,
    GroupInfo,
    Interactive,
    InvalidRecipient,
    MessageRef,
    NotConnected,
    NumberCheck,
    Outbound,
    ParticipantResult,
    Presence,
    ProfileChange,
    SendResult,
    SessionConfig,
    TemplateMessage,
    UserInfo,
)
from inboxhub.engines.events import (
    EngineEvent,
    LoggedOut,
    PairSuccess,
    QRCode,
    SessionState,
    StateChanged,
)
from inboxhub.engines.web.jids import canonical_jid, group_jid
from inboxhub.errors import ApiError, Conflict

if TYPE_CHECKING:
    from inboxhub.engines.web.supervisor import Supervisor

log = logging.getLogger(__name__)

_BATCH = 256
_FLUSH_TIMEOUT = 5.0
_PAIR_TIMEOUT = 40.0


class WebClient(EngineClient):
    # No business profiles (neonize does not bind whatsmeow's), no templates (a Cloud API thing),
    # no token login.
    capabilities = frozenset(
        {
            Capability.QR_LOGIN,
            Capability.PAIR_CODE,
            Capability.MEDIA,
            Capability.REACTIONS,
            Capability.EDIT,
            Capability.REVOKE,
            Capability.MARK_READ,
            Capability.GROUPS,
            Capability.STATUS_POST,
            Capability.STATUS_RECEIVE,
            Capability.HISTORY_SYNC,
            Capability.CONTACTS_LIST,
            Capability.NUMBER_CHECK,
            Capability.PRESENCE,
        }
    )

    def __init__(
        self,
        config: SessionConfig,
        sink: EventSink,
        supervisor: Supervisor,
        *,
        device_name: str | None = None,
        proxy_url: str | None = None,
    ) -> None:
        super().__init__(config, sink)
        # The engine process this session lives in, for the client's whole life.
        self.supervisor = supervisor
        self._start_options: dict[str, Any] = {"device_name": device_name} if device_name else {}
        if proxy_url:
            self._start_options["proxy_url"] = proxy_url
        self._events: deque[EngineEvent] = deque()
        self._drainer: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()
        self._starting = False

    # ---- events from the engine process ---------------------------------------------------------

    def receive(self, event: EngineEvent) -> None:
        """Mirror what the event says about the connection, then hand it to the sink in order."""
        self._apply(event)
        self._events.append(event)
        if self._drainer is None:
            self._idle.clear()
            self._drainer = asyncio.create_task(self._drain(), name=f"web:{self.session_id}:events")

    def _apply(self, event: EngineEvent) -> None:
        self.last_activity = datetime.now(UTC)
        if isinstance(event, StateChanged):
            if event.state == "disconnected" and not self._starting:
                # Ended for good (logged out, replaced, QR expired): not restarted with the process.
                self.supervisor.running.pop(self.session_id, None)
            self.state = event.state
            if event.state != "qr_code":
                self.qr_code, self.qr_expires_at = None, None
            if event.state != "connected" and event.reason:
                self.last_disconnect_reason = event.reason
            self.phone_number = event.phone_number or self.phone_number
            self.push_name = event.push_name or self.push_name
        elif isinstance(event, QRCode):
            self.qr_code, self.qr_expires_at = event.code, event.expires_at
        elif isinstance(event, PairSuccess):
            self.phone_number = event.phone_number
            self.push_name = event.push_name or self.push_name
        elif isinstance(event, LoggedOut):
            self.phone_number = None
            self.last_disconnect_reason = event.reason

    async def _drain(self) -> None:
        try:
            while self._events:
                batch = [self._events.popleft() for _ in range(min(len(self._events), _BATCH))]
                # The pool's sink enqueues as soon as each call starts, and gather starts them in
                # order: the batch keeps its order and is recorded in as few commits as it can.
                results = await asyncio.gather(
                    *(self.sink(event) for event in batch), return_exceptions=True
                )
                for event, result in zip(batch, results, strict=True):
                    if isinstance(result, BaseException):
                        log.error("%s: %s not recorded: %s", self.session_id, event, result)
        finally:
            self._drainer = None
            self._idle.set()

    async def _flush(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), _FLUSH_TIMEOUT)

    def _report(self, state: SessionState, reason: str | None) -> None:
        if state != self.state or (reason and reason != self.last_disconnect_reason):
            self.receive(StateChanged(session_id=self.session_id, state=state, reason=reason))

    def engine_lost(self, reason: str) -> None:
        """The engine process died (or cannot start): the session waits for the next one."""
        self._report("connecting", reason[:200])

    # ---- lifecycle ------------------------------------------------------------------------------

    @property
    def wanted(self) -> bool:
        return self.session_id in self.supervisor.running

    async def connect(self) -> None:
        if self.wanted and self.state != "disconnected":
            return
        self.state = "connecting"
        self._starting = True  # a late "disconnected" from before must not undo this start
        try:
            await self.supervisor.start_session(self.session_id, **self._start_options)
        except ApiError as exc:  # the process restarts the session when it comes back
            self._report("connecting", exc.message[:200])
            return
        finally:
            self._starting = False
        if not self.supervisor.ready:
            self._report("connecting", (self.supervisor.down_reason or "")[:200] or None)

    async def disconnect(self) -> None:
        try:
            await self.supervisor.stop_session(self.session_id)
        except ApiError as exc:
            log.warning("%s: stop failed: %s", self.session_id, exc.message)
        self._report("disconnected", "disconnected")
        await self._flush()

    async def logout(self) -> None:
        try:
            await self.supervisor.logout_session(self.session_id)
        except ApiError as exc:
            log.warning("%s: logout failed: %s", self.session_id, exc.message)
        if self.phone_number is not None or self.state != "disconnected":
            # The engine process did not get to say it (it is down): say it here.
            self.receive(LoggedOut(session_id=self.session_id, reason="logged_out"))
            self._report("disconnected", "logged_out")
        await self._flush()

    async def request_pairing_code(self, phone_number: str) -> str:
        if self.state == "connected":
            raise Conflict("The session is already linked to a phone", field="phoneNumber")
        if not self.wanted or self.state == "disconnected":
            await self.connect()
        code: str = await self._call("pair", phone_number=phone_number, wait=_PAIR_TIMEOUT)
        return code

    # ---- requests -------------------------------------------------------------------------------

    async def _call(self, op: str, *, wait: float | None = None, **kwargs: Any) -> Any:
        return await self.supervisor.call(op, self.session_id, wait=wait, **kwargs)

    async def _connected_call(self, op: str, **kwargs: Any) -> Any:
        if not self.is_connected:
            why = (
                self.last_disconnect_reason if self.state != "qr_code" else "waiting for a QR scan"
            )
            raise NotConnected(
                f"Session '{self.session_id}' is not connected ({self.state}: {why or 'not started'})",
                field="sessionId",
            )
        return await self._call(op, **kwargs)

    @staticmethod
    def _address(value: str, field: str) -> str:
        jid = canonical_jid(value)
        if jid is None:
            raise InvalidRecipient(f"'{value}' is not a WhatsApp number or JID", field=field)
        return jid

    @staticmethod
    def _group(value: str) -> str:
        jid = group_jid(value)
        if jid is None:
            raise InvalidRecipient(f"'{value}' is not a group id", field="groupId")
        return jid

    async def send_message(
        self, to: str, content: Outbound, *, reply_to: MessageRef | None = None
    ) -> SendResult:
        if isinstance(content, TemplateMessage):
            raise self._unsupported("send templates (a Cloud API feature)")
        if isinstance(content, Interactive):
            # whatsmeow can build buttons and lists, but WhatsApp no longer displays them from a
            # linked device: only the Business Platform's are shown.
            raise self._unsupported("send interactive messages (a Cloud API feature)")
        to = self._address(to, "to")
        result: SendResult = await self._connected_call(
            "send", to=to, content=content, reply_to=reply_to
        )
        return result

    async def edit_message(self, target: MessageRef, new_text: str) -> SendResult:
        result: SendResult = await self._connected_call("edit", target=target, text=new_text)
        return result

    async def revoke_message(self, target: MessageRef) -> None:
        await self._connected_call("revoke", target=target)

    async def mark_read(self, chat_id: str, refs: list[MessageRef]) -> None:
        if refs:
            await self._connected_call(
                "mark_read", chat_id=self._address(chat_id, "chatId"), refs=refs
            )

    async def send_presence(self, presence: Presence, chat_id: str | None = None) -> None:
        chat = self._address(chat_id, "chatId") if chat_id else None
        await self._connected_call("presence", presence=presence, chat_id=chat)

    async def set_blocked(self, jid: str, *, blocked: bool) -> list[str]:
        address = self._address(jid, "contactId")
        blocklist: list[str] = await self._connected_call("block", jid=address, blocked=blocked)
        return blocklist

    async def reject_call(self, call_id: str, caller_id: str) -> None:
        await self._connected_call("reject_call", call_id=call_id, caller_id=caller_id)

    async def update_profile(self, change: ProfileChange) -> UserInfo:
        info: UserInfo = await self._connected_call("profile", change=change)
        self.push_name = info.push_name or self.push_name
        return info

    async def download_media(self, media_ref: dict[str, Any]) -> tuple[bytes, str]:
        data: tuple[bytes, str] = await self._connected_call("download", ref=media_ref)
        return data

    async def is_on_whatsapp(self, numbers: list[str]) -> list[NumberCheck]:
        checks: list[NumberCheck] = await self._connected_call("is_on_whatsapp", numbers=numbers)
        return checks

    async def get_user_info(self, jid: str) -> UserInfo:
        info: UserInfo = await self._connected_call("user_info", address=self._address(jid, "jid"))
        return info

    async def get_contacts(self) -> list[UserInfo]:
        contacts: list[UserInfo] = await self._connected_call("contacts")
        return contacts

    async def create_group(self, subject: str, participants: list[str]) -> GroupInfo:
        members = [self._address(p, "participants") for p in participants]
        info: GroupInfo = await self._connected_call(
            "group_create", subject=subject, participants=members
        )
        return info

    async def get_group_info(self, group_id: str) -> GroupInfo:
        info: GroupInfo = await self._connected_call("group_info", group_id=self._group(group_id))
        return info

    async def get_joined_groups(self) -> list[GroupInfo]:
        groups: list[GroupInfo] = await self._connected_call("groups")
        return groups

    async def set_group_subject(self, group_id: str, subject: str) -> None:
        await self._connected_call("group_subject", group_id=self._group(group_id), subject=subject)

    async def set_group_description(self, group_id: str, description: str) -> None:
        await self._connected_call(
            "group_description", group_id=self._group(group_id), description=description
        )

    async def set_group_settings(
        self, group_id: str, *, announce: bool | None = None, locked: bool | None = None
    ) -> None:
        await self._connected_call(
            "group_settings", group_id=self._group(group_id), announce=announce, locked=locked
        )

    async def update_group_participants(
        self, group_id: str, action: GroupAction, participants: list[str]
    ) -> list[ParticipantResult]:
        members = [self._address(p, "participants") for p in participants]
        results: list[ParticipantResult] = await self._connected_call(
            "group_participants",
            group_id=self._group(group_id),
            action=action,
            participants=members,
        )
        return results

    async def get_group_invite_link(self, group_id: str, *, reset: bool = False) -> str:
        link: str = await self._connected_call(
            "group_invite", group_id=self._group(group_id), reset=reset
        )
        return link

    async def join_group_with_link(self, code: str) -> str:
        group: str = await self._connected_call("group_join", code=code)
        return group

    async def leave_group(self, group_id: str) -> None:
        await self._connected_call("group_leave", group_id=self._group(group_id))

    async def post_status(self, content: Outbound) -> SendResult:
        result: SendResult = await self._connected_call("status_post", content=content)
        return result

    async def mark_status_viewed(self, status_id: str, sender_id: str) -> None:
        await self._connected_call(
            "status_view", status_id=status_id, sender_id=self._address(sender_id, "senderId")
        )

    async def react_to_status(self, status_id: str, sender_id: str, emoji: str) -> SendResult:
        result: SendResult = await self._connected_call(
            "status_react",
            status_id=status_id,
            sender_id=self._address(sender_id, "senderId"),
            emoji=emoji,
        )
        return result

"""One sandbox session of this node, driven by the sandbox network process (see ``remote.py``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from typing import TYPE_CHECKING, Any

from inboxhub.engines.base import (
    EngineClient,
    EventSink,
    GroupAction,
    GroupInfo,
    MessageRef,
    NumberCheck,
    Outbound,
    ParticipantResult,
    Presence,
    ProfileChange,
    SendResult,
    SessionConfig,
    UserInfo,
)
from inboxhub.engines.events import StateChanged
from inboxhub.engines.sandbox.client import SandboxClient
from inboxhub.engines.sandbox.wire import ATTRIBUTES, REPLACED, Peer, Unreachable
from inboxhub.errors import ValidationFailed

if TYPE_CHECKING:
    from inboxhub.engines.sandbox.remote import RemoteSandboxEngine

log = logging.getLogger(__name__)

_FIRST_RETRY = 0.1
_LAST_RETRY = 5.0


class RemoteClient(EngineClient):
    capabilities = SandboxClient.capabilities

    def __init__(self, config: SessionConfig, sink: EventSink, engine: RemoteSandboxEngine) -> None:
        super().__init__(config, sink)
        self._engine = engine
        self._peer: Peer | None = None
        # Whether this node drives the session: reconnect when the network process goes away.
        self._wanted = False
        self._keeper: asyncio.Task[None] | None = None

    # ---- the connection -----------------------------------------------------------------------

    def _mirror(self, attributes: Any) -> None:
        if isinstance(attributes, dict):
            for name in ATTRIBUTES:
                if name in attributes:
                    setattr(self, name, attributes[name])

    async def _handle(self, op: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """What the network pushes: the session's events, answered once recorded."""
        if op != "event" or len(args) != 2:
            raise ValidationFailed(f"Operation '{op}' is not available here", field="op")
        event, attributes = args
        self._mirror(attributes)
        await self.sink(event)
        return None

    async def _attach(self, *, connect: bool = True) -> Peer:
        """Open this session's connection and have the network connect the session."""
        peer = await self._engine.open(self._handle)
        try:
            self._mirror(await peer.call("attach", self.config))
            if connect:
                _, attributes = await peer.call("connect")
                self._mirror(attributes)
        except BaseException:
            await peer.ws.close()
            raise
        self._peer = peer
        return peer

    async def _lost(self, reason: str) -> None:
        """Like a phone losing its server: ``connecting`` with the reason, until it is back."""
        if self.state == "connecting" and self.last_disconnect_reason == reason:
            return
        self.state = "connecting"
        self.last_disconnect_reason = reason
        self.qr_code = None
        self.qr_expires_at = None
        await self.sink(
            StateChanged(
                session_id=self.session_id,
                state="connecting",
                reason=reason,
                phone_number=self.phone_number,
                push_name=self.push_name,
            )
        )

    async def _keep(self, peer: Peer | None) -> None:
        """Reconnect with backoff whenever the connection drops, while this node drives it."""
        delay = _FIRST_RETRY
        while self._wanted:
            if peer is not None:
                await peer.closed.wait()
                self._peer = None
                if not self._wanted:
                    return
                if peer.ws.close_code == REPLACED:
                    # Another node drives the session now: WhatsApp's "stream replaced".
                    self._wanted = False
                    self.state = "disconnected"
                    self.last_disconnect_reason = "replaced"
                    await self.sink(
                        StateChanged(
                            session_id=self.session_id, state="disconnected", reason="replaced"
                        )
                    )
                    return
                log.warning("session %s lost the sandbox network; reconnecting", self.session_id)
                await self._lost("connection_lost")
                delay = _FIRST_RETRY
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
            delay = min(delay * 2, _LAST_RETRY)
            try:
                peer = await self._attach()
            except Unreachable:
                peer = None

    async def connect(self) -> None:
        if self._wanted:
            if self._peer is not None:  # e.g. a new login after the last one timed out
                self._mirror((await self._peer.call("connect"))[1])
            return
        self._wanted = True
        peer: Peer | None
        try:
            peer = await self._attach()
        except Unreachable:
            log.warning("session %s cannot reach the sandbox network yet", self.session_id)
            peer = None
            await self._lost("network_unreachable")
        self._keeper = asyncio.create_task(self._keep(peer), name=f"sandbox:{self.session_id}")

    async def _stop_keeping(self) -> Peer | None:
        self._wanted = False
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
        peer, self._peer = self._peer, None
        return peer

    async def disconnect(self) -> None:
        peer = await self._stop_keeping()
        if peer is not None:
            with contextlib.suppress(Unreachable):
                self._mirror((await peer.call("disconnect"))[1])
            await peer.ws.close()
        if self.state != "disconnected":
            self.state = "disconnected"
            self.last_disconnect_reason = "disconnected"
            await self.sink(
                StateChanged(
                    session_id=self.session_id, state="disconnected", reason="disconnected"
                )
            )

    async def logout(self) -> None:
        peer = await self._stop_keeping()
        try:
            if peer is None:
                # The network forgets the link even while this node is not connected to it.
                peer = await self._attach(connect=False)
            self._mirror((await peer.call("logout"))[1])
        finally:
            if peer is not None:
                await peer.ws.close()

    async def close(self) -> None:
        """The engine stops: let go of the connection without telling anyone."""
        peer = await self._stop_keeping()
        if peer is not None:
            await peer.ws.close()

    async def _call(self, op: str, *args: Any, **kwargs: Any) -> Any:
        peer = self._peer
        if peer is None:
            raise Unreachable(
                f"Session '{self.session_id}' is not connected: the sandbox network is unreachable",
                field="sessionId",
            )
        result, attributes = await peer.call(op, *args, **kwargs)
        self._mirror(attributes)
        return result

    # ---- the engine contract, played by the network ------------------------------------------

    async def request_pairing_code(self, phone_number: str) -> str:
        if not self._wanted:
            await self.connect()
        code: str = await self._call("request_pairing_code", phone_number)
        return code

    async def send_message(
        self, to: str, content: Outbound, *, reply_to: MessageRef | None = None
    ) -> SendResult:
        result: SendResult = await self._call("send_message", to, content, reply_to=reply_to)
        return result

    async def edit_message(self, target: MessageRef, new_text: str) -> SendResult:
        result: SendResult = await self._call("edit_message", target, new_text)
        return result

    async def revoke_message(self, target: MessageRef) -> None:
        await self._call("revoke_message", target)

    async def mark_read(self, chat_id: str, refs: list[MessageRef]) -> None:
        await self._call("mark_read", chat_id, refs)

    async def download_media(self, media_ref: dict[str, Any]) -> tuple[bytes, str]:
        data, mimetype = await self._call("download_media", media_ref)
        return data, mimetype

    async def is_on_whatsapp(self, numbers: list[str]) -> list[NumberCheck]:
        result: list[NumberCheck] = await self._call("is_on_whatsapp", numbers)
        return result

    async def get_user_info(self, jid: str) -> UserInfo:
        result: UserInfo = await self._call("get_user_info", jid)
        return result

    async def get_contacts(self) -> list[UserInfo]:
        result: list[UserInfo] = await self._call("get_contacts")
        return result

    async def create_group(self, subject: str, participants: list[str]) -> GroupInfo:
        result: GroupInfo = await self._call("create_group", subject, participants)
        return result

    async def get_group_info(self, group_id: str) -> GroupInfo:
        result: GroupInfo = await self._call("get_group_info", group_id)
        return result

    async def get_joined_groups(self) -> list[GroupInfo]:
        result: list[GroupInfo] = await self._call("get_joined_groups")
        return result

    async def set_group_subject(self, group_id: str, subject: str) -> None:
        await self._call("set_group_subject", group_id, subject)

    async def set_group_description(self, group_id: str, description: str) -> None:
        await self._call("set_group_description", group_id, description)

    async def set_group_settings(
        self, group_id: str, *, announce: bool | None = None, locked: bool | None = None
    ) -> None:
        await self._call("set_group_settings", group_id, announce=announce, locked=locked)

    async def update_group_participants(
        self, group_id: str, action: GroupAction, participants: list[str]
    ) -> list[ParticipantResult]:
        result: list[ParticipantResult] = await self._call(
            "update_group_participants", group_id, action, participants
        )
        return result

    async def get_group_invite_link(self, group_id: str, *, reset: bool = False) -> str:
        link: str = await self._call("get_group_invite_link", group_id, reset=reset)
        return link

    async def join_group_with_link(self, code: str) -> str:
        jid: str = await self._call("join_group_with_link", code)
        return jid

    async def leave_group(self, group_id: str) -> None:
        await self._call("leave_group", group_id)

    async def post_status(self, content: Outbound) -> SendResult:
        result: SendResult = await self._call("post_status", content)
        return result

    async def mark_status_viewed(self, status_id: str, sender_id: str) -> None:
        await self._call("mark_status_viewed", status_id, sender_id)

    async def react_to_status(self, status_id: str, sender_id: str, emoji: str) -> SendResult:
        result: SendResult = await self._call("react_to_status", status_id, sender_id, emoji)
        return result

    async def send_presence(self, presence: Presence, chat_id: str | None = None) -> None:
        await self._call("send_presence", presence, chat_id)

    async def set_blocked(self, jid: str, *, blocked: bool) -> list[str]:
        result: list[str] = await self._call("set_blocked", jid, blocked=blocked)
        return result

    async def reject_call(self, call_id: str, caller_id: str) -> None:
        await self._call("reject_call", call_id, caller_id)

    async def update_profile(self, change: ProfileChange) -> UserInfo:
        info: UserInfo = await self._call("update_profile", change)
        self.push_name = info.push_name or self.push_name
        return info

"""Sandbox messaging: sends, receipts and inbound messages between sessions and simulated contacts.

What WhatsApp's servers do is played here: a message to the number of another sandbox session
arrives there as inbound, and its delivered/read receipts flow back; a number no session owns is
a simulated contact that acknowledges ``delivered`` at once and reads when told to (sandbox API).
Deliveries run in tasks of their own, never inside the sender's call, like the real network, and
go through the network's mailbox (``mailbox.py``), which keeps them until the recipient stored them.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from inboxhub.engines.base import (
    ContactCards,
    EngineClient,
    EngineError,
    InvalidRecipient,
    LocationPin,
    Media,
    MessageRef,
    NotConnected,
    NotFoundOnEngine,
    Outbound,
    Reaction,
    SendResult,
    TemplateMessage,
    Text,
)
from inboxhub.engines.events import (
    EngineEvent,
    InboundMessage,
    MediaInfo,
    MessageEdited,
    MessageReceived,
    MessageRevoked,
    Receipt,
    ReceiptStatus,
)
from inboxhub.engines.sandbox.directory import number_exists
from inboxhub.engines.sandbox.groups import group_recipients
from inboxhub.engines.sandbox.mailbox import Letter

if TYPE_CHECKING:
    from inboxhub.engines.sandbox.client import SandboxClient
    from inboxhub.engines.sandbox.network import SandboxNetwork

_SENT_LOG_LIMIT = 100_000


@dataclass
class _Sent:
    session_id: str | None  # the sandbox session that sent it (None: a simulated contact)
    sender_jid: str
    chat_id: str  # the chat as the sender sees it


@dataclass
class SandboxMessaging:
    """The network's messaging memory: media bytes (like WhatsApp's CDN) and who sent what."""

    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    sent: dict[str, _Sent] = field(default_factory=dict)
    # Fault injection: acknowledge delivery before the send call returns its id, the race a
    # real network sometimes wins.
    receipt_before_send_returns: bool = False
    # Numbers that are not on WhatsApp: sends to them fail like WhatsApp's own refusal.
    not_on_whatsapp: set[str] = field(default_factory=set)

    def remember(self, wamid: str, entry: _Sent) -> None:
        self.sent[wamid] = entry
        if len(self.sent) > _SENT_LOG_LIMIT:
            self.sent.pop(next(iter(self.sent)))


def messaging_of(network: SandboxNetwork) -> SandboxMessaging:
    state = network.state.get("messaging")
    if not isinstance(state, SandboxMessaging):
        state = network.state["messaging"] = SandboxMessaging()
    return state


def new_message_id() -> str:
    """Shaped like the ids WhatsApp Web gives (``3EB0`` + 18 hex digits)."""
    return "3EB0" + secrets.token_hex(9).upper()


def user_jid(phone: str) -> str:
    return f"{phone}@s.whatsapp.net"


def inbound_from(
    content: Outbound,
    *,
    wamid: str,
    chat_id: str,
    sender_id: str,
    from_me: bool,
    push_name: str | None,
    at: datetime,
    quoted_id: str | None = None,
    media_key: str | None = None,
    inline_media: bool = True,
) -> InboundMessage:
    """Engine content as the receiving side sees it."""
    message = InboundMessage(
        id=wamid,
        chat_id=chat_id,
        sender_id=sender_id,
        from_me=from_me,
        timestamp=at,
        type="text",
        push_name=push_name,
        sender_phone=sender_id.split("@", 1)[0] if sender_id.endswith("@s.whatsapp.net") else None,
        quoted_id=quoted_id,
        is_group=chat_id.endswith("@g.us"),
    )
    if isinstance(content, Text):
        message.text, message.mentions = content.body, list(content.mentions)
    elif isinstance(content, Media):
        message.type, message.caption = content.kind, content.caption
        message.mentions = list(content.mentions)
        message.media = MediaInfo(
            mimetype=content.mimetype,
            size=len(content.data),
            filename=content.filename,
            data=content.data if inline_media else None,
            ptt=content.ptt,
            engine_ref={"key": media_key} if media_key else None,
        )
    elif isinstance(content, LocationPin):
        message.type, message.location = "location", content.location
    elif isinstance(content, ContactCards):
        message.type, message.vcards = "contact", list(content.vcards)
        message.contact_display_name = content.display_name
    elif isinstance(content, Reaction):
        message.type, message.reaction = "reaction", content.emoji
        message.reaction_target_id = content.target.id
    else:
        raise InvalidRecipient(f"The sandbox cannot deliver {type(content).__name__}")
    return message


class MessagingMixin(EngineClient):
    network: SandboxNetwork

    if TYPE_CHECKING:

        def _spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]: ...

        async def emit(self, event: EngineEvent) -> None: ...

    @property
    def own_jid(self) -> str:
        return user_jid(self.phone_number or "0")

    def _peer(self, jid: str) -> SandboxClient | None:
        """The sandbox session that owns a phone JID, if it is connected."""
        if not jid.endswith("@s.whatsapp.net"):
            return None
        peer = self.network.by_phone.get(jid.split("@", 1)[0])
        return peer if peer is not None and peer is not self and peer.is_connected else None

    # ---- sending ------------------------------------------------------------------------------

    async def send_message(
        self, to: str, content: Outbound, *, reply_to: MessageRef | None = None
    ) -> SendResult:
        if isinstance(content, TemplateMessage):
            # Templates are Meta's Cloud API alone; a linked-device session has none.
            raise self._unsupported("send templates (a Cloud API feature)")
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="sessionId")
        if not to.endswith(("@s.whatsapp.net", "@g.us", "@lid")):
            raise InvalidRecipient(f"'{to}' is not a WhatsApp chat", field="to")
        if to.endswith("@g.us"):
            group_recipients(self.network, self, to)  # refuses non-members, as WhatsApp does
        elif to.endswith("@s.whatsapp.net") and not number_exists(self.network, to.split("@")[0]):
            raise InvalidRecipient(f"{to.split('@', 1)[0]} is not on WhatsApp", field="to")
        wamid, at = new_message_id(), datetime.now(UTC)
        self.record_sent(wamid, to, content)
        # The network keeps the message (and the sender's receipt) before the id is returned, so
        # a crash of the gateway cannot lose what WhatsApp already accepted.
        letters = self._letters_to_peers(
            to, content, wamid=wamid, at=at, quoted_id=reply_to.id if reply_to else None
        )
        letters.append(self._delivered_receipt(to, wamid))
        if messaging_of(self.network).receipt_before_send_returns:
            await self.network.mailbox.hand_over(letters)
        else:
            self._hand_over_later(letters, f"deliver:{wamid}")
        return SendResult(id=wamid, timestamp=at)

    def record_sent(self, wamid: str, to: str, content: Outbound) -> None:
        state = messaging_of(self.network)
        if isinstance(content, Media):
            state.media[wamid] = (content.data, content.mimetype)
        state.remember(wamid, _Sent(self.session_id, self.own_jid, to))

    def _hand_over_later(self, letters: list[Letter], name: str) -> None:
        """Deliveries run in a task of their own, like the real network's; a task cancelled
        before it ran leaves its letters for the recipient's next reconnect."""
        mailbox = self.network.mailbox
        task = self._spawn(mailbox.hand_over(letters), name)
        task.add_done_callback(lambda _: mailbox.release(letters))

    def _delivered_receipt(self, to: str, wamid: str) -> Letter:
        receipt = Receipt(
            session_id=self.session_id,
            chat_id=to,
            message_ids=[wamid],
            status="delivered",
            timestamp=datetime.now(UTC),
        )
        return self.network.mailbox.post(self, receipt)

    def _letters_to_peers(
        self, to: str, content: Outbound, *, wamid: str, at: datetime, quoted_id: str | None
    ) -> list[Letter]:
        """The message as each receiving sandbox session gets it: the peer that owns the number,
        or every other member session of a group."""
        if to.endswith("@g.us"):
            try:
                peers = group_recipients(self.network, self, to)
            except EngineError:
                return []  # left or was removed
            chat_id = to
        else:
            peer = self._peer(to)
            peers = [peer] if peer is not None else []
            chat_id = self.own_jid
        letters = []
        for peer in peers:
            message = inbound_from(
                content,
                wamid=wamid,
                chat_id=chat_id,
                sender_id=self.own_jid,
                from_me=False,
                push_name=self.push_name,
                at=at,
                quoted_id=quoted_id,
                media_key=wamid if isinstance(content, Media) else None,
            )
            event = MessageReceived(session_id=peer.session_id, message=message)
            letters.append(self.network.mailbox.post(peer, event))
        return letters

    async def edit_message(self, target: MessageRef, new_text: str) -> SendResult:
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="sessionId")
        at = datetime.now(UTC)
        peer = self._peer(target.chat_id)
        if peer is not None:
            event = MessageEdited(
                session_id=peer.session_id,
                chat_id=self.own_jid,
                message_id=target.id,
                new_text=new_text,
                timestamp=at,
            )
            self._hand_over_later([self.network.mailbox.post(peer, event)], f"edit:{target.id}")
        return SendResult(id=new_message_id(), timestamp=at)

    async def revoke_message(self, target: MessageRef) -> None:
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="sessionId")
        peer = self._peer(target.chat_id)
        if peer is not None:
            event = MessageRevoked(
                session_id=peer.session_id,
                chat_id=self.own_jid,
                message_id=target.id,
                timestamp=datetime.now(UTC),
            )
            letter = self.network.mailbox.post(peer, event)
            self._hand_over_later([letter], f"revoke:{target.id}")

    async def mark_read(self, chat_id: str, refs: list[MessageRef]) -> None:
        """Read receipts go to whoever sent each message, if it is a sandbox session."""
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="sessionId")
        state = messaging_of(self.network)
        by_sender: dict[str, list[str]] = {}
        for ref in refs:
            sent = state.sent.get(ref.id)
            if sent is not None and sent.session_id and sent.session_id != self.session_id:
                by_sender.setdefault(sent.session_id, []).append(ref.id)
        for session_id, ids in by_sender.items():
            sender = self.network.clients.get(session_id)
            if sender is not None and sender.is_connected:
                receipt = Receipt(
                    session_id=session_id,
                    chat_id=chat_id if chat_id.endswith("@g.us") else self.own_jid,
                    message_ids=ids,
                    status="read",
                    timestamp=datetime.now(UTC),
                    sender_id=self.own_jid,
                )
                letter = self.network.mailbox.post(sender, receipt)
                self._hand_over_later([letter], f"read:{ids[0]}")

    async def download_media(self, media_ref: dict[str, Any]) -> tuple[bytes, str]:
        found = messaging_of(self.network).media.get(str(media_ref.get("key")))
        if found is None:
            raise NotFoundOnEngine("The sandbox no longer has this media", field="mediaId")
        return found

    # ---- the outside world (sandbox API) ------------------------------------------------------

    async def receive(
        self,
        content: Outbound,
        *,
        sender_phone: str,
        push_name: str | None,
        group: str | None = None,
        quoted_id: str | None = None,
        inline_media: bool = True,
        history: bool = False,
    ) -> str:
        """A simulated contact writes to this session (in a group, with ``group``). Returns once
        the message is stored."""
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="to")
        wamid, at = new_message_id(), datetime.now(UTC)
        sender = user_jid(sender_phone)
        state = messaging_of(self.network)
        if isinstance(content, Media):
            state.media[wamid] = (content.data, content.mimetype)
        state.remember(wamid, _Sent(None, sender, group or self.own_jid))
        message = inbound_from(
            content,
            wamid=wamid,
            chat_id=group or sender,
            sender_id=sender,
            from_me=False,
            push_name=push_name,
            at=at,
            quoted_id=quoted_id,
            media_key=wamid if isinstance(content, Media) else None,
            inline_media=inline_media,
        )
        event = MessageReceived(session_id=self.session_id, message=message, history=history)
        await self.network.mailbox.hand_over([self.network.mailbox.post(self, event)])
        return wamid

    async def send_from_phone(
        self, to: str, content: Outbound, *, quoted_id: str | None = None
    ) -> str:
        """The user sends from the phone itself: the session sees its own message (fromMe), a
        peer session receives it. Returns once both are stored; receipts follow."""
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="from")
        wamid, at = new_message_id(), datetime.now(UTC)
        self.record_sent(wamid, to, content)
        own = inbound_from(
            content,
            wamid=wamid,
            chat_id=to,
            sender_id=self.own_jid,
            from_me=True,
            push_name=self.push_name,
            at=at,
            quoted_id=quoted_id,
            media_key=wamid if isinstance(content, Media) else None,
        )
        mailbox = self.network.mailbox
        letters = [mailbox.post(self, MessageReceived(session_id=self.session_id, message=own))]
        letters += self._letters_to_peers(to, content, wamid=wamid, at=at, quoted_id=quoted_id)
        receipt = self._delivered_receipt(to, wamid)
        try:
            await mailbox.hand_over(letters)
        finally:
            self._hand_over_later([receipt], f"delivered:{wamid}")
        return wamid

    def sent_to(self, jid: str) -> list[str]:
        """WhatsApp ids of what this session sent to ``jid`` (for "the contact read them all")."""
        return [
            wamid
            for wamid, sent in messaging_of(self.network).sent.items()
            if sent.session_id == self.session_id and sent.chat_id == jid
        ]

    async def contact_receipt(
        self, reader_phone: str, message_ids: list[str], status: ReceiptStatus
    ) -> None:
        """A simulated contact received, read or played messages this session sent."""
        receipt = Receipt(
            session_id=self.session_id,
            chat_id=user_jid(reader_phone),
            message_ids=message_ids,
            status=status,
            timestamp=datetime.now(UTC),
            sender_id=user_jid(reader_phone),
        )
        await self.network.mailbox.hand_over([self.network.mailbox.post(self, receipt)])

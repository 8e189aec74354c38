"""Sandbox messaging: sends, receipts and inbound messages between sessions and simulated contacts.

What WhatsApp's servers do is played here: a message to the number of another sandbox session
arrives there as inbound, and its delivered/read receipts flow back; while that session's device
is offline, messages, edits, deletions and receipts for it wait and arrive when it reconnects
(``delivered`` then). A number no session is linked to is a simulated contact that acknowledges
``delivered`` at once and reads when told to (sandbox API).
Deliveries run in tasks of their own, never inside the sender's call, like the real network, and
go through the network's mailbox (``mailbox.py``), which keeps them until the recipient stored them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from inboxhub.engines.base import (
    ContactCards,
    EngineClient,
    EngineError,
    Interactive,
    InvalidRecipient,
    LocationPin,
    Media,
    MessageRef,
    NotConnected,
    NotFoundOnEngine,
    Outbound,
    Presence,
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
from inboxhub.engines.sandbox.directory import number_exists, offline
from inboxhub.engines.sandbox.groups import group_recipients, offline_members
from inboxhub.engines.sandbox.mailbox import Letter
from inboxhub.random_ids import hex_digits

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
    # What each session last showed: (session id, chat or "" for everyone) -> presence.
    presences: dict[tuple[str, str], str] = field(default_factory=dict)
    blocked: dict[str, set[str]] = field(default_factory=dict)  # session id -> JIDs

    def remember(self, wamid: str, entry: _Sent) -> None:
        self.sent[wamid] = entry
        if len(self.sent) > _SENT_LOG_LIMIT:
            self.sent.pop(next(iter(self.sent)))


def messaging_of(network: SandboxNetwork) -> SandboxMessaging:
    state = network.state.get("messaging")
    if not isinstance(state, SandboxMessaging):
        state = network.state["messaging"] = SandboxMessaging()
    return state


def confirm_delivery(network: SandboxNetwork, session_id: str, kept: list[EngineEvent]) -> None:
    """A device that was offline has what was kept for it: the sandbox sessions that wrote to it
    hear "delivered" for those direct messages now (group messages were acknowledged at once)."""
    recipient = network.clients.get(session_id)
    if recipient is None or not recipient.is_connected:
        return
    by_sender: dict[str, list[str]] = {}
    for event in kept:
        if not isinstance(event, MessageReceived) or event.history:
            continue
        message = event.message
        if message.from_me or message.chat_id.endswith("@g.us"):
            continue
        sender = network.linked.get(message.sender_id.split("@", 1)[0])
        if sender is not None and sender != session_id:
            by_sender.setdefault(sender, []).append(message.id)
    for sender, ids in by_sender.items():
        receipt = Receipt(
            session_id=sender,
            chat_id=recipient.own_jid,
            message_ids=ids,
            status="delivered",
            timestamp=datetime.now(UTC),
        )
        recipient._notify(sender, receipt, f"delivered:{ids[0]}")


def new_message_id() -> str:
    """Shaped like the ids WhatsApp Web gives (``3EB0`` + 18 hex digits)."""
    return "3EB0" + hex_digits(18).upper()


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
    elif isinstance(content, Interactive):
        message.type, message.text = "interactive", content.body
        message.interactive = {
            "type": content.kind,
            "body": content.body,
            "header": content.header,
            "footer": content.footer,
            "action": content.action,
        }
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

    def _away(self, jid: str) -> str | None:
        """The session (not this one) whose device owns a phone JID while it is offline."""
        if not jid.endswith("@s.whatsapp.net"):
            return None
        session_id = offline(self.network, jid.split("@", 1)[0])
        return session_id if session_id != self.session_id else None

    def _recipients_of(self, chat_id: str) -> list[str]:
        """The session that owns a direct chat's number, online or not; none for a contact."""
        peer = self._peer(chat_id)
        if peer is not None:
            return [peer.session_id]
        return [s for s in [self._away(chat_id)] if s is not None]

    def _notify(self, session_id: str, event: EngineEvent, name: str) -> None:
        """Hand ``event`` to a session's device now if it is online, else once it reconnects
        (nothing, for a session no longer linked)."""
        client = self.network.clients.get(session_id)
        if client is not None and client.is_connected:
            self._hand_over_later([self.network.mailbox.post(client, event)], name)
        elif session_id in self.network.linked.values():
            self.network.mailbox.keep_for_later(session_id, event)

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
        letters, waits = self._letters_to_peers(
            to, content, wamid=wamid, at=at, quoted_id=reply_to.id if reply_to else None
        )
        if not waits:  # else "delivered" comes back once the offline device has it
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
    ) -> tuple[list[Letter], bool]:
        """The message as each receiving sandbox session gets it: the peer that owns the number,
        or every other member session of a group. Sessions whose devices are offline get it
        when they reconnect; the flag says the one recipient of a direct message is such."""
        if to.endswith("@g.us"):
            try:
                peers = group_recipients(self.network, self, to)
            except EngineError:
                return [], False  # left or was removed
            away = offline_members(self.network, self, to)
            chat_id = to
        else:
            peer = self._peer(to)
            peers = [peer] if peer is not None else []
            away = [s for s in [self._away(to)] if s is not None]
            chat_id = self.own_jid

        def received(session_id: str) -> MessageReceived:
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
            return MessageReceived(session_id=session_id, message=message)

        mailbox = self.network.mailbox
        for session_id in away:
            mailbox.keep_for_later(session_id, received(session_id))
        letters = [mailbox.post(peer, received(peer.session_id)) for peer in peers]
        return letters, bool(away) and chat_id != to

    async def edit_message(self, target: MessageRef, new_text: str) -> SendResult:
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="sessionId")
        at = datetime.now(UTC)
        for session_id in self._recipients_of(target.chat_id):
            event = MessageEdited(
                session_id=session_id,
                chat_id=self.own_jid,
                message_id=target.id,
                new_text=new_text,
                timestamp=at,
            )
            self._notify(session_id, event, f"edit:{target.id}")
        return SendResult(id=new_message_id(), timestamp=at)

    async def revoke_message(self, target: MessageRef) -> None:
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="sessionId")
        for session_id in self._recipients_of(target.chat_id):
            event = MessageRevoked(
                session_id=session_id,
                chat_id=self.own_jid,
                message_id=target.id,
                timestamp=datetime.now(UTC),
            )
            self._notify(session_id, event, f"revoke:{target.id}")

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
            receipt = Receipt(
                session_id=session_id,
                chat_id=chat_id if chat_id.endswith("@g.us") else self.own_jid,
                message_ids=ids,
                status="read",
                timestamp=datetime.now(UTC),
                sender_id=self.own_jid,
            )
            self._notify(session_id, receipt, f"read:{ids[0]}")

    async def send_presence(self, presence: Presence, chat_id: str | None = None) -> None:
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="sessionId")
        messaging_of(self.network).presences[(self.session_id, chat_id or "")] = presence

    async def set_blocked(self, jid: str, *, blocked: bool) -> list[str]:
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="sessionId")
        mine = messaging_of(self.network).blocked.setdefault(self.session_id, set())
        if blocked:
            mine.add(jid)
        else:
            mine.discard(jid)
        return sorted(mine)

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
        interactive_reply: dict[str, Any] | None = None,
    ) -> str:
        """A simulated contact writes to this session (in a group, with ``group``), or taps a
        button or list row of its interactive message (``interactive_reply``). Returns once
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
        message.interactive_reply = interactive_reply
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
        to_peers, waits = self._letters_to_peers(
            to, content, wamid=wamid, at=at, quoted_id=quoted_id
        )
        letters += to_peers
        receipts = [] if waits else [self._delivered_receipt(to, wamid)]
        try:
            await mailbox.hand_over(letters)
        finally:
            self._hand_over_later(receipts, f"delivered:{wamid}")
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

"""What one WhatsApp message says, read from neonize's protobufs; and time and JIDs as the
gateway writes them.

Time units differ by source (``MessageInfo.Timestamp`` is in ms, receipts, history and send
responses in s): ``to_datetime`` takes either.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from inboxhub.engines.events import Location, MediaInfo
from inboxhub.engines.web.jids import canonical_jid

# Past this a number is a millisecond timestamp: 1e11 seconds is the year 5138.
_MS_THRESHOLD = 100_000_000_000
_WRAPPERS = (
    "ephemeralMessage",
    "viewOnceMessage",
    "viewOnceMessageV2",
    "viewOnceMessageV2Extension",
    "documentWithCaptionMessage",
    "editedMessage",
    "deviceSentMessage",
)
# Fields that travel beside content (encryption keys, context) and say nothing by themselves.
_SIGNALLING = frozenset(
    {
        "senderKeyDistributionMessage",
        "fastRatchetKeySenderKeyDistributionMessage",
        "messageContextInfo",
    }
)
_POLLS = tuple(f"pollCreationMessage{suffix}" for suffix in ("", "V2", "V3", "V4", "V5", "V6"))


def to_datetime(value: float) -> datetime:
    if value <= 0:
        return datetime.now(UTC)
    if value > _MS_THRESHOLD:
        value = value / 1000
    return datetime.fromtimestamp(value, UTC)


def jid_text(jid: Any) -> str:
    """A neonize ``JID`` as a canonical string (device and agent dropped); "" when empty."""
    user, server = str(jid.User), str(jid.Server)
    if not server:
        return ""
    raw = f"{user}@{server}" if user else server
    return canonical_jid(raw) or raw


@dataclass
class Content:
    """What a message says. Messages that are not text keep their words in ``caption`` too:
    that is the body the gateway records for them."""

    type: str
    text: str | None = None
    caption: str | None = None
    media: MediaInfo | None = None
    location: Location | None = None
    vcards: list[str] = field(default_factory=list)
    contact_display_name: str | None = None
    quoted_id: str | None = None
    mentions: list[str] = field(default_factory=list)
    reaction: str | None = None
    reaction_target_id: str | None = None
    interactive_reply: dict[str, Any] | None = None  # a tapped button or list row: its id


def unwrap(message: Any) -> Any:
    """The content inside ephemeral, view-once, document-with-caption and edit wrappers."""
    for _ in range(len(_WRAPPERS)):
        for wrapper in _WRAPPERS:
            if message.HasField(wrapper) and getattr(message, wrapper).HasField("message"):
                message = getattr(message, wrapper).message
                break
        else:
            return message
    return message


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def media_info(kind: str, sub: Any, default_mimetype: str) -> MediaInfo:
    """What a media message says about its file, and what ``download_media`` needs to fetch it."""
    mimetype = str(sub.mimetype) or default_mimetype
    return MediaInfo(
        mimetype=mimetype,
        size=int(sub.fileLength) or None,
        filename=str(getattr(sub, "fileName", "")) or None,
        url=str(sub.URL) or None,
        sha256=bytes(sub.fileSHA256).hex() or None,
        duration_seconds=int(getattr(sub, "seconds", 0)) or None,
        ptt=bool(getattr(sub, "PTT", False)),
        engine_ref={
            "engine": "web",
            "kind": kind,
            "mimetype": mimetype,
            "directPath": str(sub.directPath),
            "mediaKey": _b64(sub.mediaKey),
            "fileEncSHA256": _b64(sub.fileEncSHA256),
            "fileSHA256": _b64(sub.fileSHA256),
            "fileLength": int(sub.fileLength),
        },
    )


def _with_context(content: Content, sub: Any) -> Content:
    if sub.HasField("contextInfo"):
        context = sub.contextInfo
        content.quoted_id = str(context.stanzaID) or None
        content.mentions = [m for m in (canonical_jid(str(j)) for j in context.mentionedJID) if m]
    return content


def parse_content(message: Any) -> Content | None:
    """The gateway's view of one message's content; None for what is not a chat message."""
    m = unwrap(message)
    if m.HasField("conversation"):
        return Content(type="text", text=str(m.conversation))
    if m.HasField("extendedTextMessage"):
        sub = m.extendedTextMessage
        return _with_context(Content(type="text", text=str(sub.text)), sub)
    for name, kind, default in (
        ("imageMessage", "image", "image/jpeg"),
        ("videoMessage", "video", "video/mp4"),
        ("ptvMessage", "video", "video/mp4"),
        ("audioMessage", "audio", "audio/ogg"),
        ("documentMessage", "document", "application/octet-stream"),
        ("stickerMessage", "sticker", "image/webp"),
    ):
        if m.HasField(name):
            sub = getattr(m, name)
            caption = str(getattr(sub, "caption", "")) or None
            content = Content(
                type=kind, text=caption, caption=caption, media=media_info(kind, sub, default)
            )
            return _with_context(content, sub)
    for name in ("locationMessage", "liveLocationMessage"):
        if m.HasField(name):
            sub = getattr(m, name)
            location = Location(
                latitude=float(sub.degreesLatitude),
                longitude=float(sub.degreesLongitude),
                name=str(getattr(sub, "name", "")) or None,
                address=str(getattr(sub, "address", "")) or None,
            )
            return _with_context(Content(type="location", location=location), sub)
    if m.HasField("contactMessage"):
        sub = m.contactMessage
        display = str(sub.displayName) or None
        card = Content(
            type="contact", text=display, vcards=[str(sub.vcard)], contact_display_name=display
        )
        return _with_context(card, sub)
    if m.HasField("contactsArrayMessage"):
        sub = m.contactsArrayMessage
        display = str(sub.displayName) or None
        vcards = [str(c.vcard) for c in sub.contacts]
        cards = Content(type="contact", text=display, vcards=vcards, contact_display_name=display)
        return _with_context(cards, sub)
    if m.HasField("reactionMessage"):
        sub = m.reactionMessage
        return Content(
            type="reaction", reaction=str(sub.text), reaction_target_id=str(sub.key.ID) or None
        )
    reply = _reply(m)
    if reply is not None:
        return reply
    for name in _POLLS:
        if m.HasField(name):
            sub = getattr(m, name)
            text = poll_text(sub)
            return _with_context(Content(type="poll", text=text, caption=text), sub)
    if m.HasField("pollUpdateMessage"):
        # The choice is encrypted: ``mapping`` reads it with the session's keys.
        target = str(m.pollUpdateMessage.pollCreationMessageKey.ID) or None
        return Content(type="poll_vote", quoted_id=target)
    found = content_kind(m)
    if found is None:
        return None
    # Kept, never dropped: the CRM sees that something arrived and what whatsmeow called it.
    note = f"unsupported message type '{found}'"
    return Content(type="unsupported", text=note, caption=note)


def content_kind(message: Any) -> str | None:
    """whatsmeow's name for what a message carries (``eventMessage``…); None when it carries
    only keys and context."""
    for descriptor, _ in message.ListFields():
        if descriptor.name not in _SIGNALLING:
            return str(descriptor.name)
    return None


def poll_text(poll: Any) -> str:
    """A poll as a person reads it: the question, then one option a line."""
    lines = [str(poll.name), *(f"- {option.optionName}" for option in poll.options)]
    return "\n".join(lines)


def poll_options(message: Any, hashes: set[bytes]) -> list[str]:
    """The options of a poll whose SHA-256 is among ``hashes``, in the poll's order."""
    for name in _POLLS:
        if message.HasField(name):
            options = [str(o.optionName) for o in getattr(message, name).options]
            return [o for o in options if hashlib.sha256(o.encode()).digest() in hashes]
    return []


def _reply(m: Any) -> Content | None:
    """A tapped reply button or list row reads, for the CRM and the bot, like the text on it
    (as on the Cloud API); the message it answers is its quote."""
    if m.HasField("buttonsResponseMessage"):
        sub = m.buttonsResponseMessage
        kind, chosen, title = "button_reply", sub.selectedButtonID, sub.selectedDisplayText
    elif m.HasField("templateButtonReplyMessage"):
        sub = m.templateButtonReplyMessage
        kind, chosen, title = "template_button", sub.selectedID, sub.selectedDisplayText
    elif m.HasField("listResponseMessage"):
        sub = m.listResponseMessage
        kind, chosen, title = "list_reply", sub.singleSelectReply.selectedRowID, sub.title
    elif m.HasField("interactiveResponseMessage"):
        sub = m.interactiveResponseMessage
        kind, chosen, title = "nfm_reply", sub.nativeFlowResponseMessage.name, sub.body.text
    else:
        return None
    reply = {"type": kind, "id": str(chosen) or None, "title": str(title) or None}
    text = reply["title"] or reply["id"]
    return _with_context(Content(type="text", text=text, interactive_reply=reply), sub)


def text_of(message: Any) -> str:
    content = parse_content(message)
    return (content.text or "") if content else ""

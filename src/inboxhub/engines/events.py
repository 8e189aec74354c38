"""Normalized events every engine emits; ``event_handlers.py`` maps each to the service that records it.

Names follow whatsmeow's events (``Connected``, ``QR``, ``LoggedOut``, ``Message``, ``Receipt``).
Ids are canonical JID strings: ``<digits>@s.whatsapp.net``, ``<id>@g.us``, ``status@broadcast``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

SessionState = Literal["connecting", "qr_code", "connected", "disconnected"]
ReceiptStatus = Literal["sent", "delivered", "read", "played", "failed"]


@dataclass(kw_only=True)
class EngineEvent:
    session_id: str
    raw: dict[str, Any] | None = None


@dataclass(kw_only=True)
class StateChanged(EngineEvent):
    """The connection moved; ``reason`` says why it left ``connected`` (``logged_out``, ``network``…)."""

    state: SessionState
    reason: str | None = None
    phone_number: str | None = None
    push_name: str | None = None


@dataclass(kw_only=True)
class QRCode(EngineEvent):
    """A new login QR (each rotation emits one)."""

    code: str
    expires_at: datetime


@dataclass(kw_only=True)
class PairSuccess(EngineEvent):
    phone_number: str
    push_name: str | None = None


@dataclass(kw_only=True)
class LoggedOut(EngineEvent):
    """The phone unlinked the session: credentials are gone and a new QR is needed."""

    reason: str = "logged_out"


@dataclass(kw_only=True)
class MediaInfo:
    mimetype: str
    size: int | None = None
    filename: str | None = None
    # Bytes when the engine already has them (sandbox, downloaded media); else fetched on demand.
    data: bytes | None = None
    url: str | None = None
    sha256: str | None = None
    duration_seconds: int | None = None
    ptt: bool = False
    engine_ref: dict[str, Any] | None = None


@dataclass(kw_only=True)
class Location:
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None


@dataclass(kw_only=True)
class InboundMessage:
    id: str
    chat_id: str
    sender_id: str
    from_me: bool
    timestamp: datetime
    type: str  # text | image | video | audio | document | sticker | location | contact | reaction …
    text: str | None = None
    caption: str | None = None
    push_name: str | None = None
    sender_phone: str | None = None  # real number when the sender is a hidden @lid
    media: MediaInfo | None = None
    location: Location | None = None
    vcards: list[str] = field(default_factory=list)
    contact_display_name: str | None = None
    quoted_id: str | None = None
    mentions: list[str] = field(default_factory=list)
    reaction: str | None = None  # for type == "reaction": the emoji, "" removes
    reaction_target_id: str | None = None
    is_group: bool = False
    is_status: bool = False
    # An interactive message (type "interactive"): the gateway's shape of it, as sent.
    interactive: dict[str, Any] | None = None
    # A tapped reply button or list row, or a submitted flow: {"type", "id", "title"…}; the
    # message reads as text (its title), this says exactly what was chosen.
    interactive_reply: dict[str, Any] | None = None
    # Text statuses only: WhatsApp's background colour ("#AARRGGBB") and font number.
    background_color: str | None = None
    font: int | None = None


@dataclass(kw_only=True)
class MessageReceived(EngineEvent):
    message: InboundMessage
    history: bool = False  # from history sync: stored, never sent as a live webhook


@dataclass(kw_only=True)
class Receipt(EngineEvent):
    """Delivery state of messages this session sent (or ``read`` by the session itself)."""

    chat_id: str
    message_ids: list[str]
    status: ReceiptStatus
    timestamp: datetime
    sender_id: str | None = None
    error: str | None = None
    # For a failure: the API's error code (``OUTSIDE_SERVICE_WINDOW``…) and what the engine
    # said (Cloud API: ``{"graphCode", "title", "details"}``).
    error_code: str | None = None
    error_details: dict[str, Any] | None = None
    # The ``reference`` the message was sent with, when the engine echoes it (Cloud API).
    reference: str | None = None


@dataclass(kw_only=True)
class MessageEdited(EngineEvent):
    chat_id: str
    message_id: str
    new_text: str
    timestamp: datetime


@dataclass(kw_only=True)
class MessageRevoked(EngineEvent):
    chat_id: str
    message_id: str
    timestamp: datetime


@dataclass(kw_only=True)
class ProfileUpdated(EngineEvent):
    """The session's own WhatsApp profile, as its contacts see it (None: not known)."""

    name: str | None = None
    about: str | None = None
    picture_url: str | None = None
    is_business: bool | None = None


@dataclass(kw_only=True)
class ContactUpdated(EngineEvent):
    jid: str
    name: str | None = None
    push_name: str | None = None
    lid: str | None = None
    about: str | None = None
    picture_url: str | None = None
    verified_name: str | None = None
    business_profile: dict[str, Any] | None = None


@dataclass(kw_only=True)
class GroupChanged(EngineEvent):
    group_id: str
    # created | subject | description | settings | add | remove | promote | demote | join | leave
    # | invite (the invite link was reset)
    change: str
    actor_id: str | None = None
    participants: list[str] = field(default_factory=list)
    subject: str | None = None
    description: str | None = None
    announce: bool | None = None
    locked: bool | None = None
    timestamp: datetime | None = None


@dataclass(kw_only=True)
class StatusViewed(EngineEvent):
    """A contact viewed (or reacted to) one of this session's statuses."""

    status_id: str
    viewer_id: str
    reaction: str | None = None
    timestamp: datetime | None = None


@dataclass(kw_only=True)
class CallReceived(EngineEvent):
    """Someone is calling the session's number (a voice or video call offer).

    ``caller_id`` is the caller's JID exactly as the engine got it (maybe ``…@lid``): rejecting
    the call needs that one. ``caller_phone`` is the number, when known.
    """

    call_id: str
    caller_id: str
    caller_phone: str | None = None
    is_video: bool = False
    is_group: bool = False
    timestamp: datetime

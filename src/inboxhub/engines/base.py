"""The engine contract: what every way of reaching WhatsApp must do, or refuse clearly.

An ``Engine`` is created once per process per kind and owns shared resources (the sandbox network,
the web engine's child process, the Cloud API's HTTP client). It hands out one ``EngineClient`` per
WhatsApp session; the session pool keeps those running. Clients push ``events`` into the sink they
were given and never touch the database themselves.
"""

from __future__ import annotations

import abc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

from inboxhub.engines.events import EngineEvent, Location, SessionState
from inboxhub.errors import ApiError, EngineNotSupported

if TYPE_CHECKING:
    from inboxhub.config import Settings
    from inboxhub.ratelimit import RateLimiter

EventSink = Callable[[EngineEvent], Awaitable[None]]


class EngineHost(Protocol):
    """What an engine gets from the gateway that runs it: settings and the one rate limiter.

    Nothing more: no database, no feature. What an engine learns goes out through its sink.
    """

    @property
    def settings(self) -> Settings: ...

    @property
    def limiter(self) -> RateLimiter: ...


class Capability(StrEnum):
    QR_LOGIN = "qr_login"
    PAIR_CODE = "pair_code"
    TOKEN_LOGIN = "token_login"
    MEDIA = "media"
    REACTIONS = "reactions"
    EDIT = "edit"
    REVOKE = "revoke"
    MARK_READ = "mark_read"
    PRESENCE = "presence"
    GROUPS = "groups"
    STATUS_POST = "status_post"
    STATUS_RECEIVE = "status_receive"
    HISTORY_SYNC = "history_sync"
    CONTACTS_LIST = "contacts_list"
    NUMBER_CHECK = "number_check"
    BUSINESS_PROFILE = "business_profile"
    TEMPLATES = "templates"
    INTERACTIVE = "interactive"  # reply buttons, lists, call-to-action URLs, flows


# Online/offline for everyone; the others in one chat (``composing`` is typing).
Presence = Literal["available", "unavailable", "composing", "recording", "paused"]
CHAT_PRESENCES = frozenset({"composing", "recording", "paused"})

# ---- outbound content -------------------------------------------------------------------------


@dataclass(kw_only=True)
class Text:
    body: str
    mentions: list[str] = field(default_factory=list)
    # Our own id for the message; engines that can echo it back in receipts do (Cloud API
    # ``biz_opaque_callback_data``), so a receipt still matches when the send's answer was lost.
    reference: str | None = None


MediaKind = Literal["image", "video", "audio", "document", "sticker"]


@dataclass(kw_only=True)
class StatusText(Text):
    """A text status (story): WhatsApp shows it on a coloured background in one of its fonts."""

    background_color: str | None = None  # "#RRGGBB" or "#AARRGGBB"
    font: int | None = None  # WhatsApp's status font number, 0-9


@dataclass(kw_only=True)
class Media:
    kind: MediaKind
    data: bytes
    mimetype: str
    filename: str | None = None
    caption: str | None = None
    ptt: bool = False  # voice note (push-to-talk) when kind == "audio"
    mentions: list[str] = field(default_factory=list)
    # A public URL an engine may hand to WhatsApp instead of uploading ``data`` (Cloud API
    # ``link``); only used when ``data`` is empty.
    link: str | None = None
    reference: str | None = None  # as Text.reference


@dataclass(kw_only=True)
class ContactCards:
    display_name: str | None
    vcards: list[str]
    reference: str | None = None  # as Text.reference


@dataclass(kw_only=True)
class LocationPin:
    location: Location
    reference: str | None = None  # as Text.reference


@dataclass(kw_only=True)
class Reaction:
    target: MessageRef
    emoji: str  # "" removes the reaction
    reference: str | None = None  # as Text.reference


@dataclass(kw_only=True)
class TemplateMessage:
    """Cloud API template (the only way to open a conversation outside the 24 h window)."""

    name: str
    language: str
    components: list[dict[str, Any]] = field(default_factory=list)
    reference: str | None = None  # as Text.reference


InteractiveKind = Literal["buttons", "list", "cta_url", "flow"]


@dataclass(kw_only=True)
class Interactive:
    """A message the contact answers by tapping: up to 3 reply buttons, a list of up to 10 rows,
    a button that opens a URL, or a WhatsApp Flow.

    ``action`` is the gateway's own shape of what is tapped (``messages/interactive.py``):
    ``{"buttons": [{"id", "title"}]}``, ``{"buttonText", "sections": [{"title", "rows":
    [{"id", "title", "description"}]}]}``, ``{"displayText", "url"}`` or ``{"flowId"…}``.
    """

    kind: InteractiveKind
    body: str
    action: dict[str, Any]
    header: str | None = None
    footer: str | None = None
    reference: str | None = None  # as Text.reference


Outbound = Text | Media | ContactCards | LocationPin | Reaction | TemplateMessage | Interactive


@dataclass(kw_only=True)
class MessageRef:
    """The minimum WhatsApp needs to quote, react to, edit, revoke or mark a message read."""

    chat_id: str
    id: str
    from_me: bool
    sender_id: str | None = None


@dataclass(kw_only=True)
class SendResult:
    id: str
    timestamp: datetime
    raw: dict[str, Any] | None = None


@dataclass(kw_only=True)
class NumberCheck:
    number: str
    exists: bool
    jid: str | None = None


@dataclass(kw_only=True)
class UserInfo:
    jid: str
    name: str | None = None
    push_name: str | None = None
    verified_name: str | None = None
    about: str | None = None
    picture_url: str | None = None
    is_business: bool = False
    business_profile: dict[str, Any] | None = None
    lid: str | None = None


@dataclass(kw_only=True)
class ProfileChange:
    """A change to the session's own profile; a part left None stays as it is."""

    name: str | None = None  # the push name contacts see
    about: str | None = None
    picture: Media | None = None  # an image
    remove_picture: bool = False


@dataclass(kw_only=True)
class GroupParticipant:
    jid: str
    is_admin: bool = False
    is_super_admin: bool = False


@dataclass(kw_only=True)
class GroupInfo:
    jid: str
    subject: str
    description: str | None = None
    owner: str | None = None
    created_at: datetime | None = None
    participants: list[GroupParticipant] = field(default_factory=list)
    announce: bool = False  # only admins send
    locked: bool = False  # only admins edit info
    # Participants WhatsApp refused when the group was created (not on WhatsApp, privacy…).
    failed: list[ParticipantResult] = field(default_factory=list)


@dataclass(kw_only=True)
class ParticipantResult:
    """One participant's outcome. ``error`` is one of ``not_on_whatsapp``, ``not_participant``,
    ``already_participant``, ``forbidden`` (privacy, or the group creator), or engine text."""

    jid: str
    ok: bool
    error: str | None = None


GroupAction = Literal["add", "remove", "promote", "demote"]


@dataclass(kw_only=True)
class SessionConfig:
    session_id: str
    phone_number: str | None = None
    # Engine-specific settings (Cloud API token, phone number id, …), kept encrypted at rest later.
    options: dict[str, Any] = field(default_factory=dict)


# ---- errors -----------------------------------------------------------------------------------


class EngineError(ApiError):
    status_code = 502
    code = "ENGINE_ERROR"


class NotConnected(EngineError):
    status_code = 409
    code = "SESSION_NOT_CONNECTED"


class InvalidRecipient(EngineError):
    status_code = 400
    code = "INVALID_RECIPIENT"


class EngineRateLimited(EngineError):
    status_code = 429
    code = "RATE_LIMIT_EXCEEDED"


class NotFoundOnEngine(EngineError):
    status_code = 404
    code = "NOT_FOUND"


class OutsideServiceWindow(EngineError):
    """WhatsApp allows free-form messages only within 24 h of the contact's last message."""

    status_code = 409
    code = "OUTSIDE_SERVICE_WINDOW"


class MessageRejected(EngineError):
    """WhatsApp refused this message for good (bad template, unsupported content, policy)."""

    status_code = 422
    code = "MESSAGE_REJECTED"


class EngineTimeout(EngineError):
    """WhatsApp did not answer in time; the message may or may not have been sent."""

    status_code = 504
    code = "ENGINE_TIMEOUT"


class NotPermitted(EngineError):
    """WhatsApp refused: the session is not a group admin, or not a member at all."""

    status_code = 403
    code = "FORBIDDEN"


# ---- the contract -----------------------------------------------------------------------------


class EngineClient(abc.ABC):
    """One WhatsApp session as an engine sees it. Operations it cannot do raise ENGINE_NOT_SUPPORTED."""

    capabilities: ClassVar[frozenset[Capability]] = frozenset()
    # Meta's customer service window: free-form messages only this long after the contact last
    # wrote (templates at any time). None: the engine has no such rule.
    service_window: ClassVar[timedelta | None] = None
    # WhatsApp marks a chat read up to a message: the newest one is enough (Cloud API).
    reads_up_to: ClassVar[bool] = False

    def __init__(self, config: SessionConfig, sink: EventSink) -> None:
        self.config = config
        self.sink = sink
        self.state: SessionState = "disconnected"
        self.qr_code: str | None = None
        self.qr_expires_at: datetime | None = None
        self.phone_number: str | None = config.phone_number
        self.push_name: str | None = None
        self.last_disconnect_reason: str | None = None
        self.last_activity: datetime | None = None

    @property
    def session_id(self) -> str:
        return self.config.session_id

    @property
    def is_connected(self) -> bool:
        return self.state == "connected"

    async def send_presence(self, presence: Presence, chat_id: str | None = None) -> None:
        """Online/offline for everyone, or typing/recording/paused in one chat."""
        raise self._unsupported("send presence or typing")

    async def set_blocked(self, jid: str, *, blocked: bool) -> list[str]:
        """Block or unblock a person; the account's blocklist after the change."""
        raise self._unsupported("block contacts")

    async def reject_call(self, call_id: str, caller_id: str) -> None:
        """Decline a ringing call (``caller_id`` as ``CallReceived`` gave it)."""
        raise self._unsupported("reject calls")

    async def update_profile(self, change: ProfileChange) -> UserInfo:
        """Change the account's own name, about and picture; its profile afterwards, as contacts
        see it. A part the engine cannot change is refused before any part is changed."""
        raise self._unsupported("change its own profile")

    def _unsupported(self, what: str) -> EngineNotSupported:
        return EngineNotSupported(f"The {type(self).__name__} engine cannot {what}")

    # lifecycle
    @abc.abstractmethod
    async def connect(self) -> None:
        """Resume with stored credentials, or begin a login (QR / pairing code). Returns at once."""

    @abc.abstractmethod
    async def disconnect(self) -> None:
        """Close the connection but keep credentials, so ``connect`` resumes without a QR."""

    @abc.abstractmethod
    async def logout(self) -> None:
        """Unlink from the phone and forget credentials."""

    async def request_pairing_code(self, phone_number: str) -> str:
        """Link by an 8-character code typed on the phone instead of scanning the QR."""
        raise self._unsupported("link with a pairing code")

    # messaging
    async def send_message(
        self, to: str, content: Outbound, *, reply_to: MessageRef | None = None
    ) -> SendResult:
        raise self._unsupported("send messages")

    async def edit_message(self, target: MessageRef, new_text: str) -> SendResult:
        raise self._unsupported("edit messages")

    async def revoke_message(self, target: MessageRef) -> None:
        raise self._unsupported("delete messages for everyone")

    async def mark_read(self, chat_id: str, refs: list[MessageRef]) -> None:
        raise self._unsupported("mark messages read")

    async def download_media(self, media_ref: dict[str, Any]) -> tuple[bytes, str]:
        raise self._unsupported("download media")

    async def message_templates(self) -> list[dict[str, Any]]:
        """The message templates of the business account, as WhatsApp describes them."""
        raise self._unsupported("list WhatsApp message templates (a Cloud API feature)")

    # directory
    async def is_on_whatsapp(self, numbers: list[str]) -> list[NumberCheck]:
        raise self._unsupported("check numbers")

    async def get_user_info(self, jid: str) -> UserInfo:
        raise self._unsupported("read user info")

    async def get_contacts(self) -> list[UserInfo]:
        raise self._unsupported("list contacts")

    # groups
    async def create_group(self, subject: str, participants: list[str]) -> GroupInfo:
        raise self._unsupported("create groups")

    async def get_group_info(self, group_id: str) -> GroupInfo:
        raise self._unsupported("read groups")

    async def get_joined_groups(self) -> list[GroupInfo]:
        raise self._unsupported("list groups")

    async def set_group_subject(self, group_id: str, subject: str) -> None:
        raise self._unsupported("rename groups")

    async def set_group_description(self, group_id: str, description: str) -> None:
        raise self._unsupported("change group descriptions")

    async def set_group_settings(
        self, group_id: str, *, announce: bool | None = None, locked: bool | None = None
    ) -> None:
        raise self._unsupported("change group settings")

    async def update_group_participants(
        self, group_id: str, action: GroupAction, participants: list[str]
    ) -> list[ParticipantResult]:
        raise self._unsupported("manage group participants")

    async def get_group_invite_link(self, group_id: str, *, reset: bool = False) -> str:
        raise self._unsupported("make group invite links")

    async def join_group_with_link(self, code: str) -> str:
        raise self._unsupported("join groups by invite")

    async def leave_group(self, group_id: str) -> None:
        raise self._unsupported("leave groups")

    # status (stories)
    async def post_status(self, content: Outbound) -> SendResult:
        raise self._unsupported("post statuses")

    async def mark_status_viewed(self, status_id: str, sender_id: str) -> None:
        raise self._unsupported("mark statuses viewed")

    async def react_to_status(self, status_id: str, sender_id: str, emoji: str) -> SendResult:
        raise self._unsupported("react to statuses")


class Engine(abc.ABC):
    """One kind of engine in this process; makes clients and owns what they share."""

    name: ClassVar[str]

    async def start(self) -> None:  # noqa: B027 - optional hook
        """Bring up shared resources (child process, HTTP client)."""

    async def stop(self) -> None:  # noqa: B027 - optional hook
        """Release shared resources; clients are already disconnected."""

    @abc.abstractmethod
    def client(self, config: SessionConfig, sink: EventSink) -> EngineClient:
        """A new, not yet connected client for one session."""

    @classmethod  # noqa: B027 - optional hook
    def check_options(cls, options: dict[str, Any]) -> None:
        """Refuse, at session creation, ``engineOptions`` this engine could never connect with."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, Field

from inboxhub.auth.schemas import CamelModel
from inboxhub.envelope import Omitted, Pagination, ReadModel

MessageType = Literal[
    "text",
    "image",
    "video",
    "audio",
    "ptt",
    "document",
    "sticker",
    "location",
    "contact",
    "contacts",
    "reaction",
    "template",
    "interactive",
]
MAX_TEXT = 4096
MAX_RECIPIENTS = 50


class SendMessageRequest(CamelModel):
    """A message to send: ``message`` as text or as an object per ``type`` (image, video, audio,
    document, sticker, location, contact, reaction), or the short form ``{"to", "message"}``; ``to``
    may list up to 50 recipients; ``mediaId`` sends an uploaded file."""

    to: Any = Field(
        description="Number (`34657032985`), JID (`…@s.whatsapp.net`, group `…@g.us`), "
        "or a list of up to 50 of them (bulk send)",
        examples=["34657032985@s.whatsapp.net"],
    )
    message: str | dict[str, Any] | None = Field(
        default=None,
        description="Text (max 4096 characters), or the object of the type (image, location…)",
    )
    type: MessageType | None = Field(default=None, description="Default `text`")
    media_id: str | int | None = Field(default=None, description="A file uploaded to /api/media")
    media_url: str | None = Field(default=None, max_length=4000)
    caption: str | None = None
    file_name: str | None = Field(default=None, max_length=255)
    mimetype: str | None = Field(default=None, max_length=100)
    quoted_message_id: str | int | None = Field(
        default=None,
        validation_alias=AliasChoices("quotedMessageId", "replyTo", "quoted_message_id"),
        description="Reply to this message (our id or its whatsappMessageId)",
    )
    mentions: list[str] | None = Field(default=None, max_length=256)
    template: Any = Field(
        default=None,
        description="Cloud API only: an approved template, "
        '`{"name", "language": "es", "components": [...]}` as Meta documents them '
        "(also accepted under `message`)",
    )
    interactive: Any = Field(
        default=None,
        description="Reply buttons, a list, a call-to-action URL or a flow: "
        '`{"type": "buttons", "body", "buttons": [{"id", "title"}]}`, '
        '`{"type": "list", "body", "buttonText", "sections": [{"title", "rows": [{"id", '
        '"title", "description"}]}]}`, `{"type": "cta_url", "body", "displayText", "url"}`, '
        '`{"type": "flow", "body", "flowId", "flowCta", …}` (also accepted under `message`)',
    )


class EditMessageRequest(CamelModel):
    message: str | dict[str, Any] = Field(description='The new text (or `{"text": …}`)')


class PresenceRequest(CamelModel):
    presence: Literal["available", "unavailable", "composing", "recording", "paused"] = Field(
        description="`available`/`unavailable` for everyone; `composing` (typing), "
        "`recording` or `paused` in the chat `chatId`"
    )
    chat_id: str | None = Field(default=None, max_length=100)


# ---- answers ----------------------------------------------------------------------------------

MessageStatus = Literal[
    "queued", "pending", "sent", "delivered", "read", "played", "failed", "received"
]


class MessageMedia(ReadModel):
    filename: str | None
    filesize: int | None
    mimetype: str | None
    url: str | None = Field(description="Signed download URL, while the file is kept")
    media_id: int | None
    ptt: bool


class MessageReaction(ReadModel):
    emoji: str
    from_: str | None = Field(alias="from")
    from_me: bool
    timestamp: str | None


class ContactCard(ReadModel):
    display_name: str | None
    vcards: list[str]


class ReactionTarget(ReadModel):
    emoji: str | None
    message_id: str | None


class MessageRead(ReadModel):
    """A message in API answers (``message_view``)."""

    id: int
    message_id: int = Field(description="Same as id")
    whatsapp_message_id: str | None = Field(description="WhatsApp's id, once sent")
    session_id: str
    chat_id: str
    from_me: bool
    from_: str | None = Field(alias="from")
    push_name: str | None
    body: str | None
    type: str = Field(examples=["text", "image", "location", "reaction"])
    status: MessageStatus
    timestamp: str | None
    media_url: str | None
    media: MessageMedia | None
    has_reactions: bool
    reactions: list[MessageReaction]
    quoted_message_id: str | None
    mentions: list[str]
    is_history: bool
    is_edited: bool
    is_deleted: bool
    error: str | None
    error_code: str | None
    source: str = Field(examples=["api", "phone", "inbound"])
    delivered_at: str | None
    read_at: str | None
    location: dict[str, Any] | None = Omitted
    contacts: ContactCard = Omitted
    reaction: ReactionTarget = Omitted
    template: dict[str, Any] | None = Omitted
    interactive: dict[str, Any] | None = Omitted
    interactive_reply: dict[str, Any] = Omitted
    scheduled_at: str | None = Omitted


class MessageSent(ReadModel):
    """A single send: the id, status and time beside the whole message."""

    message: MessageRead
    message_id: int
    whatsapp_message_id: str | None
    status: MessageStatus
    timestamp: str | None


class BulkSent(ReadModel):
    """A list of recipients: one message each, paced."""

    messages: list[MessageRead]
    total: int
    batch_id: str | None
    sent: int
    queued: int
    failed: int


class MessageList(ReadModel):
    messages: list[MessageRead]
    total: int
    pagination: Pagination


class SessionUnread(ReadModel):
    session_id: str
    unread: int


class UnreadList(MessageList):
    by_session: list[SessionUnread]


class ChatHistory(MessageList):
    chat_id: str


class ChatRead(ReadModel):
    id: str
    chat_id: str
    name: str
    is_group: bool
    unread_count: int
    last_message_at: str | None
    timestamp: str | None
    last_inbound_at: str | None
    service_window_expires_at: str | None = Field(
        description="Cloud API: until when free-form messages may go to the contact"
    )
    last_message: MessageRead | None


class ChatList(ReadModel):
    chats: list[ChatRead]
    total: int
    pagination: Pagination


class DayCount(ReadModel):
    date: str
    sent: int
    received: int
    total: int


class MessageCounts(ReadModel):
    total: int
    sent: int
    received: int
    by_type: dict[str, int]
    by_status: dict[str, int]
    by_day: list[DayCount]
    failed: int
    unread: int


class Period(ReadModel):
    start_date: str
    end_date: str


class MessageStats(ReadModel):
    stats: MessageCounts
    period: Period
    session_id: str


class MessageData(ReadModel):
    message: MessageRead


class PresenceSent(ReadModel):
    presence: str
    chat_id: str | None


class ChatMarkedRead(ReadModel):
    session_id: str
    chat_id: str
    marked_as_read: int
    read_at: str

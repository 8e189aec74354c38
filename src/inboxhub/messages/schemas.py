from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, Field

from inboxhub.auth.schemas import CamelModel

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

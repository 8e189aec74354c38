"""The events a webhook delivers (and ``/api/events/stream`` streams), as typed models.

Every body is ``{"id": "evt_…", "event": "<type>", "timestamp"?, "sessionId"?, "data": {…}}``
(``message.received`` is exactly seed 01's shape plus ``id``). ``parse_event`` picks the model by
``event``; a type this SDK does not know yet parses as ``WebhookEvent`` with ``data`` as a dict.
Keys the gateway adds later are kept (``model_extra``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="allow")


class WebhookEvent(_Model):
    id: str | None = Field(default=None, description="Stable across retries: de-duplicate by it")
    event: str
    timestamp: str | None = None
    session_id: str | None = Field(default=None, alias="sessionId")
    data: Any = None


class ReceivedMedia(_Model):
    filename: str | None = None
    filesize: int | None = None
    mimetype: str | None = None
    url: str | None = Field(default=None, description="Signed download link")


class ReceivedMessage(_Model):
    whatsapp_message_id: str | None = Field(default=None, alias="whatsappMessageId")
    content: str | None = None
    chat_id: str = Field(alias="chatId")
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    timestamp: int | None = Field(default=None, description="Unix seconds")
    type: str
    has_attachment: bool = False
    media: ReceivedMedia | None = None
    message_id: int | None = Field(default=None, alias="messageId")
    from_me: bool = Field(default=False, alias="fromMe")
    push_name: str | None = Field(default=None, alias="pushName")
    is_group: bool = Field(default=False, alias="isGroup")
    participant: str | None = None
    quoted_message_id: str | None = Field(default=None, alias="quotedMessageId")
    caption: str | None = None
    location: dict[str, Any] | None = None
    vcard: str | None = None
    vcards: list[str] | None = None
    mentions: list[str] = []
    reaction: dict[str, Any] | None = None


class MessageData(_Model):
    session_id: str = Field(alias="sessionId")
    session_db_id: int | None = None
    message: ReceivedMessage


class MessageReceived(WebhookEvent):
    """``message.received`` (a contact wrote) or ``message.sent`` (sent from the phone)."""

    event: Literal["message.received", "message.sent"]
    data: MessageData


class MessageStatusData(_Model):
    session_id: str = Field(alias="sessionId")
    message_id: int | None = Field(default=None, alias="messageId")
    whatsapp_message_id: str | None = Field(default=None, alias="whatsappMessageId")
    chat_id: str | None = Field(default=None, alias="chatId")
    status: str
    previous_status: str | None = Field(default=None, alias="previousStatus")
    timestamp: str | None = None
    error: str | None = None


class MessageStatus(WebhookEvent):
    event: Literal["message.status"]
    data: MessageStatusData


class MessageUpdatedData(_Model):
    session_id: str = Field(alias="sessionId")
    message_id: int | None = Field(default=None, alias="messageId")
    whatsapp_message_id: str | None = Field(default=None, alias="whatsappMessageId")
    chat_id: str | None = Field(default=None, alias="chatId")
    action: str | None = Field(default=None, description="edited, deleted, reaction…")
    body: str | None = None
    from_me: bool | None = Field(default=None, alias="fromMe")
    timestamp: str | None = None


class MessageUpdated(WebhookEvent):
    event: Literal["message.updated"]
    data: MessageUpdatedData


class SessionStatusData(_Model):
    session_id: str = Field(alias="sessionId")
    status: str
    previous_status: str | None = Field(default=None, alias="previousStatus")
    reason: str | None = None
    phone_number: str | None = Field(default=None, alias="phoneNumber")
    is_connected: bool = Field(default=False, alias="isConnected")


class SessionStatus(WebhookEvent):
    event: Literal["session.status"]
    data: SessionStatusData


class SessionQrData(_Model):
    session_id: str = Field(alias="sessionId")
    qr_code: str | None = Field(default=None, alias="qrCode")
    qr_text: str | None = Field(default=None, alias="qrText")
    expires_at: str | None = Field(default=None, alias="expiresAt")


class SessionQr(WebhookEvent):
    event: Literal["session.qr"]
    data: SessionQrData


class HandoverData(_Model):
    ticket_id: str = Field(alias="ticketId")
    action: str
    session_id: str | None = Field(default=None, alias="sessionId")
    chat_id: str | None = Field(default=None, alias="chatId")
    user_phone: str | None = Field(default=None, alias="userPhone")
    status: str | None = None
    owner: str | None = None


class HandoverUpdated(WebhookEvent):
    event: Literal["handover.updated"]
    data: HandoverData


class GroupUpdated(WebhookEvent):
    event: Literal["group.updated"]
    data: dict[str, Any]


class ContactUpdated(WebhookEvent):
    event: Literal["contact.updated"]
    data: dict[str, Any]


class StatusReceived(WebhookEvent):
    event: Literal["status.received"]
    data: dict[str, Any]


class WebhookDisabled(WebhookEvent):
    event: Literal["webhook.disabled"]
    data: dict[str, Any]


class WebhookTest(WebhookEvent):
    """What ``POST /api/webhooks/.../test`` sends."""

    event: Literal["webhook.test"]
    data: dict[str, Any]


EVENT_MODELS: dict[str, type[WebhookEvent]] = {
    "message.received": MessageReceived,
    "message.sent": MessageReceived,
    "message.status": MessageStatus,
    "message.updated": MessageUpdated,
    "session.status": SessionStatus,
    "session.qr": SessionQr,
    "handover.updated": HandoverUpdated,
    "group.updated": GroupUpdated,
    "contact.updated": ContactUpdated,
    "status.received": StatusReceived,
    "webhook.disabled": WebhookDisabled,
    "webhook.test": WebhookTest,
}


def parse_event(payload: dict[str, Any]) -> WebhookEvent:
    """The delivery's body (already parsed from JSON) as its event's model."""
    model = EVENT_MODELS.get(str(payload.get("event")), WebhookEvent)
    return model.model_validate(payload)

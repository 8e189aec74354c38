from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, field_validator

from inboxhub.auth.schemas import CamelModel
from inboxhub.engines.events import SessionState
from inboxhub.envelope import ReadModel
from inboxhub.messages.schemas import MessageRead, SendMessageRequest


def digits_only(value: str | None) -> str | None:
    if value is None:
        return None
    digits = "".join(ch for ch in value.split("@", 1)[0] if "0" <= ch <= "9")
    if not 6 <= len(digits) <= 15:
        raise ValueError("a phone number has 6 to 15 digits with the country code")
    return digits


class LinkRequest(CamelModel):
    qr: str | None = Field(
        default=None, max_length=1000, description="Text read from the session's QR code"
    )
    code: str | None = Field(
        default=None, max_length=20, description="Pairing code, instead of a QR"
    )
    phone_number: str | None = Field(
        default=None, max_length=32, description="Number of the phone that scans"
    )
    push_name: str | None = Field(default=None, max_length=100)

    _phone = field_validator("phone_number")(digits_only)


class SandboxMessageRequest(SendMessageRequest):
    """A message from the outside world: the send endpoint's body, plus who writes."""

    from_: str = Field(
        alias="from",
        max_length=32,
        description="Number of the contact who writes (or of a sandbox session's phone)",
    )
    to: str = Field(max_length=100, description="sessionId or phone of the receiving session")
    push_name: str | None = Field(default=None, max_length=100)
    group: str | None = Field(
        default=None, max_length=100, description="Group JID: the contact writes in this group"
    )
    media_inline: bool = Field(
        default=True,
        description="false: hand media over as a reference fetched on first download "
        "(how WhatsApp's CDN works)",
    )
    history: bool = Field(default=False, description="Arrives as history sync, not live")
    reply_id: str | None = Field(
        default=None,
        max_length=256,
        description="The contact taps the button or list row with this id of the interactive "
        "message `quotedMessageId` (the session's); `message` defaults to its title",
    )

    _from = field_validator("from_")(digits_only)


class SandboxReceiptRequest(CamelModel):
    """A contact's phone acknowledges messages a session sent it."""

    from_: str = Field(alias="from", max_length=32, description="Number of the contact")
    to: str = Field(max_length=100, description="sessionId or phone of the session that sent them")
    message_ids: list[str | int] | None = Field(default=None, max_length=1000)
    all: bool = Field(default=False, description="Every message the session sent to this contact")
    status: Literal["delivered", "read", "played"] = "read"

    _from = field_validator("from_")(digits_only)


class SandboxNetworkSettings(CamelModel):
    receipt_before_send_returns: bool | None = Field(
        default=None,
        description="Deliver the 'delivered' receipt before the send call returns its id",
    )
    not_on_whatsapp: list[str] | None = Field(
        default=None,
        alias="notOnWhatsApp",
        max_length=1000,
        description="Numbers that sends to fail for",
    )

    @field_validator("not_on_whatsapp")
    @classmethod
    def _numbers(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else [str(digits_only(v)) for v in values]


class SimulatedContact(CamelModel):
    """A person on the sandbox's WhatsApp; optionally saved in a session's address book."""

    phone_number: str = Field(max_length=32, description="Digits with country code")
    push_name: str | None = Field(default=None, max_length=100)
    about: str | None = Field(default=None, max_length=500)
    verified_name: str | None = Field(
        default=None, max_length=200, description="Business name verified by WhatsApp"
    )
    picture_url: str | None = Field(default=None, max_length=2000)
    business_profile: dict[str, Any] | None = Field(
        default=None, description="e.g. {description, category, email, website, address}"
    )
    session_id: str | None = Field(
        default=None, max_length=100, description="Save the number in this session's phone"
    )
    name: str | None = Field(
        default=None, max_length=200, description="Name it is saved under in that address book"
    )
    hide_number: bool = Field(
        default=False,
        description="Show the contact to the session by hidden @lid only, not by number",
    )

    _phone = field_validator("phone_number")(digits_only)


class SimulatedStatus(CamelModel):
    """A simulated contact posts a status."""

    from_: str = Field(alias="from", max_length=32, description="The simulated contact's number")
    type: Literal["text", "image", "video"] = "text"
    text: str | None = Field(default=None, max_length=700)
    caption: str | None = Field(default=None, max_length=1024)
    base64: str | None = Field(default=None, description="Image or video bytes, base64")
    mimetype: str | None = Field(default=None, max_length=100)
    background_color: str | None = Field(
        default=None, pattern=r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$"
    )
    font: int | None = Field(default=None, ge=0, le=9)
    timestamp: datetime | None = Field(
        default=None, description="When it was posted (default now); within the last 24 hours"
    )

    _phone = field_validator("from_")(digits_only)


class SimulatedView(CamelModel):
    """A simulated contact views a session's status, optionally reacting ("" takes it back)."""

    from_: str = Field(alias="from", max_length=32)
    reaction: str | None = Field(default=None, max_length=20)

    _phone = field_validator("from_")(digits_only)


# ---- answers ----------------------------------------------------------------------------------


class SandboxLinked(ReadModel):
    session_id: str
    status: SessionState
    phone_number: str
    push_name: str | None


class SandboxSessionState(ReadModel):
    session_id: str
    status: SessionState


class SandboxDelivered(ReadModel):
    whatsapp_message_id: str
    session_id: str = Field(description="The session that stored the message")
    message: MessageRead | None


class SandboxReceipts(ReadModel):
    session_id: str
    status: str = Field(examples=["delivered", "read", "played"])
    message_ids: list[str] = Field(description="WhatsApp ids of the messages reported")


class SandboxNetworkRead(ReadModel):
    receipt_before_send_returns: bool
    not_on_whatsapp: list[str] = Field(alias="notOnWhatsApp")


class SandboxDropped(ReadModel):
    dropped: list[str] = Field(description="Sessions whose connection dropped")


class SimulatedContactRead(ReadModel):
    phone_number: str
    jid: str
    lid: str | None
    push_name: str | None
    about: str | None
    verified_name: str | None
    picture_url: str | None
    business_profile: dict[str, Any] | None
    saved_by: str | None
    saved_as: str | None


class SimulatedStatusPosted(ReadModel):
    status_id: str
    from_: str = Field(alias="from")
    posted_at: str
    delivered_to: list[str] = Field(description="Sessions that saved the poster's number")


class SimulatedStatusView(ReadModel):
    status_id: str
    viewers: int


class SandboxCallRequest(CamelModel):
    """A contact calls a session."""

    from_: str = Field(alias="from", max_length=32, description="Number of the contact who calls")
    to: str = Field(max_length=100, description="sessionId or phone of the session called")
    video: bool = Field(default=False, description="A video call")

    _phone = field_validator("from_")(digits_only)


class SimulatedCall(ReadModel):
    call_id: str
    session_id: str
    from_: str = Field(alias="from", description="Number of the contact who calls")
    video: bool
    status: str = Field(examples=["ringing", "rejected"])
    at: str


class SimulatedCallData(ReadModel):
    call: SimulatedCall

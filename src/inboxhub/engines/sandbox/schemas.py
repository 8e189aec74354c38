from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from inboxhub.auth.schemas import CamelModel
from inboxhub.messages.schemas import SendMessageRequest


def digits_only(value: str | None) -> str | None:
    if value is None:
        return None
    digits = "".join(ch for ch in value.split("@", 1)[0] if ch.isdigit())
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

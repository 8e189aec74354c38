from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, field_validator

from inboxhub.auth.schemas import CamelModel


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

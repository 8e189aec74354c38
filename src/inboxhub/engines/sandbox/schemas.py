from __future__ import annotations

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

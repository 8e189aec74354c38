from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from inboxhub.auth.schemas import CamelModel

SESSION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"
WEBHOOK_EVENTS = (
    "message",
    "message_status",
    "session_status",
    "qr_code",
    "group",
    "contact",
    "handover",
    "call",
    "*",
)


def _check_events(events: list[str] | None) -> list[str] | None:
    if events is None:
        return None
    unknown = [e for e in events if e not in WEBHOOK_EVENTS]
    if unknown:
        raise ValueError(f"unknown event(s) {unknown}; use {list(WEBHOOK_EVENTS)}")
    return list(dict.fromkeys(events))


class SessionCreate(CamelModel):
    session_id: str | None = Field(
        default=None, pattern=SESSION_ID_PATTERN, description="URL-safe id; generated when absent"
    )
    session_name: str | None = Field(default=None, min_length=1, max_length=200)
    name: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Same as sessionName (older clients)",
    )
    description: str | None = Field(default=None, max_length=2000)
    phone_number: str | None = Field(default=None, max_length=32)
    engine: str | None = Field(default=None, pattern=r"^(sandbox|web|cloud)$")
    engine_options: dict[str, Any] | None = None
    webhook_url: str | None = Field(default=None, max_length=2000)
    webhook_secret: str | None = Field(default=None, min_length=1, max_length=500)
    webhook_events: list[str] | None = Field(default=None, max_length=20)
    from_frappe: bool = False
    send_to_frappe: bool | None = None
    reject_calls: bool = Field(
        default=False, description="Decline incoming calls at once (web and sandbox engines)"
    )
    reject_call_message: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        description="Sent to the caller after a declined call",
    )

    _events = field_validator("webhook_events")(_check_events)

    @field_validator("phone_number")
    @classmethod
    def _digits(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        digits = "".join(ch for ch in value if "0" <= ch <= "9")
        if not 6 <= len(digits) <= 15:
            raise ValueError("a phone number has 6 to 15 digits with the country code")
        return digits


class SessionUpdate(CamelModel):
    session_name: str | None = Field(default=None, min_length=1, max_length=200)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    webhook_url: str | None = Field(default=None, max_length=2000)
    webhook_secret: str | None = Field(default=None, min_length=1, max_length=500)
    webhook_events: list[str] | None = Field(default=None, max_length=20)
    send_to_frappe: bool | None = None
    reject_calls: bool | None = None
    reject_call_message: str | None = Field(default=None, max_length=1000)

    _events = field_validator("webhook_events")(_check_events)


class FrappeConfigure(CamelModel):
    send_to_frappe: bool


class PairingCodeRequest(CamelModel):
    phone_number: str = Field(min_length=6, max_length=32)

    @field_validator("phone_number")
    @classmethod
    def _digits(cls, value: str) -> str:
        digits = "".join(ch for ch in value if "0" <= ch <= "9")
        if not 6 <= len(digits) <= 15:
            raise ValueError("a phone number has 6 to 15 digits with the country code")
        return digits

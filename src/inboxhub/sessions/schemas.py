from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from inboxhub.auth.schemas import CamelModel
from inboxhub.engines.events import SessionState
from inboxhub.envelope import Omitted, Pagination, ReadModel

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


# ---- answers ----------------------------------------------------------------------------------


class SessionProfile(ReadModel):
    name: str
    about: str
    profile_picture_url: str
    is_business: bool


class SessionRead(ReadModel):
    id: int
    session_id: str
    session_name: str
    name: str = Field(description="Same as sessionName (older clients)")
    description: str | None
    engine: str = Field(examples=["sandbox", "web", "cloud"])
    proxy_url: str | None = Field(description="The session's proxy, its password masked")
    status: SessionState = Field(description="The running client's state (the truth)")
    phone_number: str | None
    is_connected: bool
    has_qr: bool = Field(alias="hasQR")
    last_activity: str | None
    last_disconnect_reason: str | None
    webhook_url: str | None
    webhook_events: list[str]
    has_webhook_secret: bool
    reject_calls: bool = Field(description="Incoming calls are declined, with rejectCallMessage")
    reject_call_message: str | None
    send_to_frappe: bool
    created_at: str
    node: str | None = Field(description="The node that drives the session (cluster mode)")
    profile: SessionProfile = Omitted


class SessionQr(ReadModel):
    qr_code: str = Field(description="PNG data URL of the QR to scan")
    qr_text: str = Field(description="The QR's text (the pairing reference)")
    session_id: str
    expires_at: str | None
    status: SessionState


class SessionCreated(SessionRead):
    """A new session, with its first QR when it has one already."""

    qr_code: str | None
    qr_text: str = Omitted
    expires_at: str | None = Omitted


class SessionList(ReadModel):
    sessions: list[SessionRead]
    total: int
    pagination: Pagination


class SessionData(ReadModel):
    session: SessionRead


class SessionStatusRead(ReadModel):
    id: int
    session_id: str
    status: SessionState
    phone_number: str | None
    last_activity: str | None
    is_connected: bool
    has_qr: bool = Field(alias="hasQR")
    last_disconnect_reason: str | None


class SessionStateChange(ReadModel):
    session_id: str
    status: SessionState


class PairingCodeRead(ReadModel):
    session_id: str
    pairing_code: str
    phone_number: str


class SessionDeleted(ReadModel):
    session_id: str
    deleted: bool


class FrappeSetting(ReadModel):
    session_id: str
    send_to_frappe: bool


class FrappeStatus(FrappeSetting):
    status: SessionState
    session_name: str
    webhook_configured: bool

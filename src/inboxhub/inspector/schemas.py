"""The inspector's answers: its capture URL and what that URL received."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from inboxhub.envelope import Omitted, ReadModel

SignatureStatus = Literal["valid", "invalid", "unsigned", "no_secret", "unknown_subscriber"]


class InspectorRead(ReadModel):
    organization_id: int
    url: str = Field(description="Use it as a webhook URL")
    token: str
    captures: int
    keeps: int = Field(description="How many captures are kept (the oldest go first)")
    stream: str = Field(description="The live stream of new captures")
    created_at: str


class CaptureSubscriber(ReadModel):
    kind: str = Field(examples=["organization", "session", "frappe"])
    subscription_id: int | None
    session_id: str | None
    name: str | None
    has_secret: bool


class SignatureCheck(ReadModel):
    status: SignatureStatus
    valid: bool
    subscriber: CaptureSubscriber | None = Field(description="Whose webhook URL this is")
    checks: dict[str, Any] = Field(description="Each signature header's verdict")


class CaptureRead(ReadModel):
    id: int
    received_at: str
    event: str | None
    event_id: str | None
    session_id: str | None
    signature: SignatureCheck
    response_status: int = Field(description="What the capture URL answered (it keeps only 200s)")
    body: Any = Field(description="The body parsed as JSON (null when it is not JSON)")
    body_bytes: int
    headers: dict[str, Any] = Omitted
    raw_body: str = Omitted


class CaptureList(ReadModel):
    captures: list[CaptureRead]
    total: int


class CaptureData(ReadModel):
    capture: CaptureRead


class CapturesDeleted(ReadModel):
    deleted: int


class CaptureRecorded(ReadModel):
    capture_id: int
    signature: SignatureStatus

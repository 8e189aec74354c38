"""The seeds' success envelope: ``{"success": true, "message"?: "...", "data": ...}``."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Envelope(BaseModel, Generic[T]):
    success: bool = True
    message: str | None = None
    data: T


def ok(data: Any, message: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"success": True}
    if message is not None:
        body["message"] = message
    body["data"] = data
    return body

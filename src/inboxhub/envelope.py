"""The seeds' answer shapes: the success envelope ``{"success": true, "message"?, "data"}`` and
the way every answer and webhook writes a moment (``2026-05-01T10:00:00.000Z``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, overload

from inboxhub.i18n import translate


def ok(data: Any, message: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"success": True}
    if message is not None:
        body["message"] = translate(message)
    body["data"] = data
    return body


@overload
def iso(value: datetime) -> str: ...
@overload
def iso(value: datetime | None) -> str | None: ...
def iso(value: datetime | None) -> str | None:
    """UTC with milliseconds and a ``Z``; None stays None."""
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z") if value else None

"""The gateway's errors as exceptions: one class per kind, each carrying the seeds' ``code``.

Every error answer is the envelope ``{"success": false, "error": "...", "code": "...",
"field": "...", ...}`` (seed 01 also allows ``"error": {"code", "message", "field"}``); the
exception keeps its ``code``, ``message``, ``field``, ``details``, the HTTP ``status`` and the
``response``. ``except NotFoundError`` catches ``SESSION_NOT_FOUND`` and every other 404;
``except InboxHubError`` catches them all.
"""

from __future__ import annotations

from typing import Any

import httpx


class InboxHubError(Exception):
    """An error answer of the gateway, or a request that got no answer (``status`` 0)."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        status: int = 0,
        field: str | None = None,
        details: Any = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}" if code else message)
        self.message = message
        self.code = code
        self.status = status
        self.field = field
        self.details = details
        self.response = response

    @classmethod
    def transport(cls, exc: httpx.TransportError) -> TransportError:
        return TransportError(str(exc) or type(exc).__name__, code="TRANSPORT_ERROR")


class TransportError(InboxHubError):
    """The gateway could not be reached, or did not answer in time."""


class ValidationError(InboxHubError):
    """400: the input is invalid; ``field`` names it (``VALIDATION_ERROR`` and others)."""


class AuthenticationError(InboxHubError):
    """401: ``MISSING_API_KEY``, ``INVALID_API_KEY``, ``MISSING_TOKEN``, ``INVALID_TOKEN``…"""


class ForbiddenError(InboxHubError):
    """403."""


class NotFoundError(InboxHubError):
    """404: ``SESSION_NOT_FOUND``, ``NOT_FOUND``, ``QR_NOT_AVAILABLE``, ``NOT_ON_WHATSAPP``…"""


class ConflictError(InboxHubError):
    """409: ``SESSION_NOT_CONNECTED``, ``SESSION_ALREADY_EXISTS``, ``CONFLICT``…"""


class PayloadTooLargeError(InboxHubError):
    """413."""


class RateLimitError(InboxHubError):
    """429 ``RATE_LIMIT_EXCEEDED``; ``retry_after`` is in seconds."""

    @property
    def retry_after(self) -> float | None:
        value = self.response.headers.get("retry-after", "") if self.response else ""
        return float(value) if value.strip().isdigit() else None


class EngineNotSupportedError(InboxHubError):
    """501 ``ENGINE_NOT_SUPPORTED``: the session's engine cannot do this."""


class EngineError(InboxHubError):
    """502 ``ENGINE_ERROR`` and other failures of WhatsApp or the engine."""


class UnavailableError(InboxHubError):
    """503 ``DATABASE_UNAVAILABLE`` / ``SESSION_MOVING``: retry after ``Retry-After``."""


class ServerError(InboxHubError):
    """500 ``INTERNAL_ERROR`` (a bug in the gateway: report it)."""


_BY_STATUS: dict[int, type[InboxHubError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    429: RateLimitError,
    501: EngineNotSupportedError,
    502: EngineError,
    503: UnavailableError,
    504: UnavailableError,
}


def error_from_response(response: httpx.Response) -> InboxHubError:
    try:
        body = response.json()
    except ValueError:
        body = None
    code, message, field, details = "HTTP_ERROR", response.reason_phrase, None, None
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):  # seed 01's nested form
            code = str(error.get("code") or code)
            message = str(error.get("message") or message)
            field = error.get("field")
        else:
            code = str(body.get("code") or code)
            message = str(body.get("message") or error or message)
            field = body.get("field")
        details = body.get("details")
    kind = _BY_STATUS.get(response.status_code)
    if kind is None:
        kind = ServerError if response.status_code >= 500 else InboxHubError
    return kind(
        message,
        code=code,
        status=response.status_code,
        field=field,
        details=details,
        response=response,
    )

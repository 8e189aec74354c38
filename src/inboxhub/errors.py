"""Errors a client can cause, each with its HTTP status and the seeds' error code.

Every error reaches the client as the seeds' envelope::

    {"success": false, "error": "...", "message": "...", "code": "...", "timestamp": "..."}

(``message`` repeats ``error`` because the seeds' client code reads either.) The words are in the
request's language (``i18n.py``); the code never changes.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from inboxhub.i18n import translate
from inboxhub.json_text import JsonAnswer

log = logging.getLogger(__name__)


class ApiError(Exception):
    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "BAD_REQUEST"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details
        self.headers = headers


class ValidationFailed(ApiError):
    status_code = 400
    code = "VALIDATION_ERROR"


class MissingApiKey(ApiError):
    status_code = 401
    code = "MISSING_API_KEY"


class InvalidApiKey(ApiError):
    status_code = 401
    code = "INVALID_API_KEY"


class MissingToken(ApiError):
    status_code = 401
    code = "MISSING_TOKEN"


class InvalidToken(ApiError):
    status_code = 401
    code = "INVALID_TOKEN"


class InvalidCredentials(ApiError):
    status_code = 401
    code = "INVALID_CREDENTIALS"


class Forbidden(ApiError):
    status_code = 403
    code = "FORBIDDEN"


class NotFound(ApiError):
    status_code = 404
    code = "NOT_FOUND"


class SessionNotFound(NotFound):
    code = "SESSION_NOT_FOUND"


class Conflict(ApiError):
    status_code = 409
    code = "CONFLICT"


class SessionAlreadyExists(Conflict):
    code = "SESSION_ALREADY_EXISTS"


class SessionNotConnected(ApiError):
    status_code = 409
    code = "SESSION_NOT_CONNECTED"


class QrNotAvailable(ApiError):
    status_code = 404
    code = "QR_NOT_AVAILABLE"


class PayloadTooLarge(ApiError):
    status_code = 413
    code = "PAYLOAD_TOO_LARGE"


class RateLimitExceeded(ApiError):
    status_code = 429
    code = "RATE_LIMIT_EXCEEDED"


class EngineNotSupported(ApiError):
    status_code = 501
    code = "ENGINE_NOT_SUPPORTED"


class EngineFailure(ApiError):
    status_code = 502
    code = "ENGINE_ERROR"


class SessionMoving(ApiError):
    """Cluster mode: the session is between two nodes; it is driven again within seconds."""

    status_code = 503
    code = "SESSION_MOVING"

    def __init__(self, message: str, *, retry_after: int = 1, field: str | None = None) -> None:
        super().__init__(message, field=field, headers={"Retry-After": str(retry_after)})


class WriteNotRecorded(ApiError, RuntimeError):
    """The database refused a write (a constraint, a full disk): nothing of its batch was kept."""

    status_code = 500
    code = "INTERNAL_ERROR"

    def __init__(self, message: str = "The database refused to store this request") -> None:
        super().__init__(message)


class DatabaseUnavailable(ApiError):
    """The database is away (restart, failover, network): nothing was written; retry."""

    status_code = 503
    code = "DATABASE_UNAVAILABLE"

    def __init__(self, message: str = "The database is briefly unavailable; retry shortly") -> None:
        super().__init__(message, headers={"Retry-After": "2"})


class ErrorBody(BaseModel):
    """The error envelope, as the OpenAPI document declares it for every error status."""

    success: Literal[False] = False
    error: str
    message: str
    code: str = Field(description="Stable error code: VALIDATION_ERROR, SESSION_NOT_FOUND, …")
    timestamp: str
    field: str | None = Field(default=None, description="The input at fault, when there is one")
    details: Any = None


_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying",
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    }
}


def _declared(
    description: str,
    code: str,
    message: str,
    field: str | None = None,
    headers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    example: dict[str, Any] = {
        "success": False,
        "error": message,
        "message": message,
        "code": code,
        "timestamp": "2026-05-01T10:00:00.000Z",
    }
    if field is not None:
        example["field"] = field
    # The schema by reference rather than ``"model": ErrorBody``: for a declared model FastAPI
    # builds a validator on every route, for each of these statuses, in every app it serves (the
    # first request to a route waited for eleven of them). ``app.py`` adds ErrorBody's schema.
    declared: dict[str, Any] = {
        "description": description,
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/ErrorBody"},
                "example": example,
            }
        },
    }
    if headers:
        declared["headers"] = headers
    return declared


# Declared on every API operation; "4XX" also stands in for FastAPI's 422, never sent.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _declared(
        "Invalid input (VALIDATION_ERROR and others; `field` names the input)",
        "VALIDATION_ERROR",
        "phoneNumber: String should have at most 20 characters",
        "phoneNumber",
    ),
    401: _declared("Missing or invalid API key or token", "INVALID_API_KEY", "Invalid API key"),
    403: _declared(
        "Not allowed for this user or key", "FORBIDDEN", "Only an owner or admin can do this"
    ),
    404: _declared(
        "Not found, or not in the caller's organization",
        "SESSION_NOT_FOUND",
        "Session 'ventas' not found",
        "sessionId",
    ),
    409: _declared(
        "Conflicts with the object's state (SESSION_NOT_CONNECTED, CONFLICT…)",
        "SESSION_NOT_CONNECTED",
        "Session 'ventas' is not connected; use POST /api/sessions/{id}/connect first",
        "sessionId",
    ),
    413: _declared("Body or file too large", "PAYLOAD_TOO_LARGE", "Body too large"),
    429: _declared(
        "RATE_LIMIT_EXCEEDED; `Retry-After` says when to retry",
        "RATE_LIMIT_EXCEEDED",
        "Too many requests for this session; retry in 12 s",
        headers={
            **_RETRY_AFTER,
            "X-RateLimit-Limit": {
                "description": "Requests allowed in the window",
                "schema": {"type": "string", "pattern": "^[0-9]+$"},
            },
        },
    ),
    "4XX": _declared(
        "Other client errors (METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE…)",
        "METHOD_NOT_ALLOWED",
        "Method Not Allowed",
    ),
    501: _declared(
        "ENGINE_NOT_SUPPORTED: the session's engine cannot do this",
        "ENGINE_NOT_SUPPORTED",
        "The cloud engine cannot do this",
    ),
    502: _declared(
        "ENGINE_ERROR: WhatsApp or the engine failed", "ENGINE_ERROR", "WhatsApp refused the send"
    ),
    503: _declared(
        "DATABASE_UNAVAILABLE or SESSION_MOVING (cluster), briefly; retry after `Retry-After`",
        "DATABASE_UNAVAILABLE",
        "The database is briefly unavailable; retry shortly",
        headers=_RETRY_AFTER,
    ),
}


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The error envelope, its words in the request's language (``i18n``)."""
    message = translate(message) or message
    body: dict[str, Any] = {
        "success": False,
        "error": message,
        "message": message,
        "code": code,
        "timestamp": utc_now_iso(),
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def _field_path(loc: tuple[Any, ...]) -> str:
    # FastAPI prefixes the source ("body", "query", "path"); clients want the field itself.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or str(loc[-1] if loc else "")


async def _api_error(_: Request, exc: Exception) -> JsonAnswer:
    assert isinstance(exc, ApiError)
    return JsonAnswer(
        error_body(exc.code, exc.message, field=exc.field, details=exc.details),
        status_code=exc.status_code,
        headers=exc.headers,
    )


async def _validation_error(_: Request, exc: Exception) -> JsonAnswer:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        field = _field_path(tuple(err.get("loc", ())))
        msg = str(err.get("msg", "invalid"))
        if err.get("type") == "json_invalid":
            field, msg = "body", "Malformed JSON body"
        msg = translate(msg) or msg
        problems.append({"field": field, "message": msg})
    first = problems[0] if problems else {"field": "body", "message": "invalid"}
    message = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return JsonAnswer(
        error_body("VALIDATION_ERROR", message, field=first["field"], details=problems),
        status_code=400,
    )


_HTTP_CODES = {
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> str:
    # Starlette's 405 names the methods of the first route whose path matched; a path served by
    # several routes (GET and POST on one resource) must name all of them (RFC 9110, 15.5.6).
    routes = request.app.router.routes
    allowed = [
        method
        for method in _METHODS
        if any(r.matches({**request.scope, "method": method})[0] is Match.FULL for r in routes)
    ]
    return ", ".join(allowed)


async def _http_error(request: Request, exc: Exception) -> JsonAnswer:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "HTTP_ERROR")
    headers = exc.headers
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    return JsonAnswer(
        error_body(code, str(exc.detail)), status_code=exc.status_code, headers=headers
    )


async def _database_unavailable(request: Request, exc: Exception) -> JsonAnswer:
    # The database went away (restart, failover): a retryable condition, not a server bug.
    # The driver's own message only: the statement's parameters may hold secrets.
    reason = getattr(exc, "orig", None) or type(exc).__name__
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, reason)
    return JsonAnswer(
        error_body("DATABASE_UNAVAILABLE", "The database is briefly unavailable; retry shortly"),
        status_code=503,
        headers={"Retry-After": "2"},
    )


# SQLSTATE classes of a server that is going away or not there yet (08: connection exception,
# 57: operator intervention: admin shutdown, crash shutdown, cannot connect now).
_UNAVAILABLE_CLASSES = ("08", "57")


def connection_lost(exc: BaseException) -> bool:
    """A database error that says the server went away, not that the statement was wrong. The
    driver's own socket errors while it connects (refused, reset) count too: SQLAlchemy wraps
    only errors on a connection it already has. So does a pool whose every connection stayed in
    use past its timeout: the database cannot take this now, and it passes as an outage does."""
    if isinstance(exc, OSError | OperationalError | InterfaceError | PoolTimeout):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    # The error itself too: statements run by the driver (``direct.py``) raise its own errors.
    for cause in (exc, getattr(exc, "orig", None), exc.__cause__):
        code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if isinstance(code, str) and code[:2] in _UNAVAILABLE_CLASSES:
            return True
    return False


async def _database_error(request: Request, exc: Exception) -> JsonAnswer:
    if connection_lost(exc):
        return await _database_unavailable(request, exc)
    log.error("database error on %s %s", request.method, request.url.path, exc_info=exc)
    return JsonAnswer(error_body("INTERNAL_ERROR", "Internal server error"), status_code=500)


async def _out_of_range(_: Request, exc: Exception) -> JsonAnswer:
    # The database refused a value (a number past 64 bits, a NUL in text on PostgreSQL) that no
    # validator caught: the client sent it, so it is their error, never a 500.
    return JsonAnswer(
        error_body("VALIDATION_ERROR", "A value is out of range or not storable"), status_code=400
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(InterfaceError, _database_unavailable)
    app.add_exception_handler(DBAPIError, _database_error)
    # The driver's own errors while it connects to a server that is stopped, restarting or
    # cut off (refused, reset): SQLAlchemy wraps only errors on a connection it already has.
    app.add_exception_handler(ConnectionError, _database_unavailable)
    app.add_exception_handler(PoolTimeout, _database_unavailable)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)

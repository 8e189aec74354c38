"""Logging: plain lines for a terminal, JSON lines (INBOXHUB_LOG_JSON) for a collector.

Every line logged while serving a request carries that request's id (``X-Request-ID``, taken
from the client when it sends a sane one, generated otherwise and echoed in the response).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime

from inboxhub.config import Settings

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None)
        if rid:
            entry["requestId"] = rid
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        rid = getattr(record, "request_id", None)
        return f"{line} [{rid}]" if rid else line


# Query parameters that carry a credential: the access log shows them as "***".
_SECRET_PARAMETERS = re.compile(
    r"(?i)([?&](?:api_?key|ticket|token|access_token|signature|secret|password"
    r"|hub\.verify_token)=)[^&#\s]*"
)


def redact_query(text: str) -> str:
    return _SECRET_PARAMETERS.sub(r"\1***", text)


class RedactQueryFilter(logging.Filter):
    """uvicorn's access line holds the full path with its query string (``args[2]``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_query(args[2]), *args[3:])
        elif isinstance(record.msg, str):
            record.msg = redact_query(record.msg)
        return True


# Loggers that print SQL bound parameters (API key hashes, webhook secrets) when verbose.
PARAMETER_DUMPING_LOGGERS = ("aiosqlite", "sqlalchemy.engine", "sqlalchemy.pool", "asyncpg")


def silence_parameter_dumps() -> None:
    for name in PARAMETER_DUMPING_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if settings.log_json:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(PlainFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    # Access lines name paths, never headers or bodies, and credentials in query strings are
    # masked, so keys and secrets stay out of the logs.
    access = logging.getLogger("uvicorn.access")
    access.setLevel(logging.WARNING if settings.log_level.upper() != "DEBUG" else logging.INFO)
    if not any(isinstance(f, RedactQueryFilter) for f in access.filters):
        access.addFilter(RedactQueryFilter())

"""Inbox Hub's Python SDK: typed clients for the REST API and helpers for webhook receivers."""

from inboxhub_client import models
from inboxhub_client._transport import Retry
from inboxhub_client.client import AsyncInboxHub, InboxHub, StreamEvent
from inboxhub_client.errors import (
    AuthenticationError,
    ConflictError,
    EngineError,
    EngineNotSupportedError,
    ForbiddenError,
    InboxHubError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitError,
    ServerError,
    TransportError,
    UnavailableError,
    ValidationError,
)
from inboxhub_client.events import WebhookEvent, parse_event
from inboxhub_client.record import Record
from inboxhub_client.webhooks import (
    MemoryStore,
    RedisStore,
    SqlStore,
    WebhookReceiver,
    WebhookVerificationError,
    verify,
)

__version__ = "0.1.0"

__all__ = [
    "AsyncInboxHub",
    "AuthenticationError",
    "ConflictError",
    "EngineError",
    "EngineNotSupportedError",
    "ForbiddenError",
    "InboxHub",
    "InboxHubError",
    "MemoryStore",
    "NotFoundError",
    "PayloadTooLargeError",
    "RateLimitError",
    "Record",
    "RedisStore",
    "Retry",
    "ServerError",
    "SqlStore",
    "StreamEvent",
    "TransportError",
    "UnavailableError",
    "ValidationError",
    "WebhookEvent",
    "WebhookReceiver",
    "WebhookVerificationError",
    "models",
    "parse_event",
    "verify",
]

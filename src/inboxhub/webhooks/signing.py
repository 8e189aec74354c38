"""The bytes a subscriber receives and the signatures over them.

Bodies are compact JSON (no spaces, UTF-8 as is), so a receiver that parses the body and
re-serializes it the same way (``JSON.stringify``, ``json.dumps(separators=(",", ":"),
ensure_ascii=False)``) gets the signed bytes back.

Two signatures ride on every delivery to a subscriber with a secret:

* ``X-Webhook-Signature`` / ``X-Signature``: ``sha256=<hex HMAC-SHA256(secret, body)>`` (seeds 01, 02).
* Standard Webhooks: ``webhook-signature: v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>``,
  where ``key`` is the base64 part of a ``whsec_…`` secret, or else the secret's UTF-8 bytes (a
  Standard Webhooks library verifies it with ``"whsec_" + base64(secret)``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from inboxhub import __version__
from inboxhub.envelope import iso

USER_AGENT = f"InboxHub-Webhooks/{__version__}"
_WHSEC = "whsec_"


def envelope(
    *,
    event_id: str,
    event_type: str,
    payload: dict[str, Any],
    created_at: datetime,
    session_id: str | None,
) -> dict[str, Any]:
    """The webhook body: seed 01's ``{"event", "data"}`` plus the event ``id``.

    ``message.received`` keeps exactly that shape; other events also say when and for which
    session they happened (seed 02's receivers read ``timestamp`` and ``sessionId``).
    """
    body: dict[str, Any] = {"id": event_id, "event": event_type}
    if event_type != "message.received":
        body["timestamp"] = iso(created_at)
        body["sessionId"] = session_id
    body["data"] = payload
    return body


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def hex_signature(secret: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def standard_key(secret: str) -> bytes:
    if secret.startswith(_WHSEC):
        try:
            return base64.b64decode(secret[len(_WHSEC) :], validate=True)
        except (binascii.Error, ValueError):
            pass  # not base64 after all: used as typed, like any other secret
    return secret.encode("utf-8")


def standard_signature(secret: str, *, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(standard_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(
    *,
    event_id: str,
    event_type: str,
    session_id: str | None,
    body: bytes,
    secret: str | None,
    timestamp: int,
    attempt: int,
) -> dict[str, str]:
    result = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Webhook-Event": event_type,
        "X-Webhook-Attempt": str(attempt),
        "webhook-id": event_id,
        "webhook-timestamp": str(timestamp),
    }
    if session_id:
        result["X-Webhook-Session"] = session_id
    if secret:
        signature = hex_signature(secret, body)
        result["X-Webhook-Signature"] = signature
        result["X-Signature"] = signature
        result["webhook-signature"] = standard_signature(
            secret, message_id=event_id, timestamp=timestamp, body=body
        )
    return result

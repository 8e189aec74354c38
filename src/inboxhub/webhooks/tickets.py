"""Stream tickets: what a browser's EventSource puts in the URL instead of an API key.

EventSource cannot send headers, and a URL ends up in access logs, proxies and browser history:
a ticket is good for one organization's stream for a minute, names the key that asked for it
(the stream ends when that key is revoked) and is worth nothing else. It is signed, not stored,
so any node of a cluster accepts it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

from inboxhub.errors import InvalidApiKey
from inboxhub.runtime import Runtime

TICKET_TTL_SECONDS = 60
_PREFIX = "evt_"


def _key(runtime: Runtime) -> bytes:
    return hmac.new(
        runtime.issuer.secret.encode(), b"inboxhub/stream-ticket/v1", hashlib.sha256
    ).digest()


def _sign(runtime: Runtime, payload: bytes) -> str:
    return hmac.new(_key(runtime), payload, hashlib.sha256).hexdigest()


def issue(runtime: Runtime, *, organization_id: int, api_key_id: int) -> tuple[str, int]:
    expires = int(time.time()) + TICKET_TTL_SECONDS
    payload = json.dumps({"o": organization_id, "k": api_key_id, "e": expires}).encode()
    encoded = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{_PREFIX}{encoded}.{_sign(runtime, payload)}", expires


def redeem(runtime: Runtime, ticket: str) -> tuple[int, int]:
    """The organization and the API key of a valid ticket; 401 for anything else."""
    refused = InvalidApiKey("Invalid or expired stream ticket", field="ticket")
    body, _, signature = ticket.removeprefix(_PREFIX).partition(".")
    try:
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        claims = json.loads(payload)
        organization_id, api_key_id, expires = int(claims["o"]), int(claims["k"]), int(claims["e"])
    except (ValueError, KeyError, TypeError):
        raise refused from None
    if not ticket.startswith(_PREFIX) or not hmac.compare_digest(
        _sign(runtime, payload).encode(), signature.encode()
    ):
        raise refused
    if expires < time.time():
        raise refused
    return organization_id, api_key_id

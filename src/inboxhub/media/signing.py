"""Signed, expiring media links a CRM can GET without an API key (``media.url`` in webhooks).

``/api/media/{id}/download?expires=<unix>&signature=<hex>``, where the signature is an HMAC-SHA256
over ``"{id}.{expires}"`` with a key derived from the server secret, so links die with the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from inboxhub.runtime import Runtime


def _key(runtime: Runtime) -> bytes:
    cached = runtime.media_signing_key
    if cached is not None:
        return cached
    key = hmac.new(
        runtime.issuer.secret.encode(), b"inboxhub/media-url/v1", hashlib.sha256
    ).digest()
    runtime.media_signing_key = key
    return key


def signature(runtime: Runtime, media_id: int, expires: int) -> str:
    return hmac.new(_key(runtime), f"{media_id}.{expires}".encode(), hashlib.sha256).hexdigest()


def signed_url(runtime: Runtime, media_id: int, *, ttl_seconds: int | None = None) -> str:
    ttl = ttl_seconds if ttl_seconds is not None else runtime.settings.media_url_ttl_seconds
    expires = int(time.time()) + ttl
    return (
        f"{runtime.settings.public_base_url}/api/media/{media_id}/download"
        f"?expires={expires}&signature={signature(runtime, media_id, expires)}"
    )


def verify(runtime: Runtime, media_id: int, expires: int, given: str) -> bool:
    if expires < time.time():
        return False
    return hmac.compare_digest(
        signature(runtime, media_id, expires).encode(), given.lower().encode()
    )

"""Request bodies: the caller is known before a body is read, and no body is read past its limit.

FastAPI reads a route's body before it solves the route's dependencies (authentication among
them), and reads it whole: a 300 MB body without a key was held in memory before its 401. This
pure ASGI middleware (it buffers nothing) answers first:

- a request that needs credentials and carries none, or an unknown API key, gets its 401 before
  one byte of its body is read;
- a body larger than ``INBOXHUB_MAX_JSON_BODY_BYTES`` gets 413 ``PAYLOAD_TOO_LARGE``: at once
  when its ``Content-Length`` says so, else as soon as the bytes counted while it streams pass
  the limit (the route sees the client gone, and its answer is dropped).

File uploads (``multipart/form-data``) stream to disk under ``INBOXHUB_MEDIA_MAX_BYTES``, sends
and statuses may carry a file as base64 (that limit, in base64), and Meta's inbound webhook has
``INBOXHUB_CLOUD_WEBHOOK_MAX_BYTES``.
"""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inboxhub.auth.dependencies import known_key
from inboxhub.config import Settings
from inboxhub.errors import connection_lost, error_body
from inboxhub.runtime import Runtime

# Routes that take the operator's or a tenant's API key (``X-API-Key``).
_API_KEY = re.compile(
    r"^/api/(?:sessions|messages|media|contacts|groups|status|templates|webhooks|events"
    r"|handover|sandbox|dashboard)(?:/|$)"
)
# Routes that take a user's JWT; signing in and accepting an invitation need none.
_USER = re.compile(r"^/api/(?:organizations(?:/|$)|auth/(?!login$|refresh$|invitations/accept$))")
# Routes that take a bearer token of their own (the CRM's, an administrator's) or a key.
_BEARER_OR_KEY = re.compile(r"^/api/(?:crm/(?!meta-handover-webhook$)|cluster(?:/|$))")
# Routes that may carry a media file as base64.
_MEDIA = re.compile(r"^/api/(?:messages/[^/]+/send|status/sessions/[^/]+|crm/send-message)$")
_CLOUD_WEBHOOK = re.compile(r"^/api/cloud/webhook(?:/|$)")
# Routes under those prefixes that their own secret guards (in the path): the webhook inspector's
# capture URL, which any subscriber posts to.
_OWN_SECRET = re.compile(r"^/api/webhooks/inspector/whi_[^/]+$")
_NO_BODY = frozenset({"GET", "HEAD", "OPTIONS"})


def _reply(status: int, code: str, message: str, field: str | None = None) -> list[Message]:
    body = json.dumps(error_body(code, message, field=field)).encode()
    return [
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        },
        {"type": "http.response.body", "body": body},
    ]


class BodyLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @staticmethod
    def limit_for(settings: Settings, path: str, content_type: str) -> int | None:
        if content_type.startswith("multipart/form-data"):
            return None  # the upload streams to disk and counts its own bytes
        if _CLOUD_WEBHOOK.match(path):
            return settings.cloud_webhook_max_bytes
        if _MEDIA.match(path):
            # A file as base64 takes 4/3 of its size; the rest of the message fits in the margin.
            return max(settings.max_json_body_bytes, settings.media_max_bytes * 4 // 3 + 65536)
        return settings.max_json_body_bytes

    @staticmethod
    async def refusal(
        runtime: Runtime, path: str, headers: dict[bytes, bytes], scope: Scope
    ) -> list[Message] | None:
        """The 401 a request gets before its body is read, if it lacks what its route needs."""
        key = headers.get(b"x-api-key", b"").decode("latin-1").strip()
        bearer = headers.get(b"authorization", b"").decode("latin-1").strip()
        if _OWN_SECRET.match(path):
            return None
        if _API_KEY.match(path):
            if not key:
                return _reply(401, "MISSING_API_KEY", "X-API-Key header is required")
            try:
                known = await known_key(runtime, key, scope)
            except Exception as exc:
                if not connection_lost(exc):
                    raise
                return None  # the database is away: the route answers (503) by itself
            if known is None:
                return _reply(401, "INVALID_API_KEY", "Invalid API key")
        elif _USER.match(path):
            if not bearer.lower().startswith("bearer ") or not bearer[7:].strip():
                return _reply(
                    401, "MISSING_TOKEN", "Authorization: Bearer <token> header is required"
                )
        elif _BEARER_OR_KEY.match(path) and not (key or bearer):
            return _reply(401, "MISSING_TOKEN", "Authorization: Bearer <token> header is required")
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _NO_BODY:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = dict(scope.get("headers") or [])
        # The app's runtime, read per request: the middleware outlives any one runtime.
        runtime: Runtime = scope["app"].state.runtime
        refused = await self.refusal(runtime, path, headers, scope)
        if refused is not None:
            for message in refused:
                await send(message)
            return
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        limit = self.limit_for(runtime.settings, path, content_type)
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            for message in _too_large(limit):
                await send(message)
            return
        await _Counted(self.app, limit)(scope, receive, send)


def _too_large(limit: int) -> list[Message]:
    # Built only when refusing: the words are translated, which costs more than a request.
    return _reply(413, "PAYLOAD_TOO_LARGE", f"Request body larger than {limit} bytes", "body")


class _Counted:
    """One request whose body is counted as it arrives."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit
        self.size = 0
        self.refused = False
        self.started = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counted_receive() -> Message:
            if self.refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                self.size += len(message.get("body", b""))
                if self.size > self.limit:
                    self.refused = True
                    if not self.started:
                        for reply in _too_large(self.limit):
                            await send(reply)
                    # The route sees a client that went away: it stops reading, its answer
                    # is dropped below.
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if self.refused:
                return
            if message["type"] == "http.response.start":
                self.started = True
            await send(message)

        await self.app(scope, counted_receive, guarded_send)

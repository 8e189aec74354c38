"""Who is calling: an API key (WhatsApp routes) or a user's JWT (auth and organization routes)."""

from __future__ import annotations

import asyncio
import re
import weakref
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, ClassVar

from fastapi import Depends, Request
from sqlalchemy import update

from inboxhub.auth import service
from inboxhub.auth.models import ApiKey, User
from inboxhub.auth.principal import Principal
from inboxhub.cache import WriteInvalidatedCache, shared_cache, watched
from inboxhub.db import DbSession, utcnow
from inboxhub.errors import Forbidden, InvalidApiKey, MissingApiKey, MissingToken
from inboxhub.ratelimit import too_many
from inboxhub.runtime import Runtime, get_runtime

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
_API_KEY_TABLES = watched("api_keys", "organizations", "users")


@dataclass
class _Known:
    principal: Principal
    last_used_at: datetime | None
    expires_at: datetime | None = None


def api_key_cache(runtime: Runtime) -> WriteInvalidatedCache[str, _Known | None]:
    """Keys recently seen (valid or not), by hash: a revoked key, or one of a deleted
    organization or user, is dropped at once."""
    return shared_cache(runtime, "api_keys", _API_KEY_TABLES, inserts=True)


# Where a request keeps the key it looked up: its body limit (``bodies.BodyLimit``) refuses an
# unknown key before the body is read, and its route asks again.
_LOOKED_UP = "inboxhub.api_key"


async def known_key(
    runtime: Runtime, raw: str, scope: MutableMapping[str, Any] | None = None
) -> _Known | None:
    """The organization of an API key, or None for an unknown, revoked or expired one.
    ``scope``: the request's ASGI scope, where the answer is kept for the rest of the request."""
    seen = scope.get(_LOOKED_UP) if scope is not None else None
    if seen is not None and seen[0] == raw:
        known: _Known | None = seen[1]
    else:
        known = await _cached_key(runtime, raw)
        if scope is not None:
            scope[_LOOKED_UP] = (raw, known)
    # Expiry is checked on every request: a cached key must not outlive its expiresAt.
    if known is None or (known.expires_at is not None and known.expires_at <= utcnow()):
        return None
    return known


async def _cached_key(runtime: Runtime, raw: str) -> _Known | None:
    digest = service.hash_api_key(raw.strip())

    async def load() -> _Known | None:
        async with runtime.database.sessionmaker() as db:
            api_key: ApiKey | None = await service.authenticate_api_key(db, raw.strip())
        if api_key is None:
            return None
        principal = Principal(
            organization_id=api_key.organization_id, api_key_id=api_key.id, role=api_key.role
        )
        return _Known(principal, api_key.last_used_at, api_key.expires_at)

    return await api_key_cache(runtime).get_or_load(digest, load)


async def api_key_principal(request: Request) -> Principal:
    """The caller of a WhatsApp route, from its ``X-API-Key``. A plain function as well as the
    ``ApiKeyAuth`` dependency: dependencies that need the caller call it directly, which spares
    FastAPI a level of dependency solving on every request."""
    runtime: Runtime = request.app.state.runtime
    raw = request.headers.get("x-api-key")
    if not raw:
        raise MissingApiKey("X-API-Key header is required")
    known = await known_key(runtime, raw, request.scope)
    if known is None:
        raise InvalidApiKey("Invalid API key")
    if known.principal.role == "member" and _manages_configuration(request):
        raise Forbidden("A member's console key may not change the organization's configuration")
    # Touch last_used_at at most once a minute: a write per request would serialize SQLite.
    now = utcnow()
    if known.last_used_at is None or (now - known.last_used_at).total_seconds() > 60:
        known.last_used_at = now
        # In a transaction of its own: the request's must not start with a write it holds open.
        async with runtime.database.sessionmaker() as touch, touch.begin():
            await touch.execute(
                update(ApiKey)
                .where(ApiKey.id == known.principal.api_key_id)
                .values(last_used_at=now)
            )
    return known.principal


# What changes an organization's configuration (sessions, webhooks, CRM and bot settings,
# templates) is owners' and admins' business: a member's console key reads, sends, chats and
# drives the sessions that exist (connect, QR, logout).
_CONFIGURATION = re.compile(
    r"^/api/(?:sessions(?:/[^/]+(?:/frappe/configure)?)?"
    r"|webhooks/.*"
    r"|handover/settings|handover/sessions/[^/]+/bot"
    r"|templates/organizations/.*"
    r"|sandbox/(?:network|contacts|statuses)(?:/.*)?)$"
)


def _manages_configuration(request: Request) -> bool:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    return _CONFIGURATION.match(request.url.path) is not None


ApiKeyAuth = Annotated[Principal, Depends(api_key_principal)]


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise MissingToken("Authorization: Bearer <token> header is required")
    return token.strip()


async def _current_user(request: Request, db: DbSession, runtime: RuntimeDep) -> User:
    token = _bearer(request)
    claims = runtime.issuer.decode(token, "access")
    user = await service.user_from_claims(db, claims)
    await runtime.limiter.enforce(
        runtime.limits.user, "user", str(user.id), what="requests for this user"
    )
    request.state.token_claims = claims
    return user


CurrentUser = Annotated[User, Depends(_current_user)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class FailedAttempts:
    """The login limit (``INBOXHUB_RATE_LIMIT_AUTH``) counts failures only, per client address and
    per account: a user who signs in many times is never locked out, and guessing one account's
    password from many addresses, or many accounts' from one, is stopped all the same.

    Used as ``async with``: attempts with the same address or account wait for each other, so
    that a burst of concurrent guesses cannot all pass the check before the first is counted.
    """

    _locks: ClassVar[weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock]] = (
        weakref.WeakValueDictionary()
    )

    def __init__(self, request: Request, runtime: Runtime, account: str | None) -> None:
        self.runtime = runtime
        self.keys = [("auth", client_ip(request))]
        if account:
            self.keys.append(("auth-account", account.strip().lower()[:320]))
        self._held: list[asyncio.Lock] = []

    async def __aenter__(self) -> FailedAttempts:
        for key in sorted(self.keys):
            lock = self._locks.get(key)
            if lock is None:
                lock = self._locks[key] = asyncio.Lock()
            self._held.append(lock)
            await lock.acquire()
        try:
            await self.check()
        except BaseException:
            self._release()
            raise
        return self

    async def __aexit__(self, *_: object) -> None:
        self._release()

    def _release(self) -> None:
        while self._held:
            self._held.pop().release()

    async def check(self) -> None:
        for keys in self.keys:
            decision = await self.runtime.limiter.check(self.runtime.limits.auth, *keys)
            if not decision.allowed:
                what = "failed sign-ins" + (
                    " from this address" if keys[0] == "auth" else " for this account"
                )
                raise too_many(decision, what)

    async def failed(self) -> None:
        for keys in self.keys:
            await self.runtime.limiter.hit(self.runtime.limits.auth, *keys)

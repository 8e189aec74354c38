"""Resolving ``{id}`` / ``{sessionId}`` path parameters to a session of the caller's organization."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Path

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.cache import WriteInvalidatedCache
from inboxhub.db import DbSession
from inboxhub.runtime import Runtime
from inboxhub.sessions import service
from inboxhub.sessions.models import WhatsAppSession


async def _limited(runtime: RuntimeDep, session: WhatsAppSession) -> WhatsAppSession:
    await runtime.limiter.enforce(
        runtime.limits.session, "session", session.session_id, what="requests for this session"
    )
    return session


async def _by_id(
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
    id: Annotated[str, Path(max_length=100)],
) -> WhatsAppSession:
    return await _limited(runtime, await service.find_session(db, principal, id))


async def _by_session_id(
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
    session_id: Annotated[str, Path(alias="sessionId", max_length=100)],
) -> WhatsAppSession:
    return await _limited(runtime, await service.find_session(db, principal, session_id))


def _snapshots(runtime: Runtime) -> WriteInvalidatedCache[tuple[int, str], WhatsAppSession]:
    cache = runtime.extras.get("session_snapshots")
    if cache is None:
        cache = runtime.extras["session_snapshots"] = WriteInvalidatedCache[
            tuple[int, str], WhatsAppSession
        ](runtime.database.engine, ("sessions", "organizations"))
    return cast(WriteInvalidatedCache[tuple[int, str], WhatsAppSession], cache)


async def _snapshot_by_session_id(
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
    session_id: Annotated[str, Path(alias="sessionId", max_length=100)],
) -> WhatsAppSession:
    cache = _snapshots(runtime)
    key = (principal.organization_id, session_id)
    session = cache.get(key)
    if session is None:
        async with runtime.database.sessionmaker() as db:
            session = await service.find_session(db, principal, session_id)
            db.expunge(session)
        cache.put(key, session)
    return await _limited(runtime, session)


# ``/api/sessions/{id}``: numeric id or sessionId.
SessionById = Annotated[WhatsAppSession, Depends(_by_id)]
# ``/api/messages/{sessionId}``, ``/api/contacts/{sessionId}``, …: the same lookup.
SessionByPath = Annotated[WhatsAppSession, Depends(_by_session_id)]
# Sends: the same lookup, answered from memory while the session's row is unchanged. The row is
# detached and shared between concurrent requests: read it, never change it.
SessionSnapshot = Annotated[WhatsAppSession, Depends(_snapshot_by_session_id)]

"""Resolving ``{id}`` / ``{sessionId}`` path parameters to a session of the caller's organization."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep, api_key_principal
from inboxhub.cache import WriteInvalidatedCache, shared_cache
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
    return shared_cache(runtime, "session_snapshots", ("sessions", "organizations"))


async def _snapshot_by_session_id(
    request: Request,
    session_id: Annotated[str, Path(alias="sessionId", max_length=100)],
) -> WhatsAppSession:
    # The caller and the runtime without dependencies of their own: sends are the busiest route.
    principal = await api_key_principal(request)
    runtime: Runtime = request.app.state.runtime

    async def load() -> WhatsAppSession:
        async with runtime.database.sessionmaker() as db:
            session = await service.find_session(db, principal, session_id)
            db.expunge(session)
        return session

    key = (principal.organization_id, session_id)
    session = await _snapshots(runtime).get_or_load(key, load)
    return await _limited(runtime, session)


# ``/api/sessions/{id}``: numeric id or sessionId.
SessionById = Annotated[WhatsAppSession, Depends(_by_id)]
# ``/api/messages/{sessionId}``, ``/api/contacts/{sessionId}``, …: the same lookup.
SessionByPath = Annotated[WhatsAppSession, Depends(_by_session_id)]
# Sends: the same lookup, answered from memory while the session's row is unchanged. The row is
# detached and shared between concurrent requests: read it, never change it.
SessionSnapshot = Annotated[WhatsAppSession, Depends(_snapshot_by_session_id)]

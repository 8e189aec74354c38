"""Resolving ``{id}`` / ``{sessionId}`` path parameters to a session of the caller's organization."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep, api_key_principal
from inboxhub.cache import WriteInvalidatedCache, shared_cache, watched
from inboxhub.db import DbSession
from inboxhub.routing import too_long
from inboxhub.runtime import Runtime
from inboxhub.sessions import service
from inboxhub.sessions.models import WhatsAppSession

_SESSION_TABLES = watched("sessions", "organizations")

SESSION_ID_MAX = 100


async def _limited(runtime: RuntimeDep, session: WhatsAppSession) -> WhatsAppSession:
    await runtime.limiter.enforce(
        runtime.limits.session, "session", session.session_id, what="requests for this session"
    )
    return session


async def _by_id(
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
    id: Annotated[str, Path(max_length=SESSION_ID_MAX)],
) -> WhatsAppSession:
    return await _limited(runtime, await service.find_session(db, principal, id))


async def _by_session_id(
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
    session_id: Annotated[str, Path(alias="sessionId", max_length=SESSION_ID_MAX)],
) -> WhatsAppSession:
    return await _limited(runtime, await service.find_session(db, principal, session_id))


def _snapshots(runtime: Runtime) -> WriteInvalidatedCache[tuple[int, str], WhatsAppSession]:
    return shared_cache(runtime, "session_snapshots", _SESSION_TABLES)


async def session_snapshot(request: Request) -> WhatsAppSession:
    """The ``{sessionId}`` of a send, answered from memory while the session's row is unchanged.

    Not a dependency: sends are the busiest route, and FastAPI's solving of a dependency and its
    parameters costs more than this lookup. The row is detached and shared between concurrent
    requests: read it, never change it.
    """
    session_id: str = request.path_params["sessionId"]
    if len(session_id) > SESSION_ID_MAX:
        raise too_long("path", "sessionId", session_id, SESSION_ID_MAX)
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


# The ``{sessionId}`` path parameter as documented by a route that reads it itself.
SESSION_ID_PARAMETER = {
    "name": "sessionId",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "maxLength": SESSION_ID_MAX},
}


# ``/api/sessions/{id}``: numeric id or sessionId.
SessionById = Annotated[WhatsAppSession, Depends(_by_id)]
# ``/api/messages/{sessionId}``, ``/api/contacts/{sessionId}``, …: the same lookup.
SessionByPath = Annotated[WhatsAppSession, Depends(_by_session_id)]

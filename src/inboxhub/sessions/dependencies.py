"""Resolving ``{id}`` / ``{sessionId}`` path parameters to a session of the caller's organization."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.db import DbSession
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


# ``/api/sessions/{id}``: numeric id or sessionId.
SessionById = Annotated[WhatsAppSession, Depends(_by_id)]
# ``/api/messages/{sessionId}``, ``/api/contacts/{sessionId}``, …: the same lookup.
SessionByPath = Annotated[WhatsAppSession, Depends(_by_session_id)]

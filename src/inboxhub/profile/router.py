"""``PUT /api/sessions/{id}/profile``: the session's own WhatsApp profile."""

from __future__ import annotations

from typing import Any

from inboxhub.auth.dependencies import RuntimeDep
from inboxhub.db import DbSession
from inboxhub.envelope import answers, ok
from inboxhub.profile import service
from inboxhub.profile.schemas import ProfileRead, ProfileUpdate
from inboxhub.routing import FeatureRouter
from inboxhub.sessions.dependencies import SessionById

router = FeatureRouter(prefix="/api/sessions", tags=["sessions"])


@router.put("/{id}/profile", responses=answers(ProfileRead))
async def update_profile(
    session: SessionById, body: ProfileUpdate, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    return ok(await service.update_profile(db, runtime, session, body), "Perfil actualizado")

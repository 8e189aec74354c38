"""``/api/sessions/{sessionId}/chatwoot``: a session's Chatwoot bridge."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from inboxhub.auth.dependencies import RuntimeDep
from inboxhub.chatwoot import service
from inboxhub.chatwoot.schemas import ChatwootBridgeRequest, ChatwootData, ChatwootDeleted
from inboxhub.db import DbSession
from inboxhub.envelope import answers, ok
from inboxhub.routing import FeatureRouter
from inboxhub.sessions.dependencies import SessionByPath

router = FeatureRouter(prefix="/api/sessions", tags=["chatwoot"])


@router.put(
    "/{sessionId}/chatwoot",
    responses={
        **answers(ChatwootData, description="The link, changed"),
        **answers(ChatwootData, 201, description="The link, created"),
    },
)
async def put_chatwoot(
    session: SessionByPath,
    body: ChatwootBridgeRequest,
    db: DbSession,
    runtime: RuntimeDep,
    response: Response,
) -> dict[str, Any]:
    """Link the session to a Chatwoot inbox (an API channel one, created when `inboxName` is
    given), or change the link. The inbox's webhook is pointed at the gateway."""
    bridge, created = await service.configure(db, runtime, session, body)
    if created:
        response.status_code = 201
    message = "Chatwoot bridge created" if created else "Chatwoot bridge updated"
    return ok({"chatwoot": service.view(runtime, session, bridge)}, message)


@router.get("/{sessionId}/chatwoot", responses=answers(ChatwootData))
async def get_chatwoot(
    session: SessionByPath, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    bridge = await service.require_bridge(db, session)
    return ok({"chatwoot": service.view(runtime, session, bridge)})


@router.delete("/{sessionId}/chatwoot", responses=answers(ChatwootDeleted))
async def delete_chatwoot(session: SessionByPath, db: DbSession) -> dict[str, Any]:
    """Unlink the session; Chatwoot keeps its inbox and conversations."""
    await service.remove(db, session)
    return ok({"sessionId": session.session_id, "deleted": True}, "Chatwoot bridge deleted")

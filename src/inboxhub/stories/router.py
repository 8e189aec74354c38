"""``/api/status``: seed 01's status (stories) endpoints.

``{statusId}`` is the numeric ``id`` from the listings or WhatsApp's ``statusId``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query
from fastapi.responses import FileResponse

from inboxhub.auth.dependencies import RuntimeDep
from inboxhub.db import DbSession
from inboxhub.envelope import answers, ok
from inboxhub.media.service import DOWNLOAD_HEADERS, served_type
from inboxhub.routing import FeatureRouter
from inboxhub.sessions.dependencies import SessionByPath
from inboxhub.stories import media, service
from inboxhub.stories.schemas import (
    STATUS_MEDIA_ANSWER,
    ReactionCreate,
    StatusCreate,
    StatusData,
    StatusList,
)

router = FeatureRouter(prefix="/api/status", tags=["status"])

StatusId = Annotated[str, Path(alias="statusId", max_length=100)]
STATUS = "/sessions/{sessionId}/statuses/{statusId}"


async def _listing(
    session: SessionByPath,
    db: DbSession,
    *,
    page: int,
    limit: int,
    active_only: bool,
    from_me: bool | None,
) -> dict[str, Any]:
    statuses, views, pagination = await service.list_statuses(
        db, session, page=page, limit=limit, active_only=active_only, from_me=from_me
    )
    return ok(
        {
            "statuses": [service.describe(s, session, views.get(s.id)) for s in statuses],
            "total": pagination.total,
            "pagination": pagination.as_dict(),
        }
    )


@router.get("/sessions/{sessionId}", responses=answers(StatusList))
async def list_statuses(
    session: SessionByPath,
    db: DbSession,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    from_me: Annotated[bool | None, Query(alias="fromMe")] = None,
) -> dict[str, Any]:
    """The session's own statuses and its contacts', newest first, expired ones included."""
    return await _listing(session, db, page=page, limit=limit, active_only=False, from_me=from_me)


@router.get("/sessions/{sessionId}/active", responses=answers(StatusList))
async def list_active_statuses(
    session: SessionByPath,
    db: DbSession,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    from_me: Annotated[bool | None, Query(alias="fromMe")] = None,
) -> dict[str, Any]:
    """Statuses still shown on WhatsApp (posted in the last 24 hours)."""
    return await _listing(session, db, page=page, limit=limit, active_only=True, from_me=from_me)


@router.post("/sessions/{sessionId}", status_code=201, responses=answers(StatusData, 201))
async def post_status(
    session: SessionByPath, body: StatusCreate, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Post a text, image or video status; the session's contacts see it for 24 hours."""
    status, views = await service.post_status(db, runtime, session, body)
    return ok({"status": service.describe(status, session, views)}, "Estado publicado")


@router.get(STATUS + "/media", response_class=FileResponse, responses=STATUS_MEDIA_ANSWER)
async def download_status_media(
    session: SessionByPath, status_id: StatusId, db: DbSession, runtime: RuntimeDep
) -> FileResponse:
    """The image or video of a status, while it is active."""
    status = await service.find_status(db, session, status_id)
    path = media.resolve(runtime.settings.media_dir, status.media_path or "")
    if path is None:
        raise service.StatusNotFound("This status has no media (any more)", field="statusId")
    with path.open("rb") as file:
        head = file.read(8192)
    return FileResponse(
        path,
        media_type=served_type(status.media_mimetype, head),
        # Contacts' statuses are anyone's bytes, served from the gateway's own origin.
        headers=DOWNLOAD_HEADERS,
    )


@router.post(STATUS + "/view", responses=answers(StatusData))
async def view_status(
    session: SessionByPath, status_id: StatusId, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Mark a contact's status as seen (the contact sees the session among its viewers)."""
    status = await service.find_status(db, session, status_id)
    status = await service.mark_viewed(db, runtime, session, status)
    return ok({"status": service.describe(status, session)}, "Estado marcado como visto")


@router.post(STATUS + "/reactions", responses=answers(StatusData))
async def react_to_status(
    session: SessionByPath,
    status_id: StatusId,
    body: ReactionCreate,
    db: DbSession,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    status = await service.find_status(db, session, status_id)
    status = await service.react(db, runtime, session, status, body.reaction.strip())
    return ok({"status": service.describe(status, session)}, "Reacción añadida")


@router.delete(STATUS + "/reactions", responses=answers(StatusData))
async def remove_status_reaction(
    session: SessionByPath, status_id: StatusId, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    status = await service.find_status(db, session, status_id)
    status = await service.react(db, runtime, session, status, "")
    return ok({"status": service.describe(status, session)}, "Reacción eliminada")

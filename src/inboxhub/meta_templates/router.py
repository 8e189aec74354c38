"""``/api/templates/meta/{sessionId}``: the templates Meta approved for a Cloud API session's
business account: synced from Meta, listed with their status and components."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query

from inboxhub.auth.dependencies import RuntimeDep
from inboxhub.db import DbSession
from inboxhub.envelope import answers, ok
from inboxhub.meta_templates import service
from inboxhub.meta_templates.schemas import (
    MetaTemplateLanguages,
    MetaTemplateList,
    MetaTemplateSync,
)
from inboxhub.routing import FeatureRouter
from inboxhub.sessions.dependencies import SessionByPath

router = FeatureRouter(prefix="/api/templates/meta", tags=["templates"])

TemplateName = Annotated[str, Path(alias="name", max_length=512)]


@router.post("/{sessionId}/sync", responses=answers(MetaTemplateSync))
async def sync_templates(
    session: SessionByPath, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Read every template of the business account (``engineOptions.wabaId``) from Meta and
    keep them; sends by name are checked against them from now on."""
    counts = await service.sync(db, runtime, session)
    templates = await service.list_templates(db, session)
    return ok(
        {**counts, "templates": [service.describe(t) for t in templates]},
        "Plantillas sincronizadas con Meta",
    )


@router.get("/{sessionId}", responses=answers(MetaTemplateList))
async def list_templates(
    session: SessionByPath,
    db: DbSession,
    status: Annotated[
        str | None, Query(max_length=30, description="APPROVED, PENDING, REJECTED, PAUSED…")
    ] = None,
) -> dict[str, Any]:
    """The templates as of the last sync, with Meta's status and components."""
    templates = await service.list_templates(db, session, status=status or None)
    return ok({"templates": [service.describe(t) for t in templates], "total": len(templates)})


@router.get("/{sessionId}/{name}", responses=answers(MetaTemplateLanguages))
async def get_template(session: SessionByPath, name: TemplateName, db: DbSession) -> dict[str, Any]:
    """One template by name, in each of its languages."""
    templates = await service.list_templates(db, session, name=name)
    if not templates:
        raise service.TemplateNotFound(
            f"No template '{name}' in this session's business account (as of the last sync)",
            field="name",
        )
    return ok({"name": name, "languages": [service.describe(t) for t in templates]})

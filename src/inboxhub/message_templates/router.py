"""``/api/templates``: seed 02's message templates (``{{variable}}`` placeholders) and their use.

``{organizationId}`` must be the API key's organization (404 otherwise).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header, Path, Query

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.db import MAX_ROW_ID, DbSession
from inboxhub.envelope import answers, ok
from inboxhub.json_text import JsonAnswer
from inboxhub.message_templates import service
from inboxhub.message_templates.schemas import (
    TemplateBulkSent,
    TemplateCreate,
    TemplateData,
    TemplateDeleted,
    TemplateList,
    TemplatePreview,
    TemplateRendered,
    TemplateSent,
    TemplateUpdate,
    TemplateUse,
)
from inboxhub.messages import service as messages
from inboxhub.routing import FeatureRouter
from inboxhub.sessions.service import find_session

router = FeatureRouter(prefix="/api/templates", tags=["templates"])

OrganizationId = Annotated[int, Path(alias="organizationId", ge=1, le=MAX_ROW_ID)]
TemplateId = Annotated[int, Path(alias="templateId", ge=1, le=MAX_ROW_ID)]
ORG = "/organizations/{organizationId}"


@router.post(ORG, status_code=201, responses=answers(TemplateData, 201))
async def create_template(
    organization_id: OrganizationId, body: TemplateCreate, db: DbSession, principal: ApiKeyAuth
) -> dict[str, Any]:
    service.check_organization(principal, organization_id)
    template = await service.create_template(db, principal, body)
    return ok({"template": service.describe(template)}, "Plantilla creada")


@router.get(ORG, responses=answers(TemplateList))
async def list_templates(
    organization_id: OrganizationId,
    db: DbSession,
    principal: ApiKeyAuth,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    category: Annotated[str | None, Query(max_length=100)] = None,
    is_active: Annotated[bool | None, Query(alias="isActive")] = None,
    search: Annotated[str | None, Query(max_length=100, description="Part of the name")] = None,
) -> dict[str, Any]:
    service.check_organization(principal, organization_id)
    templates, pagination = await service.list_templates(
        db,
        principal,
        page=page,
        limit=limit,
        category=category or None,
        is_active=is_active,
        search=search or None,
    )
    return ok(
        {
            "templates": [service.describe(t) for t in templates],
            "total": pagination.total,
            "pagination": pagination.as_dict(),
        }
    )


@router.get(ORG + "/{templateId}", responses=answers(TemplateData))
async def get_organization_template(
    organization_id: OrganizationId, template_id: TemplateId, db: DbSession, principal: ApiKeyAuth
) -> dict[str, Any]:
    service.check_organization(principal, organization_id)
    template = await service.get_template(db, principal, template_id)
    return ok({"template": service.describe(template)})


@router.put(ORG + "/{templateId}", responses=answers(TemplateData))
async def update_template(
    organization_id: OrganizationId,
    template_id: TemplateId,
    body: TemplateUpdate,
    db: DbSession,
    principal: ApiKeyAuth,
) -> dict[str, Any]:
    """Change any field; a new ``body`` without ``variables`` declares the ones it uses."""
    service.check_organization(principal, organization_id)
    template = await service.get_template(db, principal, template_id)
    template = await service.update_template(db, template, body.model_dump(exclude_unset=True))
    return ok({"template": service.describe(template)}, "Plantilla actualizada")


@router.delete(ORG + "/{templateId}", responses=answers(TemplateDeleted))
async def delete_template(
    organization_id: OrganizationId, template_id: TemplateId, db: DbSession, principal: ApiKeyAuth
) -> dict[str, Any]:
    service.check_organization(principal, organization_id)
    template = await service.get_template(db, principal, template_id)
    await service.delete_template(db, template)
    return ok({"id": template_id, "deleted": True}, "Plantilla eliminada")


@router.get("/{templateId}", responses=answers(TemplateData))
async def get_template(
    template_id: TemplateId, db: DbSession, principal: ApiKeyAuth
) -> dict[str, Any]:
    template = await service.get_template(db, principal, template_id)
    return ok({"template": service.describe(template)})


@router.post("/{templateId}/preview", responses=answers(TemplateRendered))
async def preview_template(
    template_id: TemplateId, body: TemplatePreview, db: DbSession, principal: ApiKeyAuth
) -> dict[str, Any]:
    """The text the template renders to with these variables, without sending anything."""
    template = await service.get_template(db, principal, template_id)
    return ok({"templateId": template.id, "text": service.render(template, body.variables)})


@router.post(
    "/{templateId}/use",
    responses=answers(TemplateSent | TemplateBulkSent, name="TemplateSendResult"),
)
async def use_template(
    template_id: TemplateId,
    body: TemplateUse,
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> JsonAnswer:
    """Send the rendered template from ``sessionId`` to ``to``: one recipient, or up to 50 (each
    may be ``{to, variables}`` with its own values over the common ``variables``). Nothing is sent
    unless every message renders; sends are paced and idempotent like
    ``POST /api/messages/{sessionId}/send``."""
    template = await service.get_template(db, principal, template_id)
    session = await find_session(db, principal, body.session_id)
    await runtime.limiter.enforce(
        runtime.limits.session, "session", session.session_id, what="requests for this session"
    )
    outcomes = await service.use_template(
        db, runtime, session, template, body, idempotency_key=idempotency_key or None
    )
    failure = messages.replayed_failure(outcomes[0])
    if failure is not None:
        raise failure
    data = service.present_use(runtime, session, template, outcomes)
    message = "Plantilla enviada" if not outcomes[0].bulk else "Envío masivo de plantilla aceptado"
    replayed = all(o.replayed for o in outcomes)
    return JsonAnswer(
        ok(data, message), headers={"Idempotent-Replayed": "true"} if replayed else None
    )

"""The business account's templates, read from Meta (``GET /{waba-id}/message_templates``) and
kept per session, so a send by name is checked against its definition before it leaves.

A session that never synced sends templates unchecked (Meta still checks them); once synced, a
name Meta does not know, or one not approved, is refused before anything is stored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import commit_now, utcnow
from inboxhub.envelope import iso
from inboxhub.errors import ApiError, NotFound, ValidationFailed
from inboxhub.meta_templates import parameters
from inboxhub.meta_templates.models import CloudTemplate
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import require_connected

APPROVED = "APPROVED"


class TemplateNotFound(NotFound):
    code = "TEMPLATE_NOT_FOUND"


class TemplateNotApproved(ApiError):
    status_code = 409
    code = "TEMPLATE_NOT_APPROVED"


def describe(template: CloudTemplate) -> dict[str, Any]:
    return {
        "id": template.meta_id,
        "name": template.name,
        "language": template.language,
        "status": template.status,
        "category": template.category,
        "parameterFormat": template.parameter_format or "POSITIONAL",
        "components": template.components,
        "rejectedReason": template.rejected_reason,
        "wabaId": template.waba_id,
        "syncedAt": iso(template.synced_at),
    }


def _text(value: Any, limit: int) -> str | None:
    return str(value)[:limit] if value not in (None, "") else None


async def sync(db: AsyncSession, runtime: Runtime, session: WhatsAppSession) -> dict[str, int]:
    """Replace the session's copy with what Meta has now; templates deleted at Meta go."""
    client = require_connected(runtime, session)
    waba_id = str((session.engine_options or {}).get("wabaId") or "")
    await commit_now(db)  # no connection held while Meta answers
    found = await client.message_templates()
    now = utcnow()
    existing = {
        (t.name, t.language): t
        for t in (
            await db.execute(select(CloudTemplate).where(CloudTemplate.session_pk == session.id))
        ).scalars()
    }
    seen: set[tuple[str, str]] = set()
    for item in found:
        name, language = _text(item.get("name"), 512), _text(item.get("language"), 20)
        if name is None or language is None or (name, language) in seen:
            continue
        seen.add((name, language))
        row = existing.get((name, language))
        if row is None:
            row = CloudTemplate(
                organization_id=session.organization_id,
                session_pk=session.id,
                name=name,
                language=language,
            )
            db.add(row)
        components = item.get("components")
        row.waba_id = waba_id
        row.meta_id = _text(item.get("id"), 64)
        row.status = _text(item.get("status"), 30) or "UNKNOWN"
        row.category = _text(item.get("category"), 30)
        row.parameter_format = _text(item.get("parameter_format"), 20)
        row.components = components if isinstance(components, list) else []
        row.rejected_reason = _text(item.get("rejected_reason"), 200)
        row.synced_at = now
    gone = [key for key in existing if key not in seen]
    for name, language in gone:
        await db.execute(
            delete(CloudTemplate).where(
                CloudTemplate.session_pk == session.id,
                CloudTemplate.name == name,
                CloudTemplate.language == language,
            )
        )
    approved = sum(1 for item in found if item.get("status") == APPROVED)
    return {"total": len(seen), "approved": approved, "removed": len(gone)}


async def list_templates(
    db: AsyncSession,
    session: WhatsAppSession,
    *,
    status: str | None = None,
    name: str | None = None,
) -> list[CloudTemplate]:
    query = select(CloudTemplate).where(CloudTemplate.session_pk == session.id)
    if status:
        query = query.where(CloudTemplate.status == status.upper())
    if name:
        query = query.where(CloudTemplate.name == name)
    query = query.order_by(CloudTemplate.name, CloudTemplate.language)
    return list((await db.execute(query)).scalars())


async def for_send(
    db: AsyncSession, session: WhatsAppSession, template: dict[str, Any], *, where: str
) -> dict[str, Any]:
    """The send's template with its ``parameters`` shorthand expanded and its components
    checked against Meta's definition (unchecked while the session has synced none)."""
    synced = (
        await db.execute(
            select(func.count())
            .select_from(CloudTemplate)
            .where(CloudTemplate.session_pk == session.id)
        )
    ).scalar_one()
    shorthand = template.pop("parameters", None)
    if not synced:
        if shorthand is not None:
            raise ValidationFailed(
                f"{where}.parameters needs the template's definition: sync the session's "
                "templates first (POST /api/templates/meta/{sessionId}/sync), or give components",
                field=f"{where}.parameters",
            )
        return template
    row = (
        await db.execute(
            select(CloudTemplate).where(
                CloudTemplate.session_pk == session.id,
                CloudTemplate.name == template["name"],
                CloudTemplate.language == template["language"],
            )
        )
    ).scalar_one_or_none()
    if row is None:
        raise TemplateNotFound(
            f"The business account has no template '{template['name']}' in language "
            f"'{template['language']}' (as of the last sync)",
            field=f"{where}.name",
        )
    if row.status != APPROVED:
        raise TemplateNotApproved(
            f"Template '{row.name}' ({row.language}) is {row.status} at Meta; only approved "
            "templates can be sent",
            field=f"{where}.name",
            details={"status": row.status, "rejectedReason": row.rejected_reason},
        )
    named = (row.parameter_format or "").upper() == "NAMED"
    if shorthand is not None:
        if template.get("components"):
            raise ValidationFailed(
                f"{where}: give parameters or components, not both", field=f"{where}.parameters"
            )
        template["components"] = parameters.expand(
            shorthand, row.components, named=named, where=f"{where}.parameters"
        )
        checked_where = f"{where}.parameters"
    else:
        checked_where = f"{where}.components"
    parameters.check(template["components"], row.components, named=named, where=checked_where)
    return template

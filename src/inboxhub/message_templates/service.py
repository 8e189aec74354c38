"""Message templates: an organization's reusable texts with ``{{variable}}`` placeholders.

A template renders only when every variable it declares has a value and no unknown one is
given, so a message never leaves with a ``{{…}}`` in it.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.addressing import to_jid
from inboxhub.auth.principal import Principal
from inboxhub.db import Page, paginate, utcnow
from inboxhub.envelope import iso
from inboxhub.errors import ApiError, Conflict, NotFound, ValidationFailed
from inboxhub.message_templates.models import MessageTemplate
from inboxhub.message_templates.schemas import TemplateCreate, TemplateUse
from inboxhub.messages import service as messages
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession

MAX_TEXT = 4096  # seed 02: a text message has at most 4096 characters
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"^[^\W\d]\w{0,63}$")


class TemplateNotFound(NotFound):
    code = "TEMPLATE_NOT_FOUND"


class TemplateExists(Conflict):
    code = "TEMPLATE_ALREADY_EXISTS"


class TemplateInactive(ApiError):
    status_code = 409
    code = "TEMPLATE_INACTIVE"


class VariableMissing(ValidationFailed):
    code = "TEMPLATE_VARIABLE_MISSING"


class VariableUnknown(ValidationFailed):
    code = "TEMPLATE_VARIABLE_UNKNOWN"


class MessageTooLong(ValidationFailed):
    code = "MESSAGE_TOO_LONG"


# ---- placeholders -------------------------------------------------------------------------------


def placeholders(body: str) -> list[str]:
    """The variable names ``body`` uses, in order of first use."""
    names = []
    for match in _PLACEHOLDER.finditer(body):
        name = match.group(1).strip()
        if not _NAME.match(name):
            raise ValidationFailed(
                f"'{{{{{match.group(1)}}}}}' is not a variable: use letters, digits and _",
                field="body",
            )
        names.append(name)
    leftover = _PLACEHOLDER.sub("", body)
    if "{{" in leftover or "}}" in leftover:
        raise ValidationFailed(
            "body has a '{{' or '}}' that does not close a variable", field="body"
        )
    return list(dict.fromkeys(names))


def checked_variables(body: str, declared: list[str] | None) -> list[str]:
    """The template's variables: those declared, which must be exactly the ones the body uses."""
    used = placeholders(body)
    if declared is None:
        return used
    declared = list(dict.fromkeys(declared))
    for name in declared:
        if not _NAME.match(name):
            raise ValidationFailed(f"'{name}' is not a variable name", field="variables")
    undeclared = [name for name in used if name not in declared]
    if undeclared:
        raise ValidationFailed(
            f"body uses {{{{{undeclared[0]}}}}}, which variables does not list", field="variables"
        )
    unused = [name for name in declared if name not in used]
    if unused:
        raise ValidationFailed(f"variable '{unused[0]}' does not appear in body", field="variables")
    return declared


def _value(name: str, value: Any, field: str) -> str:
    if value is None:
        raise VariableMissing(f"Variable '{name}' has no value", field=f"{field}.{name}")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationFailed(
            f"Variable '{name}' must be a text or a number", field=f"{field}.{name}"
        )
    text = str(value)
    if "{{" in text or "}}" in text:
        raise ValidationFailed(
            f"Variable '{name}' must not contain '{{{{' or '}}}}'", field=f"{field}.{name}"
        )
    return text


def render(template: MessageTemplate, values: dict[str, Any], *, field: str = "variables") -> str:
    """The template's text with every variable filled in; refuses anything less."""
    if not template.is_active:
        raise TemplateInactive(
            f"Template '{template.name}' is inactive; activate it with isActive", field="templateId"
        )
    declared = list(template.variables or [])
    unknown = [name for name in values if name not in declared]
    if unknown:
        raise VariableUnknown(
            f"Template '{template.name}' has no variable '{unknown[0]}' (it has {declared})",
            field=f"{field}.{unknown[0]}",
        )
    missing = [name for name in declared if name not in values]
    if missing:
        raise VariableMissing(
            f"Variable '{missing[0]}' is missing (template '{template.name}' needs {declared})",
            field=f"{field}.{missing[0]}",
        )
    filled = {name: _value(name, values[name], field) for name in declared}
    text = _PLACEHOLDER.sub(lambda m: filled[m.group(1).strip()], template.body)
    if len(text) > MAX_TEXT:
        raise MessageTooLong(
            f"The rendered message has {len(text)} characters; the limit is {MAX_TEXT}",
            field=field,
        )
    return text


# ---- storage ------------------------------------------------------------------------------------


def describe(template: MessageTemplate) -> dict[str, Any]:
    return {
        "id": template.id,
        "organizationId": template.organization_id,
        "name": template.name,
        "category": template.category,
        "body": template.body,
        "variables": list(template.variables or []),
        "isActive": template.is_active,
        "usageCount": template.usage_count,
        "lastUsedAt": iso(template.last_used_at),
        "createdAt": iso(template.created_at),
        "updatedAt": iso(template.updated_at),
    }


def check_organization(principal: Principal, organization_id: int) -> None:
    # Another organization's id looks like one that does not exist.
    if organization_id != principal.organization_id:
        raise NotFound(f"Organization {organization_id} not found", field="organizationId")


async def _name_taken(
    db: AsyncSession, organization_id: int, name: str, *, other_than: int | None = None
) -> None:
    stmt = select(MessageTemplate.id).where(
        MessageTemplate.organization_id == organization_id, MessageTemplate.name == name
    )
    if other_than is not None:
        stmt = stmt.where(MessageTemplate.id != other_than)
    if (await db.execute(stmt)).first() is not None:
        raise TemplateExists(f"A template named '{name}' already exists", field="name")


async def create_template(
    db: AsyncSession, principal: Principal, body: TemplateCreate
) -> MessageTemplate:
    name = body.name.strip()
    variables = checked_variables(body.body, body.variables)
    await _name_taken(db, principal.organization_id, name)
    template = MessageTemplate(
        organization_id=principal.organization_id,
        name=name,
        category=(body.category or "").strip() or None,
        body=body.body,
        variables=variables,
        is_active=body.is_active,
        usage_count=0,
    )
    db.add(template)
    await db.flush()
    return template


async def list_templates(
    db: AsyncSession,
    principal: Principal,
    *,
    page: int,
    limit: int,
    category: str | None,
    is_active: bool | None,
    search: str | None,
) -> tuple[list[MessageTemplate], Page]:
    stmt = select(MessageTemplate).where(
        MessageTemplate.organization_id == principal.organization_id
    )
    if category:
        stmt = stmt.where(MessageTemplate.category == category)
    if is_active is not None:
        stmt = stmt.where(MessageTemplate.is_active.is_(is_active))
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(MessageTemplate.name.ilike(pattern, escape="\\"))
    stmt = stmt.order_by(MessageTemplate.name, MessageTemplate.id)
    return await paginate(db, stmt, page=page, limit=limit)


async def get_template(db: AsyncSession, principal: Principal, template_id: int) -> MessageTemplate:
    template = await db.get(MessageTemplate, template_id)
    if template is None or template.organization_id != principal.organization_id:
        raise TemplateNotFound(f"Template {template_id} not found", field="templateId")
    return template


async def update_template(
    db: AsyncSession, template: MessageTemplate, changes: dict[str, Any]
) -> MessageTemplate:
    """Only the fields given change; a new body without ``variables`` declares what it uses."""
    if changes.get("name") is not None:
        name = changes["name"].strip()
        await _name_taken(db, template.organization_id, name, other_than=template.id)
        template.name = name
    if "category" in changes:
        template.category = (changes["category"] or "").strip() or None
    if changes.get("body") is not None or changes.get("variables") is not None:
        body = changes.get("body") or template.body
        declared = changes.get("variables")
        template.variables = checked_variables(body, declared)
        template.body = body
    if changes.get("is_active") is not None:
        template.is_active = changes["is_active"]
    template.updated_at = utcnow()
    await db.flush()
    return template


async def delete_template(db: AsyncSession, template: MessageTemplate) -> None:
    await db.delete(template)
    await db.flush()


# ---- using --------------------------------------------------------------------------------------

MAX_RECIPIENTS = 50  # seed 02: a bulk send reaches at most 50 recipients


def rendered_messages(template: MessageTemplate, body: TemplateUse) -> list[tuple[str, str]]:
    """``(to, text)`` for every recipient, all rendered before anything is sent."""
    recipients = [body.to] if isinstance(body.to, str) else body.to
    if not recipients:
        raise ValidationFailed("to needs at least one recipient", field="to")
    if len(recipients) > MAX_RECIPIENTS:
        raise ValidationFailed(
            f"to has {len(recipients)} recipients; a bulk send takes at most {MAX_RECIPIENTS}",
            field="to",
        )
    messages = []
    for i, recipient in enumerate(recipients):
        if isinstance(recipient, str):
            to, values = recipient, dict(body.variables)
            field = "variables"
        else:
            to, values = recipient.to, {**body.variables, **recipient.variables}
            field = f"to.{i}.variables" if recipient.variables else "variables"
        messages.append((to, render(template, values, field=field)))
    return messages


async def use_template(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    template: MessageTemplate,
    body: TemplateUse,
    *,
    idempotency_key: str | None,
) -> list[messages.SendOutcome]:
    """Render for every recipient, then send through the messaging path (pacing, idempotency,
    statuses). Recipients whose texts are equal go out as one bulk send."""
    planned = rendered_messages(template, body)
    single = isinstance(body.to, str)
    for i, (to, _) in enumerate(planned):
        to_jid(to, field="to" if single else f"to[{i}]")
    if single:
        to, text = planned[0]
        outcome = await messages.send_text(
            db, runtime, session, to=to, text=text, idempotency_key=idempotency_key
        )
        outcomes = [outcome]
    else:
        by_text: dict[str, list[str]] = {}
        for to, text in planned:
            by_text.setdefault(text, []).append(to)
        outcomes = []
        for i, (text, recipients) in enumerate(by_text.items()):
            # One key per text, so a retried bulk use replays each part.
            key = (
                idempotency_key
                if len(by_text) == 1 or not idempotency_key
                else f"{idempotency_key}#{i}"
            )
            outcomes.append(
                await messages.send_text(
                    db, runtime, session, to=recipients, text=text, idempotency_key=key
                )
            )
    if not all(o.replayed for o in outcomes):
        template.usage_count += sum(len(o.messages) for o in outcomes if not o.replayed)
        template.last_used_at = utcnow()
    return outcomes


def present_use(
    runtime: Runtime,
    session: WhatsAppSession,
    template: MessageTemplate,
    outcomes: list[messages.SendOutcome],
) -> dict[str, Any]:
    """The messaging send answer (seed 01's ``message``, or the bulk list), plus the template."""
    parts = [messages.present(runtime, session, outcome) for outcome in outcomes]
    if not outcomes[0].bulk:
        return {**parts[0], "templateId": template.id}
    data: dict[str, Any] = {
        "messages": [m for part in parts for m in part["messages"]],
        "batchIds": [part["batchId"] for part in parts],
        "templateId": template.id,
    }
    for count in ("total", "sent", "queued", "failed"):
        data[count] = sum(part.get(count, 0) for part in parts)
    data["batchId"] = data["batchIds"][0] if len(parts) == 1 else None
    return data

"""``/api/handover``: the organization's handover settings, each session's bot, tickets and
metrics (X-API-Key). The CRM's own endpoints are in ``crm_router`` (``/api/crm``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path, Query
from sqlalchemy import select

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.auth.service import operator_organization_id
from inboxhub.db import DbSession, paginate, utcnow
from inboxhub.envelope import answers, ok
from inboxhub.errors import ValidationFailed
from inboxhub.handover import bots, metrics, service
from inboxhub.handover import settings as handover_settings
from inboxhub.handover.models import Ticket
from inboxhub.handover.schemas import (
    BotConfig,
    BotRead,
    ChatOwnerRead,
    HandoverMetrics,
    HandoverSettingsRead,
    HandoverSettingsUpdate,
    TicketAssign,
    TicketChange,
    TicketClose,
    TicketDetail,
    TicketList,
    TicketOpen,
    TicketRead,
    phone_digits,
)
from inboxhub.handover.tickets import (
    describe,
    describe_message,
    find_ticket,
    messages_of,
    open_ticket_of_chat,
    owner_of,
    scoped,
)
from inboxhub.routing import FeatureRouter
from inboxhub.sessions.dependencies import SessionByPath
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import find_session

api = FeatureRouter(prefix="/api/handover", tags=["handover"])

TicketIdPath = Annotated[str, Path(alias="ticketId", min_length=1, max_length=32)]
PhonePath = Annotated[str, Path(alias="phoneNumber", min_length=6, max_length=40)]


# ---- organization settings --------------------------------------------------------------------


async def _settings_view(
    db: DbSession, runtime: RuntimeDep, organization_id: int
) -> dict[str, Any]:
    row = await handover_settings.stored(db, organization_id)
    is_default = organization_id == await operator_organization_id(db)
    return handover_settings.describe(runtime.settings, row, organization_id, is_default=is_default)


@api.get("/settings", responses=answers(HandoverSettingsRead))
async def get_settings(db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep) -> dict[str, Any]:
    return ok(await _settings_view(db, runtime, principal.organization_id))


@api.put("/settings", responses=answers(HandoverSettingsRead))
async def update_settings(
    body: HandoverSettingsUpdate, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    await handover_settings.update(db, runtime.settings, principal.organization_id, body)
    return ok(await _settings_view(db, runtime, principal.organization_id), "Settings saved")


# ---- a session's bot --------------------------------------------------------------------------


def _bot_view(session: WhatsAppSession, row: Any) -> dict[str, Any]:
    return {
        "sessionId": session.session_id,
        "configured": row is not None,
        "enabled": bool(row and row.enabled),
        "config": ({**row.config, "enabled": row.enabled} if row is not None else None),
        "updatedAt": row.updated_at.isoformat() if row is not None else None,
    }


@api.get("/sessions/{sessionId}/bot", responses=answers(BotRead))
async def get_bot(session: SessionByPath, db: DbSession) -> dict[str, Any]:
    return ok(_bot_view(session, await bots.bot_row(db, session)))


@api.put("/sessions/{sessionId}/bot", responses=answers(BotRead))
async def configure_bot(session: SessionByPath, body: BotConfig, db: DbSession) -> dict[str, Any]:
    row = await bots.configure_bot(db, session, body)
    return ok(_bot_view(session, row), "Bot saved")


@api.delete("/sessions/{sessionId}/bot", responses=answers(BotRead))
async def delete_bot(session: SessionByPath, db: DbSession) -> dict[str, Any]:
    row = await bots.bot_row(db, session)
    if row is not None:
        await db.delete(row)
    return ok(_bot_view(session, None), "Bot removed")


# ---- tickets ----------------------------------------------------------------------------------


@api.post("/sessions/{sessionId}/tickets", status_code=201, responses=answers(TicketRead, 201))
async def open_ticket(
    session: SessionByPath, body: TicketOpen, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Ask the CRM for an agent for a chat, as the bot does when a customer asks for one."""
    ticket = await service.open_ticket(
        db,
        runtime.settings,
        session,
        chat_id=f"{body.phone_number}@s.whatsapp.net",
        category=body.category,
        priority=body.priority,
        source="api",
        notify_crm=body.notify_crm,
    )
    return ok(describe(ticket, session.session_id), "Ticket opened")


@api.get("/sessions/{sessionId}/chats/{phoneNumber}", responses=answers(ChatOwnerRead))
async def chat_owner(session: SessionByPath, phone: PhonePath, db: DbSession) -> dict[str, Any]:
    """Who answers this chat now: ``bot``, ``pending`` (waiting for an agent) or ``human``."""
    try:
        number = phone_digits(phone)
    except ValueError as exc:
        raise ValidationFailed(str(exc), field="phoneNumber") from exc
    ticket = await open_ticket_of_chat(db, session.id, f"{number}@s.whatsapp.net")
    return ok(
        {
            "sessionId": session.session_id,
            "phoneNumber": number,
            "owner": owner_of(ticket),
            "ticket": describe(ticket, session.session_id) if ticket is not None else None,
        }
    )


@api.get("/tickets", responses=answers(TicketList))
async def list_tickets(
    db: DbSession,
    principal: ApiKeyAuth,
    status: Literal["pending", "active", "closed"] | None = None,
    session_id: Annotated[str | None, Query(alias="sessionId", max_length=100)] = None,
    category: Annotated[str | None, Query(max_length=64)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    stmt = scoped(principal.organization_id).order_by(Ticket.id.desc())
    if session_id:
        session = await find_session(db, principal, session_id)
        stmt = stmt.where(Ticket.session_pk == session.id)
    if status:
        stmt = stmt.where(Ticket.status == status)
    if category:
        stmt = stmt.where(Ticket.category == category)
    tickets, pagination = await paginate(db, stmt, page=page, limit=limit)
    rows = await db.execute(
        select(WhatsAppSession.id, WhatsAppSession.session_id).where(
            WhatsAppSession.id.in_({t.session_pk for t in tickets})
        )
    )
    names: dict[int, str] = dict(rows.all())
    return ok(
        {
            "tickets": [describe(t, names.get(t.session_pk)) for t in tickets],
            "total": pagination.total,
            "pagination": pagination.as_dict(),
        }
    )


@api.get("/tickets/{ticketId}", responses=answers(TicketDetail))
async def get_ticket(
    ticket_id: TicketIdPath, db: DbSession, principal: ApiKeyAuth
) -> dict[str, Any]:
    ticket = await find_ticket(db, principal.organization_id, ticket_id)
    session = await db.get(WhatsAppSession, ticket.session_pk)
    data = describe(ticket, session.session_id if session else None)
    data["messages"] = [describe_message(m) for m in await messages_of(db, ticket)]
    return ok(data)


async def _open_ticket_and_session(
    db: DbSession, organization_id: int, ticket_id: str
) -> tuple[Ticket, WhatsAppSession]:
    ticket = await find_ticket(db, organization_id, ticket_id, for_update=True)
    session = await db.get(WhatsAppSession, ticket.session_pk)
    assert session is not None  # tickets go with their session (ON DELETE CASCADE)
    return ticket, session


@api.post("/tickets/{ticketId}/assign", responses=answers(TicketChange))
async def assign_ticket(
    ticket_id: TicketIdPath,
    body: TicketAssign,
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """An agent takes the chat: the bot goes quiet and the customer is told who answers."""
    ticket, session = await _open_ticket_and_session(db, principal.organization_id, ticket_id)
    action = await service.assign(
        db, runtime.settings, session, ticket, agent_id=body.agent_id, agent_name=body.agent_name
    )
    return ok({**describe(ticket, session.session_id), "action": action}, "Ticket assigned")


@api.post("/tickets/{ticketId}/close", responses=answers(TicketChange))
async def close_ticket(
    ticket_id: TicketIdPath,
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
    body: TicketClose | None = None,
) -> dict[str, Any]:
    """The chat goes back to the bot, which shows its menu."""
    ticket, session = await _open_ticket_and_session(db, principal.organization_id, ticket_id)
    reason = "resolved" if body is None or body.resolved else "unresolved"
    await service.close(db, runtime.settings, session, ticket, reason=reason)
    return ok({**describe(ticket, session.session_id), "action": "returned"}, "Ticket closed")


@api.get("/metrics", responses=answers(HandoverMetrics))
async def get_metrics(
    db: DbSession,
    principal: ApiKeyAuth,
    start_date: Annotated[str | None, Query(alias="startDate", max_length=40)] = None,
    end_date: Annotated[str | None, Query(alias="endDate", max_length=40)] = None,
) -> dict[str, Any]:
    since, until = metrics.period(start_date, end_date, utcnow())
    return ok(await metrics.handover_metrics(db, principal.organization_id, since, until))


router = api

"""Tickets: numbering, lookup, the log, and how a ticket reads in the API and in events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.envelope import iso
from inboxhub.errors import Conflict, NotFound
from inboxhub.handover.models import OPEN_STATUSES, Ticket, TicketCounter, TicketMessage
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.outbox import publish

OWNER_OF_STATUS = {"pending": "pending", "active": "human"}


class TicketNotFound(NotFound):
    code = "TICKET_NOT_FOUND"


class TicketClosed(Conflict):
    code = "TICKET_CLOSED"


class TicketOpenAlready(Conflict):
    code = "TICKET_ALREADY_OPEN"


class AgentNotAssigned(Conflict):
    code = "AGENT_NOT_ASSIGNED"


def owner_of(ticket: Ticket | None) -> str:
    """Who answers the customer: ``bot``, ``pending`` (waiting for an agent) or ``human``."""
    return OWNER_OF_STATUS.get(ticket.status, "bot") if ticket is not None else "bot"


async def next_ticket_id(db: AsyncSession, organization_id: int, year: int) -> str:
    """``TK-YYYY-NNNNNN``, sequential per organization and year.

    One atomic upsert: PostgreSQL locks the counter row until the transaction ends, SQLite has a
    single writer, so concurrent requests never share a number.
    """
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(TicketCounter)
        .values(organization_id=organization_id, year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=[TicketCounter.organization_id, TicketCounter.year],
            set_={"last_number": TicketCounter.last_number + 1},
        )
        .returning(TicketCounter.last_number)
    )
    number = (await db.execute(stmt)).scalar_one()
    return f"TK-{year}-{number:06d}"


def scoped(organization_id: int) -> Select[Ticket]:
    return select(Ticket).where(Ticket.organization_id == organization_id)


async def find_ticket(
    db: AsyncSession, organization_id: int, ticket_id: str, *, for_update: bool = False
) -> Ticket:
    stmt = scoped(organization_id).where(Ticket.ticket_id == ticket_id.strip().upper())
    if for_update:
        stmt = stmt.with_for_update()
    ticket = (await db.execute(stmt)).scalar_one_or_none()
    if ticket is None:
        raise TicketNotFound(f"Ticket '{ticket_id}' not found", field="ticketId")
    return ticket


async def open_ticket_of_chat(db: AsyncSession, session_pk: int, chat_id: str) -> Ticket | None:
    stmt = select(Ticket).where(
        Ticket.session_pk == session_pk,
        Ticket.chat_id == chat_id,
        Ticket.status.in_(OPEN_STATUSES),
    )
    return (await db.execute(stmt)).scalar_one_or_none()


def require_open(ticket: Ticket) -> None:
    if ticket.status == "closed":
        raise TicketClosed(
            f"Ticket '{ticket.ticket_id}' is closed ({ticket.close_reason})", field="ticketId"
        )


async def add_entry(
    db: AsyncSession,
    ticket: Ticket,
    *,
    author: str,
    content: str | None,
    type: str = "text",
    agent_id: str | None = None,
    message_id: str | None = None,
    at: datetime | None = None,
) -> TicketMessage:
    entry = TicketMessage(
        ticket_pk=ticket.id,
        author=author,
        agent_id=agent_id,
        type=type,
        content=content,
        message_id=message_id,
    )
    if at is not None:
        entry.created_at = at
    if author != "system":
        ticket.message_count = (ticket.message_count or 0) + 1
    db.add(entry)
    await db.flush()
    return entry


def agent_of(ticket: Ticket) -> dict[str, str] | None:
    if ticket.agent_id is None:
        return None
    return {"id": ticket.agent_id, "name": ticket.agent_name or ticket.agent_id}


def status_view(ticket: Ticket) -> dict[str, Any]:
    """Seed 04's ``handover-status`` answer."""
    return {
        "ticketId": ticket.ticket_id,
        "status": ticket.status,
        "assignedAgent": agent_of(ticket),
        "startTime": iso(ticket.requested_at),
        "lastActivity": iso(ticket.last_activity_at),
        "messageCount": ticket.message_count,
    }


def describe(ticket: Ticket, session_id: str | None = None) -> dict[str, Any]:
    return {
        **status_view(ticket),
        "sessionId": session_id,
        "chatId": ticket.chat_id,
        "userPhone": ticket.user_phone,
        "owner": owner_of(ticket),
        "category": ticket.category,
        "priority": ticket.priority,
        "source": ticket.source,
        "serviceSuspended": ticket.service_suspended,
        "userContext": ticket.user_context,
        "metadata": ticket.details,
        "requestedAt": iso(ticket.requested_at),
        "assignedAt": iso(ticket.assigned_at),
        "firstResponseAt": iso(ticket.first_response_at),
        "closedAt": iso(ticket.closed_at),
        "closeReason": ticket.close_reason,
        "assignDeadline": iso(ticket.assign_deadline),
        "idleDeadline": iso(ticket.idle_deadline),
    }


def describe_message(entry: TicketMessage) -> dict[str, Any]:
    return {
        "author": entry.author,
        "agentId": entry.agent_id,
        "type": entry.type,
        "content": entry.content,
        "messageId": entry.message_id,
        "timestamp": iso(entry.created_at),
    }


async def messages_of(db: AsyncSession, ticket: Ticket) -> list[TicketMessage]:
    stmt = (
        select(TicketMessage)
        .where(TicketMessage.ticket_pk == ticket.id)
        .order_by(TicketMessage.created_at, TicketMessage.id)
    )
    return list((await db.execute(stmt)).scalars())


async def announce(
    db: AsyncSession, session: WhatsAppSession, ticket: Ticket, action: str, **extra: Any
) -> None:
    """Tell webhook subscribers (``handover`` events) what happened to the ticket."""
    payload = {
        "ticketId": ticket.ticket_id,
        "action": action,
        "sessionId": session.session_id,
        "session_db_id": session.id,
        "chatId": ticket.chat_id,
        "userPhone": ticket.user_phone,
        "status": ticket.status,
        "owner": owner_of(ticket),
        "category": ticket.category,
        "priority": ticket.priority,
        "assignedAgent": agent_of(ticket),
        "closeReason": ticket.close_reason,
        "requestedAt": iso(ticket.requested_at),
        "assignedAt": iso(ticket.assigned_at),
        "closedAt": iso(ticket.closed_at),
        **extra,
    }
    await publish(
        db,
        organization_id=ticket.organization_id,
        session=session,
        event_type="handover.updated",
        payload=payload,
        chat_id=ticket.chat_id,
    )

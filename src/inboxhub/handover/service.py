"""Bot and human handover: who answers a chat, and every step from the bot to an agent and back.

A chat is the bot's until the customer (or the CRM) asks for a human: a ``pending`` ticket then
waits for an agent, the CRM assigns one (``active``: the bot is silent and the agent's messages are
relayed), and the ticket closes when the agent hands the chat back, or when a timer runs out.
Services never commit: the request, the write queue or the timer loop does.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.cache import shared_cache, watched
from inboxhub.config import Settings
from inboxhub.contacts.service import phone_of
from inboxhub.db import utcnow
from inboxhub.engines.events import InboundMessage
from inboxhub.errors import ValidationFailed
from inboxhub.handover import bots, crm, menu, outbound
from inboxhub.handover import settings as handover_settings
from inboxhub.handover.models import Ticket
from inboxhub.handover.schemas import BotConfig, CrmSendMessage
from inboxhub.handover.tickets import (
    AgentNotAssigned,
    TicketOpenAlready,
    add_entry,
    announce,
    next_ticket_id,
    open_ticket_of_chat,
    require_open,
)
from inboxhub.handover.timers import TimerLoop
from inboxhub.messages.models import Message
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession

_TICKET_TABLES = watched("handover_tickets")
_BOT_TABLES = watched("handover_bots")

# Why a ticket closed -> (event action, text the customer reads).
CLOSINGS = {
    "resolved": ("returned", "returnedToBot"),
    "unresolved": ("returned", "returnedToBot"),
    "no_agent": ("escalated", "noAgent"),
    "agent_timeout": ("agent_timeout", "agentTimeout"),
    "cancelled": ("cancelled", "cancelled"),
}


async def say(
    db: AsyncSession,
    session: WhatsAppSession,
    chat_id: str,
    texts: list[str],
    *,
    ticket: Ticket | None = None,
) -> None:
    """Queue the bot's words to the customer (and keep them in the ticket's log)."""
    for text in texts:
        if not text:
            continue
        message_id = await outbound.queue_text(db, session, chat_id, text)
        if ticket is not None:
            await add_entry(db, ticket, author="bot", content=text, message_id=str(message_id))


# ---- ticket steps -----------------------------------------------------------------------------


async def open_ticket(
    db: AsyncSession,
    settings: Settings,
    session: WhatsAppSession,
    *,
    chat_id: str,
    category: str,
    priority: str,
    source: str,
    notify_crm: bool = True,
    tell_customer: bool = True,
) -> Ticket:
    """Create a ``pending`` ticket, tell the CRM an agent is needed and tell the customer.

    An agent inbox that assigns the chat at once (Chatwoot) has the customer told who took it,
    not that one is being looked for (``tell_customer=False``)."""
    if await open_ticket_of_chat(db, session.id, chat_id) is not None:
        raise TicketOpenAlready(
            f"The chat {chat_id} already has an open ticket", field="phoneNumber"
        )
    eff = await handover_settings.effective(db, settings, session.organization_id)
    phone = phone_of(chat_id) or chat_id.split("@", 1)[0]
    facts, contact = await bots.customer(
        db, session, chat_id, phone, await bots.active_bot(db, session)
    )
    conversation = await bots.conversation_of(db, session, chat_id, create=False)
    now = utcnow()
    ticket = Ticket(
        organization_id=session.organization_id,
        session_pk=session.id,
        ticket_id=await next_ticket_id(db, session.organization_id, now.year),
        chat_id=chat_id,
        user_phone=phone,
        status="pending",
        category=category,
        priority=priority,
        source=source,
        user_context=bots.user_context(facts, contact, conversation),
        service_suspended=facts.service_suspended,
        details={},
        requested_at=now,
        last_activity_at=now,
        assign_deadline=now + eff.assign_timeout,
        message_count=0,
    )
    db.add(ticket)
    await db.flush()
    await add_entry(db, ticket, author="system", content=f"requested: {category} ({priority})")
    await announce(db, session, ticket, "requested")
    if notify_crm:
        await crm.request_agent(db, eff, session, ticket)
    if tell_customer:
        await say(db, session, chat_id, [eff.text("connecting")], ticket=ticket)
    return ticket


def _apply_metadata(ticket: Ticket, metadata: dict[str, Any]) -> None:
    if not metadata:
        return
    ticket.details = {**(ticket.details or {}), **metadata}
    if metadata.get("priority") in ("alta", "media", "baja"):
        ticket.priority = metadata["priority"]
    category = metadata.get("category")
    if isinstance(category, str) and 0 < len(category) <= 64:
        ticket.category = category
    if isinstance(metadata.get("serviceSuspended"), bool):
        ticket.service_suspended = metadata["serviceSuspended"]


async def assign(
    db: AsyncSession,
    settings: Settings,
    session: WhatsAppSession,
    ticket: Ticket,
    *,
    agent_id: str,
    agent_name: str | None,
    metadata: dict[str, Any] | None = None,
) -> str:
    """The CRM gave the chat to an agent: the bot goes quiet and the customer is told who."""
    require_open(ticket)
    _apply_metadata(ticket, metadata or {})
    if ticket.status == "active" and ticket.agent_id == agent_id:
        return "unchanged"
    eff = await handover_settings.effective(db, settings, ticket.organization_id)
    action = "assigned" if ticket.status == "pending" else "reassigned"
    now = utcnow()
    name = (agent_name or "").strip() or agent_id.strip()
    ticket.status = "active"
    ticket.agent_id, ticket.agent_name = agent_id, name
    ticket.assigned_at = ticket.assigned_at or now
    ticket.assign_deadline = None
    ticket.idle_deadline = now + eff.agent_idle_timeout
    ticket.last_activity_at = now
    await add_entry(db, ticket, author="system", content=f"{action}: {name}", agent_id=agent_id)
    await announce(db, session, ticket, action)
    first_name = (name.split() or [name])[0]
    text = eff.text("agentConnected", agentName=name, agentFirstName=first_name)
    await say(db, session, ticket.chat_id, [text], ticket=ticket)
    return action


async def close(
    db: AsyncSession,
    settings: Settings,
    session: WhatsAppSession,
    ticket: Ticket,
    *,
    reason: str,
    metadata: dict[str, Any] | None = None,
) -> None:
    """The chat goes back to the bot, which shows its menu."""
    require_open(ticket)
    _apply_metadata(ticket, metadata or {})
    eff = await handover_settings.effective(db, settings, ticket.organization_id)
    action, text_key = CLOSINGS[reason]
    now = utcnow()
    ticket.status = "closed"
    ticket.close_reason = reason
    ticket.closed_at = ticket.last_activity_at = now
    ticket.assign_deadline = ticket.idle_deadline = None
    await add_entry(db, ticket, author="system", content=f"closed: {reason}")
    await announce(db, session, ticket, action)
    menu = await bots.menu_now(db, session, ticket.chat_id, ticket.user_phone)
    await say(db, session, ticket.chat_id, [eff.text(text_key), *menu], ticket=ticket)


async def send_agent_message(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    ticket: Ticket,
    body: CrmSendMessage,
) -> Message:
    """Relay the assigned agent's message to the customer."""
    require_open(ticket)
    if ticket.status != "active" or ticket.agent_id != body.agent_id:
        raise AgentNotAssigned(
            f"Agent '{body.agent_id}' is not the assigned agent of ticket '{ticket.ticket_id}'",
            field="agentId",
        )
    if body.user_phone != ticket.user_phone:
        raise ValidationFailed(
            f"userPhone does not match ticket '{ticket.ticket_id}'", field="userPhone"
        )
    url = body.media_url or (body.message if body.message_type != "text" else None)
    sent = await outbound.send_agent_message(
        db,
        runtime,
        session,
        ticket.chat_id,
        kind=body.message_type,
        text=body.message,
        media_url=url,
        caption=body.caption or (body.message if body.media_url else None),
        file_name=body.file_name,
    )
    content = url or body.message
    now = utcnow()
    await add_entry(
        db,
        ticket,
        author="agent",
        agent_id=body.agent_id,
        type=body.message_type,
        content=content,
        message_id=str(sent.id),
    )
    ticket.first_response_at = ticket.first_response_at or now
    ticket.last_activity_at = now
    eff = await handover_settings.effective(db, runtime.settings, ticket.organization_id)
    ticket.idle_deadline = now + eff.agent_idle_timeout
    return sent


# ---- live inbound messages --------------------------------------------------------------------


# Every customer message asks both; nearly always the answers are "no ticket" and "the same bot".
async def _open_ticket_of_chat(
    db: AsyncSession, runtime: Runtime, session_pk: int, chat_id: str
) -> Ticket | None:
    found: Ticket | None = None

    async def has_open_ticket() -> bool:
        nonlocal found
        found = await open_ticket_of_chat(db, session_pk, chat_id)
        return found is not None

    cache = shared_cache(runtime, "open_tickets", _TICKET_TABLES, inserts=True)
    if not await cache.get_or_load((session_pk, chat_id), has_open_ticket):
        return None
    return found or await open_ticket_of_chat(db, session_pk, chat_id)


async def _active_bot(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession
) -> BotConfig | None:
    cache = shared_cache(runtime, "active_bots", _BOT_TABLES, inserts=True)
    config: BotConfig | None = await cache.get_or_load(
        session.id, lambda: bots.active_bot(db, session)
    )
    return config


def _is_for_the_bot(message: InboundMessage) -> bool:
    return not (
        message.from_me
        or message.is_group
        or message.is_status
        or message.type == "reaction"
        or message.chat_id.endswith(("@g.us", "@broadcast", "@newsletter"))
    )


def _recently(moment: datetime | None, minutes: float, now: datetime) -> bool:
    return moment is not None and now - moment <= timedelta(minutes=minutes)


async def on_message(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, message: InboundMessage
) -> dict[str, Any] | None:
    """React to a live message from a customer, inside the transaction that records it.

    Returns what the ``message.received`` event gains: the ``ticketId`` of the chat's open
    ticket, so that the CRM files the message under it.
    """
    if not _is_for_the_bot(message):
        return None
    chat_id = message.chat_id
    text = message.text if message.text is not None else message.caption
    ticket = await _open_ticket_of_chat(db, runtime, session.id, chat_id)
    if ticket is not None:
        await add_entry(
            db,
            ticket,
            author="user",
            type=message.type,
            content=text,
            message_id=message.id,
            at=message.timestamp,
        )
        ticket.last_activity_at = utcnow()
        config = await _active_bot(db, runtime, session)
        if ticket.status == "pending" and config is not None and menu.is_cancel(config, text):
            await close(db, runtime.settings, session, ticket, reason="cancelled")
        return {"ticketId": ticket.ticket_id}
    config = await _active_bot(db, runtime, session)
    if config is None:
        return None
    now = utcnow()
    conversation = await bots.conversation_of(db, session, chat_id, create=True)
    assert conversation is not None
    phone = message.sender_phone or phone_of(chat_id) or chat_id.split("@", 1)[0]
    facts, _ = await bots.customer(db, session, chat_id, phone, config)
    eff = await handover_settings.effective(db, runtime.settings, session.organization_id)
    turn = menu.respond(
        config,
        eff.texts,
        facts,
        text,
        menu_shown_recently=_recently(conversation.menu_shown_at, config.menu_memory_minutes, now),
    )
    conversation.last_inbound_at = now
    if turn.showed_menu:
        conversation.menu_shown_at = now
    await say(db, session, chat_id, turn.replies)
    if turn.agent is None:
        return None
    ticket = await open_ticket(
        db,
        runtime.settings,
        session,
        chat_id=chat_id,
        category=turn.agent.category,
        priority=turn.agent.priority,
        source="bot",
    )
    await add_entry(
        db,
        ticket,
        author="user",
        type=message.type,
        content=text,
        message_id=message.id,
        at=message.timestamp,
    )
    return {"ticketId": ticket.ticket_id}


# ---- timers -----------------------------------------------------------------------------------


async def expire_due(db: AsyncSession, runtime: Runtime, now: datetime) -> int:
    """Close the tickets whose timer ran out: nobody took them (escalation, with the emergency
    contact) or their agent went silent (back to the bot). Returns how many closed."""
    closed = 0
    for status, deadline, reason in (
        ("pending", Ticket.assign_deadline, "no_agent"),
        ("active", Ticket.idle_deadline, "agent_timeout"),
    ):
        stmt = (
            select(Ticket)
            .where(Ticket.status == status, deadline.is_not(None), deadline <= now)
            .order_by(deadline)
            .limit(100)
        )
        if db.get_bind().dialect.name == "postgresql":
            # Several gateways on one database: each due ticket is closed by exactly one of them.
            stmt = stmt.with_for_update(skip_locked=True)
        for ticket in (await db.execute(stmt)).scalars().all():
            session = await db.get(WhatsAppSession, ticket.session_pk)
            if session is None:
                continue
            await close(db, runtime.settings, session, ticket, reason=reason)
            closed += 1
    return closed


async def start_timers(runtime: Runtime) -> None:
    """Start the loop that enforces handover deadlines (they live in the database), and let the
    bot's queued replies wake the send pacer."""
    loop = TimerLoop(runtime, expire_due, interval=runtime.settings.handover_timer_interval_seconds)
    runtime.handover_timers = loop
    outbound.attach(runtime)
    loop.start()


async def stop_timers(runtime: Runtime) -> None:
    loop, runtime.handover_timers = runtime.handover_timers, None
    if loop is not None:
        await loop.stop()
    outbound.detach(runtime)

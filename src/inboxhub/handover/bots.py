"""A session's menu bot and what it remembers of each customer between messages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.contacts.models import Contact
from inboxhub.contacts.service import find_contact
from inboxhub.db import utcnow
from inboxhub.envelope import iso
from inboxhub.handover import menu
from inboxhub.handover.models import Bot, Conversation
from inboxhub.handover.schemas import BotConfig
from inboxhub.sessions.models import WhatsAppSession

# ---- the session's bot ------------------------------------------------------------------------


async def bot_row(db: AsyncSession, session: WhatsAppSession) -> Bot | None:
    return (await db.execute(select(Bot).where(Bot.session_pk == session.id))).scalar_one_or_none()


async def active_bot(db: AsyncSession, session: WhatsAppSession) -> BotConfig | None:
    row = await bot_row(db, session)
    if row is None or not row.enabled:
        return None
    return BotConfig.model_validate(row.config)


async def configure_bot(db: AsyncSession, session: WhatsAppSession, config: BotConfig) -> Bot:
    row = await bot_row(db, session)
    if row is None:
        row = Bot(organization_id=session.organization_id, session_pk=session.id)
        db.add(row)
    row.enabled = config.enabled
    row.config = config.model_dump(mode="json", by_alias=True, exclude={"enabled"})
    await db.flush()
    return row


# ---- the customer -----------------------------------------------------------------------------


async def conversation_of(
    db: AsyncSession, session: WhatsAppSession, chat_id: str, *, create: bool
) -> Conversation | None:
    stmt = select(Conversation).where(
        Conversation.session_pk == session.id, Conversation.chat_id == chat_id
    )
    conversation = (await db.execute(stmt)).scalar_one_or_none()
    if conversation is None and create:
        conversation = Conversation(
            organization_id=session.organization_id, session_pk=session.id, chat_id=chat_id
        )
        db.add(conversation)
        await db.flush()
    return conversation


async def customer(
    db: AsyncSession, session: WhatsAppSession, chat_id: str, phone: str, config: BotConfig | None
) -> tuple[menu.ContactFacts, Contact | None]:
    contact = await find_contact(db, session, chat_id)
    name = (contact.name or contact.push_name) if contact is not None else None
    tags = contact.tags if contact is not None else []
    conventions = menu.TagConventions.of(config)
    return menu.contact_facts(conventions, phone=phone, name=name, tags=tags), contact


def user_context(
    facts: menu.ContactFacts, contact: Contact | None, conversation: Conversation | None
) -> dict[str, Any]:
    """Seed 04's ``userContext``, plus the contact's CRM tags and notes."""
    return {
        "phoneNumber": facts.phone,
        "customerId": facts.customer_id,
        "customerName": facts.name,
        "isAuthenticated": facts.is_authenticated,
        "lastActivity": iso(conversation.last_inbound_at if conversation else None)
        or iso(utcnow()),
        "sessionInfo": {
            "hasActiveSession": conversation is not None,
            "sessionStart": iso(conversation.started_at) if conversation else None,
        },
        "tags": list(facts.tags),
        "notes": contact.notes if contact is not None else None,
    }


async def menu_now(
    db: AsyncSession, session: WhatsAppSession, chat_id: str, phone: str
) -> list[str]:
    """The bot's menu for a chat coming back to it (none when the session has no bot)."""
    config = await active_bot(db, session)
    if config is None:
        return []
    facts, _ = await customer(db, session, chat_id, phone, config)
    conversation = await conversation_of(db, session, chat_id, create=True)
    assert conversation is not None
    conversation.menu_shown_at = utcnow()
    return [menu.menu(config, facts)]

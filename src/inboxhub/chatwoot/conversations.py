"""Each WhatsApp chat's Chatwoot contact and conversation, found or created on first use.

A chat is one contact (``identifier`` = its WhatsApp JID, the phone number for a person) with a
contact inbox whose ``source_id`` is that JID, so Chatwoot's webhooks name the chat themselves.
Incoming messages go to the chat's open conversation: a resolved one is reopened
(``reopenResolved``) or followed by a new one; what the session sends goes to the latest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from inboxhub.addressing import to_jid
from inboxhub.chatwoot.client import ChatwootClient, ChatwootError
from inboxhub.chatwoot.models import ChatwootBridge, ChatwootConversation
from inboxhub.config import Settings
from inboxhub.contacts.models import Contact
from inboxhub.db import Database
from inboxhub.errors import ValidationFailed
from inboxhub.groups.models import Group


@dataclass
class Context:
    bridge: ChatwootBridge
    client: ChatwootClient
    database: Database
    settings: Settings


def phone_of(chat_id: str) -> str | None:
    user, _, server = chat_id.partition("@")
    if server == "s.whatsapp.net" and user.isdigit():
        return "+" + user
    return None


async def _name_of(ctx: Context, chat_id: str) -> str:
    async with ctx.database.sessionmaker() as db:
        if chat_id.endswith("@g.us"):
            subject = (
                await db.execute(
                    select(Group.subject).where(
                        Group.session_id == ctx.bridge.session_pk, Group.jid == chat_id
                    )
                )
            ).scalar()
            return f"{subject or chat_id.split('@', 1)[0]} (group)"
        row = (
            await db.execute(
                select(Contact.name, Contact.push_name, Contact.verified_name).where(
                    Contact.session_id == ctx.bridge.session_pk, Contact.jid == chat_id
                )
            )
        ).first()
    names = [n for n in (row or ()) if n]
    return names[0] if names else (phone_of(chat_id) or chat_id.split("@", 1)[0])


async def _contact_id(ctx: Context, chat_id: str) -> int:
    """The chat's Chatwoot contact: found by its JID (or phone), else created."""
    phone = phone_of(chat_id)
    for query in filter(None, (chat_id, phone)):
        for contact in await ctx.client.search_contacts(query):
            if contact.get("identifier") == chat_id or (
                phone and contact.get("phone_number") == phone
            ):
                return int(contact["id"])
    try:
        contact = await ctx.client.create_contact(
            inbox_id=ctx.bridge.inbox_id,
            name=await _name_of(ctx, chat_id),
            identifier=chat_id,
            phone_number=phone,
        )
    except ChatwootError as exc:
        if exc.status != 422 or not phone:
            raise
        # The number belongs to a contact the search missed (another identifier): take it.
        for contact in await ctx.client.search_contacts(phone.lstrip("+")):
            if contact.get("phone_number") == phone:
                return int(contact["id"])
        raise
    if not isinstance(contact.get("id"), int):
        raise ChatwootError("Chatwoot created no contact")
    return int(contact["id"])


async def _row(ctx: Context, chat_id: str) -> ChatwootConversation | None:
    async with ctx.database.sessionmaker() as db:
        return (
            await db.execute(
                select(ChatwootConversation).where(
                    ChatwootConversation.bridge_id == ctx.bridge.id,
                    ChatwootConversation.chat_id == chat_id,
                )
            )
        ).scalar_one_or_none()


async def _save(ctx: Context, chat_id: str, **values: Any) -> None:
    async with ctx.database.sessionmaker() as db, db.begin():
        row = (
            await db.execute(
                select(ChatwootConversation).where(
                    ChatwootConversation.bridge_id == ctx.bridge.id,
                    ChatwootConversation.chat_id == chat_id,
                )
            )
        ).scalar_one_or_none()
        if row is None:
            db.add(ChatwootConversation(bridge_id=ctx.bridge.id, chat_id=chat_id, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)


async def ensure(ctx: Context, chat_id: str, *, incoming: bool) -> int:
    """The id of the conversation a message of this chat goes to."""
    row = await _row(ctx, chat_id)
    if row is not None and row.conversation_id is not None:
        if row.status != "resolved" or not incoming:
            return row.conversation_id
        if ctx.bridge.reopen_resolved:
            await ctx.client.toggle_status(row.conversation_id, "open")
            await _save(ctx, chat_id, status="open")
            return row.conversation_id
    if row is not None:
        contact_id = row.contact_id
    else:
        contact_id = await _contact_id(ctx, chat_id)
        await ctx.client.create_contact_inbox(
            contact_id, inbox_id=ctx.bridge.inbox_id, source_id=chat_id
        )
    created = await ctx.client.create_conversation(
        inbox_id=ctx.bridge.inbox_id, contact_id=contact_id, source_id=chat_id
    )
    if not isinstance(created.get("id"), int):
        raise ChatwootError("Chatwoot created no conversation")
    conversation_id = int(created["id"])
    await _save(
        ctx,
        chat_id,
        contact_id=contact_id,
        conversation_id=conversation_id,
        status=str(created.get("status") or "open"),
        assignee_id=None,
    )
    return conversation_id


async def forget(ctx: Context, chat_id: str) -> None:
    async with ctx.database.sessionmaker() as db, db.begin():
        await db.execute(
            delete(ChatwootConversation).where(
                ChatwootConversation.bridge_id == ctx.bridge.id,
                ChatwootConversation.chat_id == chat_id,
            )
        )


def chat_of(conversation: dict[str, Any]) -> str | None:
    """The WhatsApp chat a Chatwoot conversation is about, from the webhook's own fields."""
    source = (conversation.get("contact_inbox") or {}).get("source_id")
    sender = (conversation.get("meta") or {}).get("sender") or {}
    for candidate in (source, sender.get("identifier"), sender.get("phone_number")):
        if isinstance(candidate, str) and candidate:
            try:
                return to_jid(candidate, field="chatId")
            except ValidationFailed:  # not a WhatsApp address: try the next one
                continue
    return None

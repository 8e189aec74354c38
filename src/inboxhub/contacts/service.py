"""Contacts: who a session knows. Learned from the engine and from every message."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.contacts.models import Contact
from inboxhub.sessions.models import WhatsAppSession


def phone_of(jid: str) -> str | None:
    """The number in a phone JID (``34600…@s.whatsapp.net``); None for groups, lids, broadcasts."""
    user, _, server = jid.partition("@")
    if server in ("s.whatsapp.net", "c.us", "") and user.split(":", 1)[0].isdigit():
        return user.split(":", 1)[0]
    return None


async def find_contact(db: AsyncSession, session: WhatsAppSession, jid: str) -> Contact | None:
    """The contact for a phone JID or a hidden ``@lid`` id (both map to one row)."""
    stmt = select(Contact).where(
        Contact.session_id == session.id, or_(Contact.jid == jid, Contact.lid == jid)
    )
    return (await db.execute(stmt.limit(1))).scalar_one_or_none()


async def remember_contact(
    db: AsyncSession,
    session: WhatsAppSession,
    *,
    jid: str,
    push_name: str | None = None,
    phone_number: str | None = None,
    lid: str | None = None,
    name: str | None = None,
    is_group: bool = False,
) -> Contact:
    """Create or refresh a contact. A sender seen as ``@lid`` with its real number lands on the
    phone-JID row, with the lid remembered, so one person is one contact."""
    if jid.endswith("@lid") and phone_number:
        lid, jid = jid, f"{phone_number}@s.whatsapp.net"
    contact = await find_contact(db, session, jid)
    if contact is None and lid:
        contact = await find_contact(db, session, lid)
        if contact is not None and contact.jid.endswith("@lid"):
            contact.jid = jid  # learned the real number of a contact known only by lid
    if contact is None:
        contact = Contact(
            organization_id=session.organization_id,
            session_id=session.id,
            jid=jid,
            lid=lid,
            phone_number=phone_number or phone_of(jid),
            push_name=push_name,
            name=name,
            is_group=is_group or jid.endswith("@g.us"),
            tags=[],
        )
        db.add(contact)
        await db.flush()
        return contact
    if push_name:
        contact.push_name = push_name
    if name and not contact.name:
        contact.name = name
    if lid and not contact.lid:
        contact.lid = lid
    if not contact.phone_number:
        contact.phone_number = phone_number or phone_of(contact.jid)
    return contact

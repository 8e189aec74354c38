"""The CRM's fields on a contact (``PUT /api/contacts/{contactId}``): name, tags, notes and the
user it is assigned to. The gateway keeps them; engines never change them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.auth.principal import Principal
from inboxhub.auth.service import is_member
from inboxhub.contacts.models import Contact
from inboxhub.contacts.service import ContactNotFound, describe
from inboxhub.db import row_id_in, utcnow
from inboxhub.errors import Conflict, NotFound, ValidationFailed
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import find_session
from inboxhub.webhooks.outbox import publish


class AmbiguousContact(Conflict):
    code = "AMBIGUOUS_CONTACT"


class UserNotFound(NotFound):
    code = "USER_NOT_FOUND"


async def find_for_update(
    db: AsyncSession, principal: Principal, ref: str, *, session_ref: str | None
) -> tuple[Contact, WhatsAppSession]:
    """``{contactId}``: the numeric ``contactId``, or a JID / lid when it names one contact."""
    ref = ref.strip()
    stmt = (
        select(Contact, WhatsAppSession)
        .join(WhatsAppSession, WhatsAppSession.id == Contact.session_id)
        .where(Contact.organization_id == principal.organization_id)
    )
    if (contact_pk := row_id_in(ref)) is not None:
        stmt = stmt.where(Contact.id == contact_pk)
    elif "@" in ref:
        stmt = stmt.where(or_(Contact.jid == ref, Contact.lid == ref))
    else:
        raise ValidationFailed(
            "contactId is the numeric contactId or a JID such as 34600000000@s.whatsapp.net",
            field="contactId",
        )
    if session_ref:
        session = await find_session(db, principal, session_ref)
        stmt = stmt.where(Contact.session_id == session.id)
    rows = [(c, s) for c, s in (await db.execute(stmt.limit(20))).all()]
    if not rows:
        raise ContactNotFound(f"Contact '{ref}' not found", field="contactId")
    if len(rows) > 1:
        raise AmbiguousContact(
            f"'{ref}' is a contact of {len(rows)} sessions: add ?sessionId= or use the numeric contactId",
            field="contactId",
            details=[{"contactId": c.id, "sessionId": s.session_id} for c, s in rows],
        )
    return rows[0]


async def update_contact(
    db: AsyncSession,
    principal: Principal,
    contact: Contact,
    session: WhatsAppSession,
    *,
    changes: dict[str, Any],
) -> Contact:
    """Apply the CRM's fields (only those given; ``null`` clears one)."""
    if "assigned_to_user_id" in changes and changes["assigned_to_user_id"] is not None:
        user_id = changes["assigned_to_user_id"]
        if not await is_member(db, principal.organization_id, user_id):
            raise UserNotFound(
                f"User {user_id} is not a member of this organization", field="assignedToUserId"
            )
    for key in ("name", "notes", "assigned_to_user_id"):
        if key in changes:
            setattr(contact, key, changes[key])
    if "tags" in changes:
        contact.tags = list(dict.fromkeys(changes["tags"] or []))
    contact.updated_at = utcnow()
    await db.flush()
    await publish(
        db,
        organization_id=principal.organization_id,
        session=session,
        event_type="contact.updated",
        chat_id=contact.jid,
        payload={
            "sessionId": session.session_id,
            "session_db_id": session.id,
            "contact": describe(contact),
        },
    )
    return contact

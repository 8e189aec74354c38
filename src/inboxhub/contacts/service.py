"""Contacts: who a session knows. Learned from the engine and from every message."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.addressing import ascii_digits
from inboxhub.cache import shared_cache, watched
from inboxhub.contacts.models import Contact
from inboxhub.db import Base, Page, paginate
from inboxhub.engines.base import EngineClient, NotFoundOnEngine, UserInfo
from inboxhub.engines.events import ContactUpdated
from inboxhub.envelope import iso
from inboxhub.errors import Conflict, EngineNotSupported, NotFound, ValidationFailed
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import require_connected
from inboxhub.webhooks.outbox import publish

_CONTACT_TABLES = watched("contacts")


class ContactNotFound(NotFound):
    code = "CONTACT_NOT_FOUND"


class NotOnWhatsApp(NotFound):
    code = "NOT_ON_WHATSAPP"


class AmbiguousContact(Conflict):
    code = "AMBIGUOUS_CONTACT"


class UserNotFound(NotFound):
    code = "USER_NOT_FOUND"


def phone_of(jid: str) -> str | None:
    """The number in a phone JID (``34600…@s.whatsapp.net``); None for groups, lids, broadcasts."""
    user, _, server = jid.partition("@")
    if server in ("s.whatsapp.net", "c.us", "") and ascii_digits(user.split(":", 1)[0]):
        return user.split(":", 1)[0]
    return None


async def insert_if_absent(
    db: AsyncSession, model: type[Base], values: dict[str, Any], *, keys: list[str]
) -> None:
    """``INSERT … ON CONFLICT DO NOTHING``: for rows a request and the event recorder may both
    be creating at the same moment (the same contact, the same group)."""
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    await db.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=keys))


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
        values = {
            "organization_id": session.organization_id,
            "session_id": session.id,
            "jid": jid,
            "lid": lid,
            "phone_number": phone_number or phone_of(jid),
            "push_name": push_name,
            "name": name,
            "is_group": is_group or jid.endswith("@g.us"),
            "tags": [],
        }
        await insert_if_absent(db, Contact, values, keys=["session_id", "jid"])
        contact = await find_contact(db, session, jid)
        assert contact is not None
    if push_name:
        contact.push_name = push_name
    if name and not contact.name:
        contact.name = name
    if lid and not contact.lid:
        contact.lid = lid
    if not contact.phone_number:
        contact.phone_number = phone_number or phone_of(contact.jid)
    return contact


async def remember_contact_again(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    *,
    jid: str,
    push_name: str | None = None,
    phone_number: str | None = None,
    is_group: bool = False,
) -> None:
    """``remember_contact`` for every inbound message: skipped while the same details were
    remembered a moment ago and no contact has been written since."""

    async def remember() -> bool:
        await remember_contact(
            db, session, jid=jid, push_name=push_name, phone_number=phone_number, is_group=is_group
        )
        return True

    cache = shared_cache(runtime, "remembered_contacts", _CONTACT_TABLES, inserts=True)
    await cache.get_or_load((session.id, jid, push_name, phone_number, is_group), remember)


# ---- numbers and ids ----------------------------------------------------------------------------


def normalize_number(raw: str, *, field: str) -> str:
    """Digits of a phone number given as ``+34 600…``, ``34600…`` or ``34600…@s.whatsapp.net``."""
    user, _, server = raw.strip().partition("@")
    if server not in ("", "s.whatsapp.net", "c.us"):
        raise ValidationFailed(f"'{raw}' is not a phone number or a phone JID", field=field)
    user = user.split(":", 1)[0]  # device suffix (34600…:12@s.whatsapp.net)
    digits = "".join(ch for ch in user if "0" <= ch <= "9")
    cleaned = user.replace(" ", "").replace("-", "").replace("(", "").replace(")", "").lstrip("+")
    if cleaned != digits or not 6 <= len(digits) <= 15:
        raise ValidationFailed(
            f"'{raw}' is not a valid number: 6 to 15 digits with the country code", field=field
        )
    return digits


def user_jid(raw: str, *, field: str) -> str:
    """A person's JID from a number, a phone JID or a hidden ``@lid`` id."""
    value = raw.strip()
    if value.endswith("@lid"):
        if not ascii_digits(value[: -len("@lid")]):
            raise ValidationFailed(f"'{raw}' is not a valid @lid id", field=field)
        return value
    return f"{normalize_number(value, field=field)}@s.whatsapp.net"


# ---- reading ------------------------------------------------------------------------------------


def describe(contact: Contact, session: WhatsAppSession | None = None) -> dict[str, Any]:
    """Seed 01's contact shape plus the number, lid and the CRM's fields."""
    data: dict[str, Any] = {
        "id": contact.jid,
        "contactId": contact.id,
        "name": contact.name or contact.verified_name or contact.push_name or contact.phone_number,
        "verifiedName": contact.verified_name,
        "notify": contact.push_name,
        "pushName": contact.push_name,
        "phoneNumber": contact.phone_number,
        "lid": contact.lid,
        "imgUrl": contact.picture_url,
        "isUser": not contact.is_group,
        "isGroup": contact.is_group,
        "isWAContact": contact.is_wa_contact,
        "isBusiness": contact.is_business,
        "inAddressBook": contact.in_address_book,
        "tags": list(contact.tags or []),
        "notes": contact.notes,
        "assignedToUserId": contact.assigned_to_user_id,
        "createdAt": iso(contact.created_at),
        "updatedAt": iso(contact.updated_at),
    }
    if session is not None:
        data["sessionId"] = session.session_id
    return data


def describe_info(contact: Contact, session: WhatsAppSession | None = None) -> dict[str, Any]:
    return {
        **describe(contact, session),
        "businessProfile": contact.business_profile,
        "status": contact.about,
        "about": contact.about,
        "lastSeen": iso(contact.last_seen_at),
    }


async def list_contacts(
    db: AsyncSession, session: WhatsAppSession, *, page: int, limit: int, search: str | None
) -> tuple[list[Contact], Page]:
    stmt = select(Contact).where(Contact.session_id == session.id)
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        columns = (
            Contact.name,
            Contact.push_name,
            Contact.verified_name,
            Contact.phone_number,
            Contact.jid,
            Contact.lid,
        )
        stmt = stmt.where(or_(*(col.ilike(pattern, escape="\\") for col in columns)))
    shown = func.coalesce(
        Contact.name, Contact.verified_name, Contact.push_name, Contact.phone_number, Contact.jid
    )
    stmt = stmt.order_by(func.lower(shown))
    return await paginate(db, stmt.order_by(Contact.id), page=page, limit=limit)


async def session_contacts(db: AsyncSession, session: WhatsAppSession) -> tuple[list[Contact], int]:
    """The session's people (not its groups), in the order it met them, and how many."""
    people = Contact.session_id == session.id, Contact.is_group.is_(False)
    rows = (await db.execute(select(Contact).where(*people).order_by(Contact.id))).scalars().all()
    total = (
        await db.execute(select(func.count()).select_from(Contact).where(*people))
    ).scalar_one()
    return list(rows), total


def describe_for_session(contact: Contact) -> dict[str, Any]:
    """A contact as ``GET /api/sessions/{id}/contacts`` lists it."""
    return {
        "id": contact.jid,
        "name": contact.name or contact.push_name or contact.phone_number,
        "notify": contact.push_name,
        "verifiedName": contact.verified_name,
        "phoneNumber": contact.phone_number,
        "imgUrl": contact.picture_url,
        "isUser": not contact.is_group,
        "isGroup": contact.is_group,
        "isWAContact": contact.is_wa_contact,
    }


async def contact_stats(db: AsyncSession, session: WhatsAppSession) -> dict[str, int]:
    def count(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = (
        await db.execute(
            select(
                func.count(Contact.id),
                count(Contact.is_group.is_(False)),
                count(Contact.is_group.is_(True)),
                count(Contact.is_wa_contact.is_(True)),
                count(
                    or_(
                        Contact.name.is_not(None),
                        Contact.verified_name.is_not(None),
                        Contact.push_name.is_not(None),
                    )
                ),
                count(Contact.picture_url.is_not(None)),
                count(Contact.is_business.is_(True)),
                count(Contact.in_address_book.is_(True)),
            ).where(Contact.session_id == session.id)
        )
    ).one()
    keys = (
        "total",
        "users",
        "groups",
        "wAContacts",
        "withNames",
        "withProfilePics",
        "businesses",
        "inAddressBook",
    )
    return {key: int(value) for key, value in zip(keys, row, strict=True)}


# ---- asking WhatsApp ----------------------------------------------------------------------------


def apply_profile(contact: Contact, info: UserInfo) -> None:
    if info.push_name:
        contact.push_name = info.push_name
    if info.verified_name:
        contact.verified_name = info.verified_name
    if info.about is not None:
        contact.about = info.about
    if info.picture_url is not None:
        contact.picture_url = info.picture_url or None
    if info.business_profile is not None:
        contact.business_profile = info.business_profile
    contact.is_business = info.is_business or contact.is_business
    if info.lid and not contact.lid:
        contact.lid = info.lid
    contact.is_wa_contact = True


async def _user_info(client: EngineClient, jid: str) -> UserInfo | None:
    try:
        return await client.get_user_info(jid)
    except EngineNotSupported:
        return None


async def search_number(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, raw: str
) -> Contact:
    """The contact with this number; asks WhatsApp whether it exists when it is not known yet."""
    phone = normalize_number(raw, field="phoneNumber")
    jid = f"{phone}@s.whatsapp.net"
    contact = await find_contact(db, session, jid)
    if contact is not None:
        return contact
    client = require_connected(runtime, session)
    checks = await client.is_on_whatsapp([phone])
    if not checks or not checks[0].exists:
        raise NotOnWhatsApp(
            f"{phone} is not on WhatsApp", field="phoneNumber", details={"exists": False}
        )
    info = await _user_info(client, checks[0].jid or jid)
    contact = await remember_contact(db, session, jid=checks[0].jid or jid, phone_number=phone)
    if info is not None:
        apply_profile(contact, info)
    return contact


async def contact_info(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, ref: str
) -> Contact:
    """A contact by JID, lid or number, refreshed from WhatsApp when the session is online."""
    jid = ref.strip() if ref.strip().endswith("@g.us") else user_jid(ref, field="contactId")
    contact = await find_contact(db, session, jid)
    client = runtime.pool.get(session.session_id)
    if client is None or not client.is_connected or jid.endswith("@g.us"):
        if contact is None:
            raise ContactNotFound(f"Contact '{ref}' not found", field="contactId")
        return contact
    try:
        info = await _user_info(client, jid)
    except NotFoundOnEngine as exc:
        if contact is not None:
            return contact
        raise NotOnWhatsApp(f"{ref} is not on WhatsApp", field="contactId") from exc
    if info is None:
        if contact is None:
            raise ContactNotFound(f"Contact '{ref}' not found", field="contactId")
        return contact
    if contact is None:
        contact = await remember_contact(
            db, session, jid=info.jid, lid=info.lid, phone_number=phone_of(info.jid)
        )
    apply_profile(contact, info)
    return contact


# ---- recording what the engine reports ----------------------------------------------------------


async def record_contact_update(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: ContactUpdated
) -> None:
    contact = await remember_contact(
        db,
        session,
        jid=event.jid,
        push_name=event.push_name,
        lid=event.lid,
        name=event.name,
        phone_number=phone_of(event.jid),
    )
    apply_profile(
        contact,
        UserInfo(
            jid=contact.jid,
            verified_name=event.verified_name,
            about=event.about,
            picture_url=event.picture_url,
            is_business=bool(event.verified_name or event.business_profile),
            business_profile=event.business_profile,
        ),
    )
    if event.name:
        contact.in_address_book = True
    await db.flush()
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="contact.updated",
        chat_id=contact.jid,
        payload={
            "sessionId": session.session_id,
            "session_db_id": session.id,
            "contact": describe(contact),
        },
    )

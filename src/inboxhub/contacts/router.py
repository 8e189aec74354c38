"""``/api/contacts``: seed 01's contact endpoints and seed 02's contact update."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.contacts import blocklist, crm, service
from inboxhub.contacts.schemas import (
    BlockChange,
    ContactFound,
    ContactInfoData,
    ContactList,
    ContactStatsData,
    ContactUpdate,
    SessionContactList,
)
from inboxhub.db import DbSession
from inboxhub.envelope import answers, ok
from inboxhub.routing import FeatureRouter
from inboxhub.sessions.dependencies import SessionById, SessionByPath

router = FeatureRouter(prefix="/api/contacts", tags=["contacts"])
# Seed 01 lists a session's WhatsApp contacts under the session's own URL.
session_contacts_router = FeatureRouter(prefix="/api/sessions", tags=["sessions"])


@router.get("/{sessionId}", responses=answers(ContactList))
async def list_contacts(
    session: SessionByPath,
    db: DbSession,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    search: Annotated[str | None, Query(max_length=100, description="Name or number")] = None,
) -> dict[str, Any]:
    """The session's contacts (people and groups it knows), by name."""
    contacts, pagination = await service.list_contacts(
        db, session, page=page, limit=limit, search=search or None
    )
    return ok(
        {
            "contacts": [service.describe(c, session) for c in contacts],
            "total": pagination.total,
            "pagination": pagination.as_dict(),
            "search": search or None,
        }
    )


@router.get("/{sessionId}/search/{phoneNumber}", responses=answers(ContactFound))
async def search_contact(
    session: SessionByPath,
    phone_number: Annotated[str, Path(alias="phoneNumber", max_length=40)],
    db: DbSession,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """A contact by number. A number not known yet is looked up on WhatsApp (the session must be
    connected); one that is not on WhatsApp answers 404 ``NOT_ON_WHATSAPP``."""
    contact = await service.search_number(db, runtime, session, phone_number)
    return ok({"contact": service.describe(contact, session), "exists": True})


@router.get("/{sessionId}/info/{contactId}", responses=answers(ContactInfoData))
async def get_contact_info(
    session: SessionByPath,
    contact_id: Annotated[str, Path(alias="contactId", max_length=100)],
    db: DbSession,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """Name, verified name, picture, about and business profile of a contact (JID, lid or
    number), refreshed from WhatsApp while the session is connected."""
    contact = await service.contact_info(db, runtime, session, contact_id)
    return ok({"contact": service.describe_info(contact, session)})


@router.post("/{sessionId}/{contactId}/block", responses=answers(BlockChange))
async def block_contact(
    session: SessionByPath,
    contact_id: Annotated[str, Path(alias="contactId", max_length=100)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """Block a person (number or JID): they can no longer call or write to this number."""
    return ok(await blocklist.set_blocked(runtime, session, contact_id, blocked=True))


@router.post("/{sessionId}/{contactId}/unblock", responses=answers(BlockChange))
async def unblock_contact(
    session: SessionByPath,
    contact_id: Annotated[str, Path(alias="contactId", max_length=100)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    return ok(await blocklist.set_blocked(runtime, session, contact_id, blocked=False))


@router.get("/{sessionId}/stats", responses=answers(ContactStatsData))
async def get_contact_stats(session: SessionByPath, db: DbSession) -> dict[str, Any]:
    return ok({"stats": await service.contact_stats(db, session)})


@router.put("/{contactId}", responses=answers(ContactInfoData))
async def update_contact(
    contact_id: Annotated[str, Path(alias="contactId", max_length=100)],
    body: ContactUpdate,
    db: DbSession,
    principal: ApiKeyAuth,
    session_id: Annotated[
        str | None,
        Query(alias="sessionId", max_length=100, description="Session, when a JID is ambiguous"),
    ] = None,
) -> dict[str, Any]:
    """Set the CRM's fields of a contact: ``name``, ``tags``, ``notes``, ``assignedToUserId``.

    ``{contactId}`` is the numeric ``contactId`` from the contact listings. A JID
    (``34600000000@s.whatsapp.net``) or ``@lid`` id is accepted too when exactly one session of
    the organization knows it; otherwise add ``?sessionId=`` (409 ``AMBIGUOUS_CONTACT``)."""
    contact, session = await crm.find_for_update(db, principal, contact_id, session_ref=session_id)
    contact = await crm.update_contact(
        db, principal, contact, session, changes=body.model_dump(exclude_unset=True)
    )
    return ok(
        {"contact": service.describe_info(contact, session)},
        "Contacto actualizado",
    )


@session_contacts_router.get("/{id}/contacts", responses=answers(SessionContactList))
async def list_session_contacts(session: SessionById, db: DbSession) -> dict[str, Any]:
    contacts, total = await service.session_contacts(db, session)
    return ok(
        {
            "contacts": [service.describe_for_session(c) for c in contacts],
            "total": total,
            "source": "whatsapp",
        }
    )

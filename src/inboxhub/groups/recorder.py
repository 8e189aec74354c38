"""Recording group changes other people made, as WhatsApp reports them (``GroupChanged``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.engines.events import GroupChanged
from inboxhub.groups.cache import cached_or_new_group, own_jid, record_change
from inboxhub.groups.models import Group
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession


def _member(jid: str, *, admin: bool = False, creator: bool = False) -> dict[str, Any]:
    return {"jid": jid, "isAdmin": admin or creator, "isSuperAdmin": creator}


def _apply(group: Group, event: GroupChanged, me: str | None) -> None:
    members = {p["jid"]: dict(p) for p in group.participants}
    change, people = event.change, event.participants
    if change == "created":
        group.owner_jid = event.actor_id
        group.created_on_whatsapp_at = event.timestamp
        members = {jid: _member(jid, creator=jid == event.actor_id) for jid in people}
    elif change in ("add", "join"):
        for jid in people:
            members.setdefault(jid, _member(jid))
    elif change in ("remove", "leave"):
        for jid in people:
            members.pop(jid, None)
    elif change in ("promote", "demote"):
        for jid in people:
            members.setdefault(jid, _member(jid))["isAdmin"] = change == "promote"
    elif change == "invite":
        group.invite_code = None  # the old link stopped working
    group.participants = list(members.values())
    if me in people and change in ("created", "add", "join"):
        group.is_member = True
    if me in people and change in ("remove", "leave"):
        group.is_member = False


async def record_group_change(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: GroupChanged
) -> None:
    group = await cached_or_new_group(db, session, event.group_id, subject=event.subject)
    if event.subject is not None:
        group.subject = event.subject
    if event.description is not None or event.change == "description":
        group.description = event.description
    if event.announce is not None:
        group.announce = event.announce
    if event.locked is not None:
        group.locked = event.locked
    _apply(group, event, own_jid(session))
    await db.flush()
    await record_change(
        db,
        session,
        group,
        event.change,
        actor=event.actor_id,
        participants=event.participants,
        source="whatsapp",
        timestamp=event.timestamp,
    )

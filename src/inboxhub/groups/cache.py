"""The gateway's copy of a session's groups: what listings and details show while the session is
offline, and the ``group.updated`` events that record every change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.contacts.service import insert_if_absent, phone_of
from inboxhub.db import utcnow
from inboxhub.engines.base import GroupInfo
from inboxhub.envelope import iso
from inboxhub.groups.models import Group
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.outbox import publish


def own_jid(session: WhatsAppSession) -> str | None:
    return f"{session.phone_number}@s.whatsapp.net" if session.phone_number else None


async def cached_group(db: AsyncSession, session: WhatsAppSession, jid: str) -> Group | None:
    stmt = select(Group).where(Group.session_id == session.id, Group.jid == jid)
    return (await db.execute(stmt)).scalar_one_or_none()


def participants_of(info: GroupInfo) -> list[dict[str, Any]]:
    return [
        {"jid": p.jid, "isAdmin": p.is_admin or p.is_super_admin, "isSuperAdmin": p.is_super_admin}
        for p in info.participants
    ]


async def cached_or_new_group(
    db: AsyncSession, session: WhatsAppSession, jid: str, *, subject: str | None = None
) -> Group:
    """The session's row for the group, created if missing (the event recorder may be creating
    it at this very moment, from WhatsApp's notification)."""
    group = await cached_group(db, session, jid)
    if group is None:
        values = {
            "organization_id": session.organization_id,
            "session_id": session.id,
            "jid": jid,
            "subject": subject or jid,
            "participants": [],
            "is_member": True,
        }
        await insert_if_absent(db, Group, values, keys=["session_id", "jid"])
        group = await cached_group(db, session, jid)
        assert group is not None
    return group


async def store_info(db: AsyncSession, session: WhatsAppSession, info: GroupInfo) -> Group:
    group = await cached_or_new_group(db, session, info.jid, subject=info.subject)
    group.subject = info.subject
    group.description = info.description
    group.owner_jid = info.owner
    group.created_on_whatsapp_at = info.created_at
    group.announce = info.announce
    group.locked = info.locked
    group.participants = participants_of(info)
    group.is_member = True
    group.updated_at = utcnow()
    await db.flush()
    return group


def describe(group: Group, session: WhatsAppSession, *, detail: bool = True) -> dict[str, Any]:
    """Baileys' group metadata names (``subject``, ``desc``, ``restrict``, ``announce``, …)."""
    admins = [p["jid"] for p in group.participants if p.get("isAdmin")]
    data: dict[str, Any] = {
        "id": group.jid,
        "groupId": group.jid,
        "subject": group.subject,
        "description": group.description,
        "desc": group.description,
        "owner": group.owner_jid,
        "creation": iso(group.created_on_whatsapp_at),
        "size": len(group.participants),
        "announce": group.announce,
        "locked": group.locked,
        "restrict": group.locked,
        "isAdmin": own_jid(session) in admins,
        "isMember": group.is_member,
        "updatedAt": iso(group.updated_at),
    }
    if detail:
        data["participants"] = [
            {
                "id": p["jid"],
                "phoneNumber": phone_of(p["jid"]),
                "admin": "superadmin"
                if p.get("isSuperAdmin")
                else "admin"
                if p["isAdmin"]
                else None,
                "isAdmin": bool(p.get("isAdmin")),
                "isSuperAdmin": bool(p.get("isSuperAdmin")),
            }
            for p in group.participants
        ]
        data["admins"] = admins
        data["inviteCode"] = group.invite_code
    return data


async def record_change(
    db: AsyncSession,
    session: WhatsAppSession,
    group: Group,
    change: str,
    *,
    actor: str | None,
    participants: list[str] | None = None,
    source: str = "api",
    timestamp: datetime | None = None,
) -> None:
    """A ``group.updated`` event, in the transaction of the change."""
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="group.updated",
        chat_id=group.jid,
        payload={
            "sessionId": session.session_id,
            "session_db_id": session.id,
            "groupId": group.jid,
            "change": change,
            "actor": actor,
            "participants": participants or [],
            "subject": group.subject,
            "description": group.description,
            "announce": group.announce,
            "locked": group.locked,
            "source": source,
            "timestamp": iso(timestamp or utcnow()),
        },
    )

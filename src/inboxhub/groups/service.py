"""WhatsApp groups of a session: asked of the engine while connected, cached for when it is not.

Every change made through the API is recorded as a ``group.updated`` event (``cache.record_change``);
changes made by others reach ``groups.recorder`` as ``GroupChanged`` engine events.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.contacts.service import user_jid
from inboxhub.db import Page, paginate
from inboxhub.engines.base import (
    EngineClient,
    GroupAction,
    NotFoundOnEngine,
    NotPermitted,
    ParticipantResult,
)
from inboxhub.errors import ApiError, Conflict, Forbidden, NotFound, ValidationFailed
from inboxhub.groups.cache import (
    cached_group,
    cached_or_new_group,
    own_jid,
    record_change,
    store_info,
)
from inboxhub.groups.models import Group
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import require_connected

_GROUP_USER = re.compile(r"^\d{6,30}(-\d{6,15})?$")
_INVITE_CODE = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
INVITE_LINK_PREFIX = "https://chat.whatsapp.com/"


class GroupNotFound(NotFound):
    code = "GROUP_NOT_FOUND"


class NotGroupAdmin(Forbidden):
    code = "NOT_GROUP_ADMIN"


class InviteCodeNotFound(NotFound):
    code = "INVITE_CODE_NOT_FOUND"


class NotOnWhatsApp(NotFound):
    code = "NOT_ON_WHATSAPP"


class NotAParticipant(ValidationFailed):
    code = "NOT_A_PARTICIPANT"


class AlreadyParticipant(Conflict):
    code = "ALREADY_PARTICIPANT"


class ParticipantForbidden(Forbidden):
    code = "PARTICIPANT_FORBIDDEN"


_PARTICIPANT_ERRORS: dict[str, type[ApiError]] = {
    "not_on_whatsapp": NotOnWhatsApp,
    "not_participant": NotAParticipant,
    "already_participant": AlreadyParticipant,
    "forbidden": ParticipantForbidden,
}


# ---- ids ----------------------------------------------------------------------------------------


def group_jid(raw: str) -> str:
    """``120363…@g.us`` from the JID or its number part."""
    user, _, server = raw.strip().partition("@")
    if server not in ("", "g.us") or not _GROUP_USER.match(user):
        raise ValidationFailed(f"'{raw}' is not a group id such as 120363…@g.us", field="groupId")
    return f"{user}@g.us"


def participant_jids(raw: list[str], *, field: str) -> list[str]:
    """Validated JIDs; ``field`` names a list (``participants.3``) unless it is ``participantId``."""
    jids = [
        user_jid(value, field=field if field == "participantId" else f"{field}.{i}")
        for i, value in enumerate(raw)
    ]
    return list(dict.fromkeys(jids))


def invite_code_of(raw: str) -> str:
    code = raw.strip().removeprefix(INVITE_LINK_PREFIX).removeprefix("chat.whatsapp.com/")
    code = code.strip("/")
    if not _INVITE_CODE.match(code):
        raise ValidationFailed("inviteCode is not a WhatsApp invite code", field="inviteCode")
    return code


@contextmanager
def engine_errors(group_id: str, *, code_field: str = "groupId") -> Iterator[None]:
    """WhatsApp's refusals as the API's codes."""
    try:
        yield
    except NotFoundOnEngine as exc:
        if code_field == "inviteCode":
            raise InviteCodeNotFound(exc.message, field="inviteCode") from exc
        raise GroupNotFound(f"Group '{group_id}' not found", field="groupId") from exc
    except NotPermitted as exc:
        raise NotGroupAdmin(exc.message, field="groupId") from exc


# ---- reading ------------------------------------------------------------------------------------


async def list_groups(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    *,
    page: int,
    limit: int,
    search: str | None,
) -> tuple[list[Group], Page, str]:
    """The groups the session is in: refreshed from WhatsApp when connected, else the cache."""
    client = runtime.pool.get(session.session_id)
    source = "cache"
    if client is not None and client.is_connected:
        infos = await client.get_joined_groups()
        joined = {info.jid for info in infos}
        for info in infos:
            await store_info(db, session, info)
        stale = select(Group).where(Group.session_id == session.id, Group.is_member.is_(True))
        for group in (await db.execute(stale)).scalars():
            if group.jid not in joined:
                group.is_member = False
        source = "whatsapp"
    stmt = select(Group).where(Group.session_id == session.id, Group.is_member.is_(True))
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(Group.subject.ilike(pattern, escape="\\"))
    groups, pagination = await paginate(
        db, stmt.order_by(Group.subject, Group.id), page=page, limit=limit
    )
    return groups, pagination, source


async def group_details(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, raw_id: str
) -> tuple[Group, str]:
    jid = group_jid(raw_id)
    client = runtime.pool.get(session.session_id)
    if client is None or not client.is_connected:
        group = await cached_group(db, session, jid)
        if group is None or not group.is_member:
            raise GroupNotFound(f"Group '{jid}' not found", field="groupId")
        return group, "cache"
    try:
        info = await client.get_group_info(jid)
    except (NotFoundOnEngine, NotPermitted) as exc:
        group = await cached_group(db, session, jid)
        if group is not None:
            group.is_member = False
        raise GroupNotFound(f"Group '{jid}' not found", field="groupId") from exc
    return await store_info(db, session, info), "whatsapp"


# ---- changing -----------------------------------------------------------------------------------


async def _refresh(
    db: AsyncSession, session: WhatsAppSession, client: EngineClient, jid: str
) -> Group:
    with engine_errors(jid):
        info = await client.get_group_info(jid)
    return await store_info(db, session, info)


async def create_group(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    *,
    subject: str,
    participants: list[str],
    description: str | None,
) -> tuple[Group, list[ParticipantResult]]:
    jids = [
        j for j in participant_jids(participants, field="participants") if j != own_jid(session)
    ]
    client = require_connected(runtime, session)
    info = await client.create_group(subject.strip(), jids)
    if description:
        with engine_errors(info.jid):
            await client.set_group_description(info.jid, description)
        info.description = description
    group = await store_info(db, session, info)
    await record_change(
        db,
        session,
        group,
        "created",
        actor=own_jid(session),
        participants=[p["jid"] for p in group.participants],
    )
    return group, info.failed


async def update_group(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    raw_id: str,
    changes: dict[str, Any],
) -> Group:
    """Subject, description and settings; each change is its own ``group.updated`` event."""
    jid = group_jid(raw_id)
    client = require_connected(runtime, session)
    done: list[str] = []
    with engine_errors(jid):
        if changes.get("subject") is not None:
            await client.set_group_subject(jid, changes["subject"].strip())
            done.append("subject")
        if "description" in changes:
            await client.set_group_description(jid, changes["description"] or "")
            done.append("description")
        if changes.get("announce") is not None or changes.get("locked") is not None:
            await client.set_group_settings(
                jid, announce=changes.get("announce"), locked=changes.get("locked")
            )
            done.append("settings")
    group = await _refresh(db, session, client, jid)
    for change in done:
        await record_change(db, session, group, change, actor=own_jid(session))
    return group


async def change_participants(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    raw_id: str,
    action: GroupAction,
    participants: list[str],
    *,
    field: str,
) -> tuple[Group, list[ParticipantResult]]:
    """Add, remove, promote or demote. Fails with the participant's own error when none worked."""
    jid = group_jid(raw_id)
    jids = participant_jids(participants, field=field)
    client = require_connected(runtime, session)
    with engine_errors(jid):
        results = await client.update_group_participants(jid, action, jids)
    done = [r.jid for r in results if r.ok]
    if not done:
        first = next((r for r in results if r.error), None)
        error_class = (
            _PARTICIPANT_ERRORS.get(first.error or "", ValidationFailed)
            if first
            else ValidationFailed
        )
        raise error_class(
            _participant_message(first, action) if first else "Nothing changed",
            field=field,
            details=[result_of(r) for r in results],
        )
    group = await _refresh(db, session, client, jid)
    await record_change(db, session, group, action, actor=own_jid(session), participants=done)
    return group, results


def _participant_message(result: ParticipantResult, action: str) -> str:
    messages = {
        "not_on_whatsapp": f"{result.jid} is not on WhatsApp",
        "not_participant": f"{result.jid} is not a participant of the group",
        "already_participant": f"{result.jid} is already a participant of the group",
        "forbidden": f"WhatsApp did not allow to {action} {result.jid}",
    }
    return messages.get(result.error or "", f"Could not {action} {result.jid}: {result.error}")


def result_of(result: ParticipantResult) -> dict[str, Any]:
    error_class = _PARTICIPANT_ERRORS.get(result.error or "")
    return {
        "id": result.jid,
        "ok": result.ok,
        "error": result.error,
        "code": error_class.code if error_class and not result.ok else None,
    }


async def invite_code(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, raw_id: str, *, reset: bool
) -> tuple[Group, str]:
    jid = group_jid(raw_id)
    client = require_connected(runtime, session)
    with engine_errors(jid):
        link = await client.get_group_invite_link(jid, reset=reset)
    group = await _refresh(db, session, client, jid)
    group.invite_code = link.removeprefix(INVITE_LINK_PREFIX)
    if reset:
        await record_change(db, session, group, "invite", actor=own_jid(session))
    return group, link


async def join_with_code(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, raw_code: str
) -> Group:
    code = invite_code_of(raw_code)
    client = require_connected(runtime, session)
    with engine_errors(code, code_field="inviteCode"):
        jid = await client.join_group_with_link(code)
    group = await _refresh(db, session, client, jid)
    await record_change(
        db, session, group, "join", actor=own_jid(session), participants=[own_jid(session) or ""]
    )
    return group


async def leave_group(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, raw_id: str
) -> Group:
    jid = group_jid(raw_id)
    client = require_connected(runtime, session)
    with engine_errors(jid):
        await client.leave_group(jid)
    group = await cached_or_new_group(db, session, jid)
    me = own_jid(session)
    group.participants = [p for p in group.participants if p["jid"] != me]
    group.is_member = False
    await db.flush()
    await record_change(db, session, group, "leave", actor=me, participants=[me or ""])
    return group

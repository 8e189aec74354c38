"""``/api/groups``: seed 01's group endpoints, plus demote, leave, invite revoke and settings.

``{groupId}`` is the group's JID (``120363…@g.us``) or its number part. Participants are numbers
(``34600000000``) or JIDs (``…@s.whatsapp.net``, ``…@lid``). Listings and details come from
WhatsApp while the session is connected and from the gateway's copy otherwise (``source``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Path, Query

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.db import DbSession
from inboxhub.engines.base import GroupAction, ParticipantResult
from inboxhub.envelope import answers, ok
from inboxhub.errors import ValidationFailed
from inboxhub.groups import cache, service
from inboxhub.groups.models import Group
from inboxhub.groups.schemas import (
    GroupCreate,
    GroupCreated,
    GroupData,
    GroupDetail,
    GroupJoined,
    GroupLeft,
    GroupList,
    GroupSettings,
    GroupUpdate,
    InviteCodeRead,
    JoinWithCode,
    ParticipantsChange,
    ParticipantsChanged,
)
from inboxhub.routing import FeatureRouter
from inboxhub.sessions.dependencies import SessionByPath
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import find_session

router = FeatureRouter(prefix="/api/groups", tags=["groups"])

GroupId = Annotated[str, Path(alias="groupId", max_length=100)]
GROUP = "/sessions/{sessionId}/groups/{groupId}"


def _answer(
    group: Group,
    session: WhatsAppSession,
    action: str,
    results: list[ParticipantResult],
    message: str,
) -> dict[str, Any]:
    return ok(
        {
            "groupId": group.jid,
            "action": action,
            "participants": [service.result_of(r) for r in results],
            "group": cache.describe(group, session),
        },
        message,
    )


@router.get("/sessions/{sessionId}", responses=answers(GroupList))
async def list_groups(
    session: SessionByPath,
    db: DbSession,
    runtime: RuntimeDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    search: Annotated[str | None, Query(max_length=100, description="Part of the subject")] = None,
) -> dict[str, Any]:
    """The groups the session is in (participants are in the group details)."""
    groups, pagination, source = await service.list_groups(
        db, runtime, session, page=page, limit=limit, search=search or None
    )
    return ok(
        {
            "groups": [cache.describe(g, session, detail=False) for g in groups],
            "total": pagination.total,
            "pagination": pagination.as_dict(),
            "source": source,
        }
    )


@router.post("/sessions/{sessionId}", status_code=201, responses=answers(GroupCreated, 201))
async def create_group(
    session: SessionByPath, body: GroupCreate, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Create a group; participants WhatsApp refused are listed in ``failed``."""
    group, failed = await service.create_group(
        db,
        runtime,
        session,
        subject=body.subject,
        participants=body.participants,
        description=body.description,
    )
    return ok(
        {
            "group": cache.describe(group, session),
            "groupId": group.jid,
            "failed": [service.result_of(r) for r in failed],
        },
        "Grupo creado",
    )


@router.post("/join-with-code", responses=answers(GroupJoined))
async def join_group_with_code(
    body: JoinWithCode, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Join a group with its invite code (or its whole ``chat.whatsapp.com`` link)."""
    session = await find_session(db, principal, body.session_id)
    await runtime.limiter.enforce(
        runtime.limits.session, "session", session.session_id, what="requests for this session"
    )
    group = await service.join_with_code(db, runtime, session, body.invite_code)
    return ok(
        {"groupId": group.jid, "group": cache.describe(group, session)}, "Te has unido al grupo"
    )


@router.get(GROUP, responses=answers(GroupDetail))
async def get_group(
    session: SessionByPath, group_id: GroupId, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Subject, description, settings, participants and admins."""
    group, source = await service.group_details(db, runtime, session, group_id)
    return ok({"group": cache.describe(group, session), "source": source})


@router.put(GROUP, responses=answers(GroupData))
async def update_group(
    session: SessionByPath,
    group_id: GroupId,
    body: GroupUpdate,
    db: DbSession,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """Change the subject, the description (``""`` clears it) and the settings."""
    group = await service.update_group(
        db, runtime, session, group_id, body.model_dump(exclude_unset=True)
    )
    return ok({"group": cache.describe(group, session)}, "Grupo actualizado")


@router.put(GROUP + "/settings", responses=answers(GroupData))
async def update_group_settings(
    session: SessionByPath,
    group_id: GroupId,
    body: GroupSettings,
    db: DbSession,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """``announce``: only admins send messages; ``locked``: only admins edit the group's info."""
    group = await service.update_group(
        db, runtime, session, group_id, body.model_dump(exclude_unset=True)
    )
    return ok({"group": cache.describe(group, session)}, "Ajustes del grupo actualizados")


async def _participants(
    session: WhatsAppSession,
    group_id: str,
    body: ParticipantsChange,
    db: DbSession,
    runtime: RuntimeDep,
    action: GroupAction,
    message: str,
) -> dict[str, Any]:
    field = "participantId" if body.participant_id is not None else "participants"
    people = [body.participant_id] if body.participant_id is not None else body.participants or []
    group, results = await service.change_participants(
        db, runtime, session, group_id, action, people, field=field
    )
    return _answer(group, session, action, results, message)


@router.post(GROUP + "/participants", responses=answers(ParticipantsChanged))
async def add_participants(
    session: SessionByPath,
    group_id: GroupId,
    body: ParticipantsChange,
    db: DbSession,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    return await _participants(session, group_id, body, db, runtime, "add", "Participante añadido")


@router.delete(GROUP + "/participants", responses=answers(ParticipantsChanged))
async def remove_participants(
    session: SessionByPath,
    group_id: GroupId,
    db: DbSession,
    runtime: RuntimeDep,
    body: Annotated[ParticipantsChange | None, Body()] = None,
    participant_id: Annotated[
        str | None,
        Query(alias="participantId", max_length=100, description="Instead of a request body"),
    ] = None,
) -> dict[str, Any]:
    if body is None:
        if participant_id is None:
            raise ValidationFailed("participantId is required", field="participantId")
        body = ParticipantsChange(participant_id=participant_id)
    return await _participants(
        session, group_id, body, db, runtime, "remove", "Participante eliminado"
    )


@router.post(GROUP + "/promote", responses=answers(ParticipantsChanged))
async def promote_participants(
    session: SessionByPath,
    group_id: GroupId,
    body: ParticipantsChange,
    db: DbSession,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    return await _participants(
        session, group_id, body, db, runtime, "promote", "Participante promovido a administrador"
    )


@router.post(GROUP + "/demote", responses=answers(ParticipantsChanged))
async def demote_participants(
    session: SessionByPath,
    group_id: GroupId,
    body: ParticipantsChange,
    db: DbSession,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    return await _participants(
        session, group_id, body, db, runtime, "demote", "Administrador degradado a participante"
    )


@router.post(GROUP + "/invite-code", responses=answers(InviteCodeRead))
async def get_invite_code(
    session: SessionByPath, group_id: GroupId, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """The group's invite code and link (admins only); the same code until it is revoked."""
    group, link = await service.invite_code(db, runtime, session, group_id, reset=False)
    return ok({"groupId": group.jid, "inviteCode": group.invite_code, "inviteLink": link})


@router.post(GROUP + "/invite-code/revoke", responses=answers(InviteCodeRead))
async def revoke_invite_code(
    session: SessionByPath, group_id: GroupId, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Invalidate the current invite code; returns the new one."""
    group, link = await service.invite_code(db, runtime, session, group_id, reset=True)
    return ok(
        {"groupId": group.jid, "inviteCode": group.invite_code, "inviteLink": link},
        "Código de invitación revocado",
    )


@router.post(GROUP + "/leave", responses=answers(GroupLeft))
async def leave_group(
    session: SessionByPath, group_id: GroupId, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    group = await service.leave_group(db, runtime, session, group_id)
    return ok({"groupId": group.jid, "left": True}, "Has salido del grupo")

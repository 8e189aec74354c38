"""Invitations: pending ones of an organization (its admins), and the invited user's answer."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from inboxhub.auth import invitations, service
from inboxhub.auth.dependencies import CurrentUser, FailedAttempts, RuntimeDep
from inboxhub.auth.models import User
from inboxhub.auth.schemas import (
    InvitationAccept,
    InvitationCancelled,
    InvitationList,
    MembershipJoined,
)
from inboxhub.db import DbSession, RowId
from inboxhub.envelope import answers, ok
from inboxhub.errors import ApiError, ValidationFailed
from inboxhub.routing import FeatureRouter

router = FeatureRouter(tags=["organizations"])


@router.get("/api/organizations/{organization_id}/invitations", responses=answers(InvitationList))
async def list_invitations(
    organization_id: RowId, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    await service.require_admin(db, user, organization_id)
    pending = await invitations.pending(db, organization_id)
    return ok({"invitations": [invitations.view(i) for i in pending], "total": len(pending)})


@router.delete(
    "/api/organizations/{organization_id}/invitations/{invitation_id}",
    responses=answers(InvitationCancelled),
)
async def cancel_invitation(
    organization_id: RowId, invitation_id: RowId, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    await service.require_admin(db, user, organization_id)
    await invitations.cancel(db, organization_id=organization_id, invitation_id=invitation_id)
    return ok({"id": invitation_id, "cancelled": True})


@router.get("/api/auth/invitations", responses=answers(InvitationList))
async def my_invitations(user: CurrentUser, db: DbSession) -> dict[str, Any]:
    """Invitations addressed to the signed-in user's email."""
    mine = await invitations.addressed_to(db, user)
    return ok({"invitations": [invitations.view(i) for i in mine], "total": len(mine)})


@router.post("/api/auth/invitations/{invitation_id}/accept", responses=answers(MembershipJoined))
async def accept_mine(invitation_id: RowId, user: CurrentUser, db: DbSession) -> dict[str, Any]:
    invitation = await invitations.by_id_for(db, user, invitation_id)
    membership = await invitations.accept(db, invitation, user)
    return ok(_joined(user, membership.organization_id, membership.role), "Invitación aceptada")


async def _signed_in(request: Request, db: DbSession, runtime: RuntimeDep) -> User | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return await service.user_from_claims(db, runtime.issuer.decode(token.strip(), "access"))


@router.post("/api/auth/invitations/accept", responses=answers(MembershipJoined))
async def accept_with_token(
    body: InvitationAccept, request: Request, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Signed in as the invited email: join. Without an account yet: choose a password."""
    # A token is a secret: guesses count against the login limit.
    async with FailedAttempts(request, runtime, None) as attempt:
        try:
            invitation = await invitations.by_token(db, body.token)
        except ApiError:
            await attempt.failed()
            raise
    user = await _signed_in(request, db, runtime)
    if user is None:
        if not body.password:
            raise ValidationFailed(
                "Sign in as the invited user, or choose a password for a new account",
                field="password",
            )
        user, membership = await invitations.accept_as_new_user(
            db, invitation, password=body.password, name=body.name
        )
    else:
        membership = await invitations.accept(db, invitation, user)
    return ok(_joined(user, membership.organization_id, membership.role), "Invitación aceptada")


def _joined(user: User, organization_id: int, role: str) -> dict[str, Any]:
    return {"userId": user.id, "email": user.email, "organizationId": organization_id, "role": role}

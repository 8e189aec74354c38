"""Invitations: adding someone to an organization asks them first.

An admin invites an email; the answer is the same whether or not that email has an account, so
the member form tells nobody who uses the gateway. The invited user accepts, signed in as that
email (or, without an account yet, by choosing a password with the invitation's token).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.auth.models import Invitation, Membership, User
from inboxhub.auth.service import create_user, is_member
from inboxhub.db import utcnow
from inboxhub.envelope import iso
from inboxhub.errors import Conflict, Forbidden, NotFound

INVITATION_TTL = timedelta(days=7)
# One refusal for every token that cannot be used: unknown, used, expired or someone else's.
_INVALID = "Invitation not found, used or expired"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def invite(
    db: AsyncSession,
    *,
    organization_id: int,
    email: str,
    role: str,
    inviter: User,
    inviter_role: str,
) -> tuple[Invitation, str]:
    if role == "owner" and inviter_role != "owner":
        raise Forbidden("Only an owner may grant ownership", field="role")
    token = "ihi_" + secrets.token_urlsafe(32)
    invitation = Invitation(
        organization_id=organization_id,
        email=email.strip().lower(),
        role=role,
        token_hash=_hash(token),
        invited_by_user_id=inviter.id,
        expires_at=utcnow() + INVITATION_TTL,
    )
    db.add(invitation)
    await db.flush()
    return invitation, token


def view(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.id,
        "organizationId": invitation.organization_id,
        "email": invitation.email,
        "role": invitation.role,
        "createdAt": iso(invitation.created_at),
        "expiresAt": iso(invitation.expires_at),
    }


async def pending(db: AsyncSession, organization_id: int) -> list[Invitation]:
    rows = await db.execute(
        select(Invitation)
        .where(
            Invitation.organization_id == organization_id,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.id)
    )
    return list(rows.scalars())


async def addressed_to(db: AsyncSession, user: User) -> list[Invitation]:
    rows = await db.execute(
        select(Invitation)
        .where(
            Invitation.email == user.email,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.id)
    )
    return list(rows.scalars())


async def cancel(db: AsyncSession, *, organization_id: int, invitation_id: int) -> None:
    invitation = await db.get(Invitation, invitation_id)
    if invitation is None or invitation.organization_id != organization_id:
        raise NotFound("Invitation not found", field="invitationId")
    await db.delete(invitation)


async def _usable(db: AsyncSession, invitation: Invitation | None) -> Invitation:
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at <= utcnow()
    ):
        raise NotFound(_INVALID, field="token")
    return invitation


async def by_token(db: AsyncSession, token: str) -> Invitation:
    found = (
        await db.execute(select(Invitation).where(Invitation.token_hash == _hash(token)))
    ).scalar_one_or_none()
    return await _usable(db, found)


async def by_id_for(db: AsyncSession, user: User, invitation_id: int) -> Invitation:
    found = await db.get(Invitation, invitation_id)
    if found is not None and found.email != user.email:
        found = None
    return await _usable(db, found)


async def accept(db: AsyncSession, invitation: Invitation, user: User) -> Membership:
    if invitation.email != user.email:
        raise NotFound(_INVALID, field="token")
    invitation.accepted_at = utcnow()
    if await is_member(db, invitation.organization_id, user.id):
        raise Conflict("You are already a member of this organization", field="token")
    membership = Membership(
        organization_id=invitation.organization_id, user_id=user.id, role=invitation.role
    )
    db.add(membership)
    await db.flush()
    return membership


async def accept_as_new_user(
    db: AsyncSession, invitation: Invitation, *, password: str, name: str | None
) -> tuple[User, Membership]:
    """The invited email has no account yet: the token holder creates it by choosing a password."""
    existing = (await db.execute(select(User.id).where(User.email == invitation.email))).first()
    if existing is not None:
        raise Conflict("Sign in as the invited user to accept this invitation", field="token")
    user = await create_user(db, email=invitation.email, password=password, name=name)
    return user, await accept(db, invitation, user)

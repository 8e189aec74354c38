"""``/api/auth/*`` and ``/api/organizations/*``: JWT-authenticated account management."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from inboxhub.auth import invitations, service
from inboxhub.auth.dependencies import CurrentUser, FailedAttempts, RuntimeDep
from inboxhub.auth.models import ApiKey, Membership, Organization, User
from inboxhub.auth.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyCreatedData,
    ApiKeyData,
    ApiKeyList,
    ApiKeyRead,
    InvitationData,
    LoggedOut,
    LoginRequest,
    LoginResult,
    LogoutRequest,
    MemberAdd,
    MemberData,
    MemberList,
    MemberRead,
    MemberRemoved,
    MemberUpdate,
    OrganizationCreate,
    OrganizationData,
    OrganizationDeleted,
    OrganizationList,
    OrganizationRead,
    OrganizationUpdate,
    RefreshRequest,
    TokenPair,
    UserData,
)
from inboxhub.db import DbSession, RowId
from inboxhub.envelope import answers, ok
from inboxhub.errors import Conflict, Forbidden, InvalidCredentials, InvalidToken
from inboxhub.routing import FeatureRouter

auth_router = FeatureRouter(prefix="/api/auth", tags=["auth"])
organizations_router = FeatureRouter(prefix="/api/organizations", tags=["organizations"])


def _tokens(access: str, refresh: str) -> dict[str, Any]:
    return TokenPair(access_token=access, refresh_token=refresh).model_dump(by_alias=True)


def _org(org: Organization, role: str | None = None) -> dict[str, Any]:
    data = OrganizationRead.model_validate(org, from_attributes=True).model_dump(
        mode="json", by_alias=True
    )
    if role:
        data["role"] = role
    return data


def _key(api_key: ApiKey) -> dict[str, Any]:
    return ApiKeyRead(
        id=api_key.id,
        name=api_key.name,
        prefix=api_key.prefix,
        organization_id=api_key.organization_id,
        created_at=api_key.created_at,
        last_used_at=api_key.last_used_at,
        revoked_at=api_key.revoked_at,
        is_active=api_key.revoked_at is None,
    ).model_dump(mode="json", by_alias=True)


async def _user(db: DbSession, user: User) -> dict[str, Any]:
    orgs = await service.organizations_of(db, user)
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "isSuperadmin": user.is_superadmin,
        "organizations": [_org(o, r) for o, r in orgs],
    }


@auth_router.post("/login", responses=answers(LoginResult))
async def login(
    request: Request, body: LoginRequest, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    async with FailedAttempts(request, runtime, body.identifier) as attempt:
        try:
            user, access, refresh = await service.login(
                db, runtime.issuer, identifier=body.identifier, password=body.password
            )
        except InvalidCredentials:
            await attempt.failed()
            raise
    data = _tokens(access, refresh)
    data["user"] = await _user(db, user)
    return ok(data)


@auth_router.post("/refresh", responses=answers(TokenPair))
async def refresh_token(
    request: Request, body: RefreshRequest, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    async with FailedAttempts(request, runtime, None) as attempt:
        try:
            access, refresh = await service.refresh(db, runtime.issuer, body.refresh_token)
        except InvalidToken:
            await attempt.failed()
            raise
    return ok(_tokens(access, refresh))


@auth_router.post("/logout", responses=answers(LoggedOut))
async def logout(
    request: Request,
    user: CurrentUser,
    db: DbSession,
    runtime: RuntimeDep,
    body: LogoutRequest | None = None,
) -> dict[str, Any]:
    await service.end_login(db, runtime.issuer, request.state.token_claims)
    if body and body.refresh_token:
        claims = runtime.issuer.decode(body.refresh_token, "refresh")
        if claims["sub"] == str(user.id):
            await service.revoke_token(db, claims)
    return ok({"loggedOut": True}, "Sesión cerrada")


@auth_router.get("/me", responses=answers(UserData))
async def me(user: CurrentUser, db: DbSession) -> dict[str, Any]:
    return ok({"user": await _user(db, user)})


# ---- organizations ----------------------------------------------------------------------------


@organizations_router.get("", responses=answers(OrganizationList))
async def list_organizations(user: CurrentUser, db: DbSession) -> dict[str, Any]:
    orgs = await service.organizations_of(db, user)
    return ok({"organizations": [_org(o, r) for o, r in orgs], "total": len(orgs)})


@organizations_router.post("", status_code=201, responses=answers(OrganizationData, 201))
async def create_organization(
    body: OrganizationCreate, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    org = await service.create_organization(db, name=body.name, slug=body.slug)
    if not user.is_superadmin:
        await service.add_member(
            db, organization_id=org.id, email=user.email, role="owner", name=None, password=None
        )
    return ok({"organization": _org(org, "owner")}, "Organización creada")


@organizations_router.get("/{organization_id}", responses=answers(OrganizationData))
async def get_organization(
    organization_id: RowId, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    role = await service.role_in(db, user, organization_id)
    org = await service.get_organization(db, organization_id)
    return ok({"organization": _org(org, role)})


@organizations_router.put("/{organization_id}", responses=answers(OrganizationData))
async def update_organization(
    organization_id: RowId, body: OrganizationUpdate, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    await service.require_admin(db, user, organization_id)
    org = await service.get_organization(db, organization_id)
    if body.name is not None:
        org.name = body.name
    return ok({"organization": _org(org)}, "Organización actualizada")


@organizations_router.delete("/{organization_id}", responses=answers(OrganizationDeleted))
async def delete_organization(
    organization_id: RowId, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    if await service.role_in(db, user, organization_id) != "owner":
        raise Forbidden("Only an owner may delete the organization")
    org = await service.get_organization(db, organization_id)
    if org.is_operator:
        raise Conflict(
            "The operator's organization holds the instance's CRM, bot and Frappe settings "
            "and cannot be deleted",
            field="organizationId",
        )
    await db.delete(org)
    return ok({"id": organization_id, "deleted": True}, "Organización eliminada")


@organizations_router.get("/{organization_id}/members", responses=answers(MemberList))
async def list_members(organization_id: RowId, user: CurrentUser, db: DbSession) -> dict[str, Any]:
    await service.role_in(db, user, organization_id)
    members = await service.list_members(db, organization_id)
    return ok(
        {"members": [_member(u, m.role, m.created_at) for u, m in members], "total": len(members)}
    )


def _member(user: User, role: str, created_at: Any) -> dict[str, Any]:
    return MemberRead(
        user_id=user.id, email=user.email, name=user.name, role=role, created_at=created_at
    ).model_dump(mode="json", by_alias=True)


@organizations_router.post(
    "/{organization_id}/members", status_code=201, responses=answers(InvitationData, 201)
)
async def add_member(
    organization_id: RowId, body: MemberAdd, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    """Invite an email: the same answer whether or not it has an account, and nobody joins an
    organization without accepting (``POST /api/auth/invitations/accept``)."""
    await service.require_admin(db, user, organization_id)
    role = await service.role_in(db, user, organization_id)
    invitation, token = await invitations.invite(
        db,
        organization_id=organization_id,
        email=body.email,
        role=body.role,
        inviter=user,
        inviter_role=role,
    )
    return ok(
        {"invitation": {**invitations.view(invitation), "token": token}},
        "Invitación creada: el usuario debe aceptarla",
    )


async def _require_owner_for(db: DbSession, user: User, organization_id: int, *roles: str) -> None:
    if "owner" in roles and await service.role_in(db, user, organization_id) != "owner":
        raise Forbidden("Only an owner may grant or remove ownership", field="role")


async def _keep_an_owner(db: DbSession, organization_id: int, membership: Membership) -> None:
    if membership.role != "owner":
        return
    owners = [m for _, m in await service.list_members(db, organization_id) if m.role == "owner"]
    if len(owners) == 1:
        raise Conflict("An organization keeps at least one owner", field="userId")


@organizations_router.put("/{organization_id}/members/{user_id}", responses=answers(MemberData))
async def update_member(
    organization_id: RowId, user_id: RowId, body: MemberUpdate, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    await service.require_admin(db, user, organization_id)
    membership = await service.get_membership(db, organization_id, user_id)
    await _require_owner_for(db, user, organization_id, membership.role, body.role)
    if body.role != "owner":
        await _keep_an_owner(db, organization_id, membership)
    if body.role != membership.role:
        # Keys carry the rights of the role that made them: a new role needs new keys.
        await service.revoke_keys_of(
            db, organization_id, user_id, console_only=body.role != "member"
        )
    membership.role = body.role
    member = await db.get(User, user_id)
    assert member is not None
    return ok({"member": _member(member, membership.role, membership.created_at)})


@organizations_router.delete(
    "/{organization_id}/members/{user_id}", responses=answers(MemberRemoved)
)
async def remove_member(
    organization_id: RowId, user_id: RowId, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    await service.require_admin(db, user, organization_id)
    membership = await service.get_membership(db, organization_id, user_id)
    await _require_owner_for(db, user, organization_id, membership.role)
    await _keep_an_owner(db, organization_id, membership)
    await db.delete(membership)
    # A former member's keys (console keys, and any key they made as an admin) end with them.
    await service.revoke_keys_of(db, organization_id, user_id, console_only=False)
    return ok({"userId": user_id, "removed": True})


@organizations_router.get("/{organization_id}/api-keys", responses=answers(ApiKeyList))
async def list_api_keys(organization_id: RowId, user: CurrentUser, db: DbSession) -> dict[str, Any]:
    await service.require_admin(db, user, organization_id)
    keys = await service.list_api_keys(db, organization_id)
    return ok({"apiKeys": [_key(k) for k in keys], "total": len(keys)})


@organizations_router.post(
    "/{organization_id}/api-keys", status_code=201, responses=answers(ApiKeyCreatedData, 201)
)
async def create_api_key(
    organization_id: RowId, body: ApiKeyCreate, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    await service.require_admin(db, user, organization_id)
    api_key, raw = await service.create_api_key(
        db, organization_id=organization_id, name=body.name, user_id=user.id
    )
    data = ApiKeyCreated(key=raw, **_key(api_key)).model_dump(mode="json", by_alias=True)
    return ok({"apiKey": data}, "API key creada: guárdala ahora, no se volverá a mostrar")


@organizations_router.delete("/{organization_id}/api-keys/{key_id}", responses=answers(ApiKeyData))
async def revoke_api_key(
    organization_id: RowId, key_id: RowId, user: CurrentUser, db: DbSession
) -> dict[str, Any]:
    await service.require_admin(db, user, organization_id)
    api_key = await service.revoke_api_key(db, organization_id=organization_id, key_id=key_id)
    return ok({"apiKey": _key(api_key)}, "API key revocada")

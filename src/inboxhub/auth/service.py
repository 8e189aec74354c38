"""Organizations, users, API keys and JWTs."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.auth.models import ApiKey, Membership, Organization, RevokedToken, User
from inboxhub.config import API_KEY_MIN_LENGTH
from inboxhub.db import utcnow
from inboxhub.errors import Conflict, Forbidden, InvalidCredentials, InvalidToken, NotFound

API_KEY_PREFIX = "ihk_"
_hasher = PasswordHasher()
# A real hash to verify against when the user does not exist, so timing does not reveal emails.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def key_prefix(raw: str) -> str:
    """What listings show of a key: enough to recognize it, a small part of the secret."""
    return raw[: min(12, len(raw) // 3)]


def hash_api_key(key: str) -> str:
    # Keys carry 256 random bits, so a fast hash is enough; argon2 would cost every request.
    return hashlib.sha256(key.encode()).hexdigest()


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]
    return slug or "org"


# ---- organizations ----------------------------------------------------------------------------


async def create_organization(
    db: AsyncSession, *, name: str, slug: str | None = None
) -> Organization:
    base = slug or slugify(name)
    candidate = base
    while (await db.execute(select(Organization.id).where(Organization.slug == candidate))).first():
        if slug:
            raise Conflict(f"Organization slug '{slug}' is taken", field="slug")
        candidate = f"{base}-{secrets.token_hex(3)}"
    org = Organization(name=name, slug=candidate, settings={})
    db.add(org)
    await db.flush()
    return org


async def operator_organization_id(db: AsyncSession) -> int | None:
    """The operator's organization: the environment's CRM, bot and Frappe settings are its own."""
    found: int | None = (
        await db.execute(select(Organization.id).where(Organization.is_operator.is_(True)).limit(1))
    ).scalar_one_or_none()
    return found


async def is_operator(db: AsyncSession, organization_id: int) -> bool:
    return organization_id == await operator_organization_id(db)


async def get_organization(db: AsyncSession, organization_id: int) -> Organization:
    org = await db.get(Organization, organization_id)
    if org is None:
        raise NotFound("Organization not found", field="organizationId")
    return org


async def organizations_of(db: AsyncSession, user: User) -> list[tuple[Organization, str]]:
    if user.is_superadmin:
        orgs = (await db.execute(select(Organization).order_by(Organization.id))).scalars().all()
        roles = dict(
            (
                await db.execute(
                    select(Membership.organization_id, Membership.role).where(
                        Membership.user_id == user.id
                    )
                )
            ).all()
        )
        return [(o, roles.get(o.id, "owner")) for o in orgs]
    rows = await db.execute(
        select(Organization, Membership.role)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id)
        .order_by(Organization.id)
    )
    return [(org, role) for org, role in rows.all()]


async def role_in(db: AsyncSession, user: User, organization_id: int) -> str:
    """The user's role in the organization; 404 when not a member, so others' ids stay hidden."""
    await get_organization(db, organization_id)
    if user.is_superadmin:
        return "owner"
    role = (
        await db.execute(
            select(Membership.role).where(
                Membership.organization_id == organization_id, Membership.user_id == user.id
            )
        )
    ).scalar_one_or_none()
    if role is None:
        raise NotFound("Organization not found", field="organizationId")
    return role


async def require_admin(db: AsyncSession, user: User, organization_id: int) -> None:
    if await role_in(db, user, organization_id) not in ("owner", "admin"):
        raise Forbidden("Only owners and admins of the organization may do this")


# ---- users and members ------------------------------------------------------------------------


async def create_user(
    db: AsyncSession,
    *,
    email: str,
    password: str,
    name: str | None = None,
    is_superadmin: bool = False,
) -> User:
    email = email.strip().lower()
    if (await db.execute(select(User.id).where(User.email == email))).first():
        raise Conflict(f"A user with email {email} already exists", field="email")
    user = User(
        email=email, name=name, password_hash=hash_password(password), is_superadmin=is_superadmin
    )
    db.add(user)
    await db.flush()
    return user


async def add_member(
    db: AsyncSession,
    *,
    organization_id: int,
    email: str,
    role: str,
    name: str | None,
    password: str | None,
) -> tuple[User, Membership]:
    user = (
        await db.execute(select(User).where(User.email == email.strip().lower()))
    ).scalar_one_or_none()
    if user is None:
        if not password:
            raise NotFound(
                "No user with that email; give a password to create one", field="password"
            )
        user = await create_user(db, email=email, password=password, name=name)
    existing = (
        await db.execute(
            select(Membership).where(
                Membership.organization_id == organization_id, Membership.user_id == user.id
            )
        )
    ).scalar_one_or_none()
    if existing is not None:
        raise Conflict("The user is already a member of this organization", field="email")
    membership = Membership(organization_id=organization_id, user_id=user.id, role=role)
    db.add(membership)
    await db.flush()
    return user, membership


async def list_members(db: AsyncSession, organization_id: int) -> list[tuple[User, Membership]]:
    rows = await db.execute(
        select(User, Membership)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == organization_id)
        .order_by(User.id)
    )
    return [(u, m) for u, m in rows.all()]


async def get_membership(db: AsyncSession, organization_id: int, user_id: int) -> Membership:
    membership = (
        await db.execute(
            select(Membership).where(
                Membership.organization_id == organization_id, Membership.user_id == user_id
            )
        )
    ).scalar_one_or_none()
    if membership is None:
        raise NotFound("Member not found", field="userId")
    return membership


async def is_member(db: AsyncSession, organization_id: int, user_id: int) -> bool:
    row = await db.execute(
        select(Membership.id).where(
            Membership.organization_id == organization_id, Membership.user_id == user_id
        )
    )
    return row.first() is not None


# ---- API keys ---------------------------------------------------------------------------------


async def create_api_key(
    db: AsyncSession,
    *,
    organization_id: int,
    name: str,
    key: str | None = None,
    user_id: int | None = None,
    expires_at: datetime | None = None,
    role: str | None = None,
) -> tuple[ApiKey, str]:
    raw = key or generate_api_key()
    if len(raw) < API_KEY_MIN_LENGTH:
        raise ValueError(f"an API key has at least {API_KEY_MIN_LENGTH} characters")
    api_key = ApiKey(
        organization_id=organization_id,
        name=name,
        prefix=key_prefix(raw),
        key_hash=hash_api_key(raw),
        created_by_user_id=user_id,
        expires_at=expires_at,
        role=role,
    )
    db.add(api_key)
    await db.flush()
    return api_key, raw


async def authenticate_api_key(db: AsyncSession, raw: str) -> ApiKey | None:
    digest = hash_api_key(raw)
    api_key = (
        await db.execute(select(ApiKey).where(ApiKey.key_hash == digest))
    ).scalar_one_or_none()
    if api_key is None or api_key.revoked_at is not None:
        return None
    if not hmac.compare_digest(api_key.key_hash, digest):
        return None
    if api_key.expires_at is not None and api_key.expires_at <= utcnow():
        return None
    return api_key


async def api_key_alive(db: AsyncSession, key_id: int) -> bool:
    """Neither revoked nor expired (a long-lived stream asks again and again)."""
    row = (
        await db.execute(select(ApiKey.revoked_at, ApiKey.expires_at).where(ApiKey.id == key_id))
    ).first()
    if row is None or row.revoked_at is not None:
        return False
    return row.expires_at is None or row.expires_at > utcnow()


async def list_api_keys(db: AsyncSession, organization_id: int) -> list[ApiKey]:
    rows = await db.execute(
        select(ApiKey).where(ApiKey.organization_id == organization_id).order_by(ApiKey.id)
    )
    return list(rows.scalars().all())


async def revoke_keys_of(
    db: AsyncSession, organization_id: int, user_id: int, *, console_only: bool
) -> None:
    """Revoke the keys a user made in an organization (only their console keys if asked)."""
    stmt = update(ApiKey).where(
        ApiKey.organization_id == organization_id,
        ApiKey.created_by_user_id == user_id,
        ApiKey.revoked_at.is_(None),
    )
    if console_only:
        stmt = stmt.where(ApiKey.role.is_not(None))
    await db.execute(stmt.values(revoked_at=utcnow()))


async def revoke_api_key(db: AsyncSession, *, organization_id: int, key_id: int) -> ApiKey:
    api_key = (
        await db.execute(
            select(ApiKey).where(ApiKey.id == key_id, ApiKey.organization_id == organization_id)
        )
    ).scalar_one_or_none()
    if api_key is None:
        raise NotFound("API key not found", field="keyId")
    if api_key.revoked_at is None:
        api_key.revoked_at = utcnow()
    return api_key


# ---- JWT --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenIssuer:
    secret: str
    access_ttl: timedelta
    refresh_ttl: timedelta
    algorithm: str = "HS256"

    def issue(self, user: User, kind: str, login_id: str) -> str:
        now = datetime.now(UTC)
        ttl = self.access_ttl if kind == "access" else self.refresh_ttl
        claims: dict[str, Any] = {
            "sub": str(user.id),
            "email": user.email,
            "typ": kind,
            "jti": uuid.uuid4().hex,
            # The login every token of a sign-in (and its refreshes) belongs to: logout ends it.
            "sid": login_id,
            "iat": now,
            "exp": now + ttl,
        }
        return jwt.encode(claims, self.secret, algorithm=self.algorithm)

    def decode(self, token: str, kind: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self.secret,
                algorithms=[self.algorithm],
                options={"require": ["exp", "sub", "jti"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("Token expired") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken("Invalid token") from exc
        if claims.get("typ") != kind:
            raise InvalidToken(f"Expected a {kind} token")
        return claims


async def login(
    db: AsyncSession, issuer: TokenIssuer, *, identifier: str, password: str
) -> tuple[User, str, str]:
    user = (
        await db.execute(select(User).where(User.email == identifier.strip().lower()))
    ).scalar_one_or_none()
    if user is None:
        verify_password(_DUMMY_HASH, password)
        raise InvalidCredentials("Invalid email or password")
    if not verify_password(user.password_hash, password) or not user.is_active:
        raise InvalidCredentials("Invalid email or password")
    user.last_login_at = utcnow()
    login_id = uuid.uuid4().hex
    return user, issuer.issue(user, "access", login_id), issuer.issue(user, "refresh", login_id)


def _revocation_ids(claims: dict[str, Any]) -> list[str]:
    ids = [str(claims["jti"])]
    if claims.get("sid"):
        ids.append(f"sid:{claims['sid']}")
    return ids


async def is_revoked(db: AsyncSession, claims: dict[str, Any]) -> bool:
    """The token itself was revoked (refresh rotation), or the login it belongs to ended."""
    found = await db.execute(
        select(RevokedToken.jti).where(RevokedToken.jti.in_(_revocation_ids(claims)))
    )
    return found.first() is not None


async def _revoke(db: AsyncSession, key: str, expires_at: datetime) -> None:
    if (await db.execute(select(RevokedToken.jti).where(RevokedToken.jti == key))).first():
        return
    db.add(RevokedToken(jti=key, expires_at=expires_at))
    # Forget revocations of tokens that have expired anyway.
    await db.execute(delete(RevokedToken).where(RevokedToken.expires_at < utcnow()))


async def revoke_token(db: AsyncSession, claims: dict[str, Any]) -> None:
    await _revoke(db, str(claims["jti"]), datetime.fromtimestamp(int(claims["exp"]), UTC))


async def end_login(db: AsyncSession, issuer: TokenIssuer, claims: dict[str, Any]) -> None:
    """Logout: the access token and every refresh token of its login, sent or not."""
    await revoke_token(db, claims)
    if claims.get("sid"):
        # A refresh token of this login lives at most refresh_ttl from now.
        await _revoke(db, f"sid:{claims['sid']}", utcnow() + issuer.refresh_ttl)


async def user_from_claims(db: AsyncSession, claims: dict[str, Any]) -> User:
    if await is_revoked(db, claims):
        raise InvalidToken("Token revoked")
    user = await db.get(User, int(claims["sub"]))
    if user is None or not user.is_active:
        raise InvalidToken("User no longer exists")
    return user


async def refresh(db: AsyncSession, issuer: TokenIssuer, refresh_token: str) -> tuple[str, str]:
    claims = issuer.decode(refresh_token, "refresh")
    user = await user_from_claims(db, claims)
    # Rotation: a refresh token works once; its successors stay in the same login.
    await revoke_token(db, claims)
    login_id = str(claims.get("sid") or uuid.uuid4().hex)
    return issuer.issue(user, "access", login_id), issuer.issue(user, "refresh", login_id)

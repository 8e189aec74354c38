"""First start: the operator's organization, an admin user and an API key, from settings or generated."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.auth import service
from inboxhub.auth.models import ApiKey, Organization, User
from inboxhub.config import Settings


def jwt_secret(settings: Settings) -> str:
    """The configured secret, or one generated once and kept in the data directory."""
    if settings.jwt_secret:
        return settings.jwt_secret
    path = Path(settings.data_dir) / "jwt_secret"
    if path.is_file():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret)
    path.chmod(0o600)
    return secret


async def bootstrap(db: AsyncSession, settings: Settings) -> list[str]:
    """Create what a fresh install needs; returns the lines to print once (generated secrets)."""
    lines: list[str] = []
    org = (
        await db.execute(select(Organization).where(Organization.is_operator.is_(True)).limit(1))
    ).scalar_one_or_none()
    if org is None:
        # A fresh install; or one whose operator flag was never set: its first organization.
        org = (
            await db.execute(select(Organization).order_by(Organization.id).limit(1))
        ).scalar_one_or_none()
        if org is None:
            org = await service.create_organization(db, name="Default", slug="default")
        org.is_operator = True

    if settings.api_key:
        # A configured key is (re)registered, so changing INBOXHUB_API_KEY takes effect on restart.
        if await service.authenticate_api_key(db, settings.api_key) is None:
            await service.create_api_key(
                db,
                organization_id=org.id,
                name="bootstrap (INBOXHUB_API_KEY)",
                key=settings.api_key,
            )
    elif (await db.execute(select(ApiKey.id).limit(1))).first() is None:
        _, raw = await service.create_api_key(db, organization_id=org.id, name="bootstrap")
        lines.append(f"API key (X-API-Key): {raw}")

    if (await db.execute(select(User.id).limit(1))).first() is None:
        email = settings.admin_email or "admin@inboxhub.local"
        password = settings.admin_password or secrets.token_urlsafe(12)
        user = await service.create_user(
            db, email=email, password=password, name="Administrator", is_superadmin=True
        )
        await service.add_member(
            db, organization_id=org.id, email=user.email, role="owner", name=None, password=None
        )
        if not settings.admin_password:
            lines.append(f"Admin login: {email} / {password}")
        elif not settings.admin_email:
            lines.append(f"Admin login: {email}")
    if lines:
        lines.insert(0, f"Organization: {org.name} (id {org.id})")
    return lines


def announce(lines: list[str]) -> None:
    """Print generated credentials once, straight to the terminal, never through the logs."""
    if not lines:
        return
    bar = "=" * 72
    title = "Inbox Hub first start: save these, they are not shown again"
    sys.stderr.write("\n".join([bar, title, *lines, bar]) + "\n")
    sys.stderr.flush()

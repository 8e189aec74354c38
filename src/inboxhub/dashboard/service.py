"""Console keys: the API key a signed-in user's browser uses on the WhatsApp routes.

Those routes accept only ``X-API-Key``, so a user who signs in with email and password gets a key
of their own for the console. It lives as long as the access token that minted it (checked on
every request): sign-out revokes it, and so does the end of the user's membership.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.auth import service as auth
from inboxhub.auth.models import ApiKey, Organization, User
from inboxhub.auth.service import is_operator as operator_check
from inboxhub.config import Settings
from inboxhub.db import utcnow
from inboxhub.errors import NotFound

CONSOLE_KEY_NAME = "console"


async def organization_for(
    db: AsyncSession, user: User, organization_id: int | None
) -> tuple[Organization, str]:
    """The organization the console will work in, with the user's role (404 if not theirs)."""
    if organization_id is not None:
        role = await auth.role_in(db, user, organization_id)
        return await auth.get_organization(db, organization_id), role
    orgs = await auth.organizations_of(db, user)
    if not orgs:
        raise NotFound("The user belongs to no organization", field="organizationId")
    return orgs[0]


async def revoke_expired(db: AsyncSession, *, ttl: timedelta) -> None:
    await db.execute(
        update(ApiKey)
        .where(
            ApiKey.name == CONSOLE_KEY_NAME,
            ApiKey.revoked_at.is_(None),
            ApiKey.created_at < utcnow() - ttl,
        )
        .values(revoked_at=utcnow())
    )


async def issue(
    db: AsyncSession, *, user: User, organization: Organization, role: str, ttl: timedelta
) -> tuple[ApiKey, str, datetime]:
    """A key with the member's role (a plain member's may not change the configuration) that
    stops working at its ``expiresAt``, and when the membership ends."""
    await revoke_expired(db, ttl=ttl)
    expires_at = utcnow() + ttl
    api_key, raw = await auth.create_api_key(
        db,
        organization_id=organization.id,
        name=CONSOLE_KEY_NAME,
        user_id=user.id,
        expires_at=expires_at,
        role=role,
    )
    return api_key, raw, expires_at


async def revoke(db: AsyncSession, *, user: User, key_id: int) -> ApiKey:
    """Revoke one of the user's own console keys; any other key is not found."""
    api_key = (
        await db.execute(
            select(ApiKey).where(
                ApiKey.id == key_id,
                ApiKey.name == CONSOLE_KEY_NAME,
                ApiKey.created_by_user_id == user.id,
            )
        )
    ).scalar_one_or_none()
    if api_key is None:
        raise NotFound("Console key not found", field="keyId")
    if api_key.revoked_at is None:
        api_key.revoked_at = utcnow()
    return api_key


async def is_operator(db: AsyncSession, organization_id: int) -> bool:
    """The operator's organization: the one that runs the gateway (and its nodes)."""
    return await operator_check(db, organization_id)


# ---- what this gateway offers -----------------------------------------------------------------

# What each real engine needs beside this package, and how an operator turns it on.
_ENGINE_NEEDS = {
    "sandbox": (None, "Built in: an in-process WhatsApp network for trying the gateway."),
    "web": ("neonize", "WhatsApp Web (multi-device) with a real phone, like Baileys."),
    "cloud": (None, "Meta's official WhatsApp Cloud API: an access token and a phone number id."),
}


def engine_catalog(settings: Settings) -> list[dict[str, Any]]:
    """Every engine with whether it is installed and offered here, and what would enable it."""
    offered = {settings.engine, *settings.enabled_engines}
    catalog = []
    for name, (module, summary) in _ENGINE_NEEDS.items():
        installed = module is None or importlib.util.find_spec(module) is not None
        enabled = name in offered
        hint = None
        if not installed:
            hint = "Install it with pip install 'inboxhub[web]' (and libmagic), then enable it."
        if not enabled:
            wanted = json.dumps(sorted(offered | {name}), separators=(",", ":"))
            enable = f"Set INBOXHUB_ENABLED_ENGINES='{wanted}' and restart the gateway."
            hint = f"{hint} {enable}" if hint else enable
        elif not installed:
            hint = f"Enabled but not installed: {hint}"
        catalog.append(
            {
                "name": name,
                "summary": summary,
                "installed": installed,
                "enabled": enabled,
                "usable": installed and enabled,
                "default": name == settings.engine,
                "hint": hint,
            }
        )
    return catalog

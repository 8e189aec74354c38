"""``/dashboard``: the web console, and the endpoints it needs beside the public API.

The pages are static files (HTML, CSS, ES modules) that hold no data: everything they show comes
from the JSON API with the signed-in user's API key.
"""

from __future__ import annotations

import mimetypes
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from inboxhub import __version__
from inboxhub.auth.dependencies import ApiKeyAuth, CurrentUser, RuntimeDep
from inboxhub.auth.service import get_organization
from inboxhub.dashboard import service
from inboxhub.dashboard.schemas import (
    ConsoleInfo,
    ConsoleKeyCreated,
    ConsoleKeyRequest,
    ConsoleKeyRevoked,
)
from inboxhub.db import DbSession, RowId
from inboxhub.envelope import answers, ok
from inboxhub.errors import NotFound
from inboxhub.routing import FeatureRouter

STATIC_DIR = Path(__file__).parent / "static"

# Pages and scripts come only from this origin; QR codes are data URLs, media are blob URLs.
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; manifest-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}

router = FeatureRouter(tags=["dashboard"])


@cache
def _index() -> str:
    # The version in the asset URLs makes browsers fetch new scripts after an upgrade.
    return (STATIC_DIR / "index.html").read_text().replace("__VERSION__", __version__)


# Plain functions: FastAPI runs them in its thread pool, away from the event loop's file reads.
@router.get("/dashboard", include_in_schema=False)
def console_page() -> HTMLResponse:
    return HTMLResponse(_index(), headers={**_HEADERS, "Cache-Control": "no-cache"})


@router.get("/dashboard/", include_in_schema=False)
async def console_slash() -> RedirectResponse:
    return RedirectResponse("/dashboard")


@router.get("/dashboard/static/{path:path}", include_in_schema=False)
def console_asset(path: str) -> Response:
    root = STATIC_DIR.resolve()
    file = (root / path).resolve()
    if not file.is_relative_to(root) or not file.is_file():
        raise NotFound("No such file")
    media_type = _TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
    return FileResponse(
        file,
        media_type=media_type or "application/octet-stream",
        headers={**_HEADERS, "Cache-Control": "no-cache"},
    )


@router.post("/api/auth/console-key", status_code=201, responses=answers(ConsoleKeyCreated, 201))
async def create_console_key(
    user: CurrentUser,
    db: DbSession,
    runtime: RuntimeDep,
    body: ConsoleKeyRequest | None = None,
) -> dict[str, Any]:
    """An API key for the console of a user signed in with email and password."""
    organization, role = await service.organization_for(
        db, user, body.organization_id if body else None
    )
    ttl = timedelta(seconds=runtime.settings.jwt_access_ttl_seconds)
    api_key, raw, expires_at = await service.issue(
        db, user=user, organization=organization, role=role, ttl=ttl
    )
    return ok(
        {
            "apiKey": {
                "id": api_key.id,
                "key": raw,
                "prefix": api_key.prefix,
                "expiresAt": expires_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
            },
            "organization": {
                "id": organization.id,
                "name": organization.name,
                "slug": organization.slug,
                "role": role,
            },
        },
        "Console key created",
    )


@router.delete("/api/auth/console-key/{key_id}", responses=answers(ConsoleKeyRevoked))
async def revoke_console_key(key_id: RowId, user: CurrentUser, db: DbSession) -> dict[str, Any]:
    api_key = await service.revoke(db, user=user, key_id=key_id)
    return ok({"id": api_key.id, "revoked": True}, "Console key revoked")


@router.get("/api/dashboard/info", responses=answers(ConsoleInfo))
async def console_info(principal: ApiKeyAuth, runtime: RuntimeDep, db: DbSession) -> dict[str, Any]:
    """What this gateway offers, so the console shows only what works here."""
    settings = runtime.settings
    engines = list(dict.fromkeys((settings.engine, *settings.enabled_engines)))
    sandbox = "sandbox" in engines
    organization = await get_organization(db, principal.organization_id)
    operator = await service.is_operator(db, principal.organization_id)
    clustered = runtime.cluster.enabled
    return ok(
        {
            "version": __version__,
            "organizationId": principal.organization_id,
            "organization": {
                "id": organization.id,
                "name": organization.name,
                "slug": organization.slug,
            },
            "engines": engines,
            "engineCatalog": service.engine_catalog(settings),
            "defaultEngine": settings.engine,
            "sandbox": sandbox,
            "cluster": {"mode": "cluster" if clustered else "single", "operator": operator},
            # Every feature's routes are mounted on every gateway; the virtual phone's only
            # where the sandbox engine is offered.
            "features": {
                "messages": True,
                "webhooks": True,
                "eventStream": True,
                "sandboxMessages": sandbox,
                "sandboxReceipts": sandbox,
                "contacts": True,
                "groups": True,
                "templates": True,
                "handover": True,
                "inspector": True,
                # Tenants never see the nodes: only the operator's organization gets the page.
                "cluster": operator,
            },
        }
    )

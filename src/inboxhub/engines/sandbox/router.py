"""``/api/sandbox``: play the phone and the outside world. Mounted only while the sandbox is enabled."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.db import DbSession
from inboxhub.engines.sandbox.client import SandboxClient
from inboxhub.engines.sandbox.network import SandboxEngine, SandboxNetwork
from inboxhub.engines.sandbox.schemas import LinkRequest
from inboxhub.envelope import ok
from inboxhub.errors import NotFound, ValidationFailed
from inboxhub.runtime import Runtime
from inboxhub.sessions import service as sessions
from inboxhub.sessions.dependencies import SessionById
from inboxhub.sessions.models import WhatsAppSession

router = APIRouter(prefix="/api/sandbox", tags=["sandbox"])


async def network_of(runtime: Runtime) -> SandboxNetwork:
    engine = await runtime.pool.engine("sandbox")
    assert isinstance(engine, SandboxEngine)
    return engine.network


def sandbox_client(runtime: Runtime, session: WhatsAppSession) -> SandboxClient:
    client = runtime.pool.get(session.session_id)
    if session.engine != "sandbox":
        raise ValidationFailed(
            f"Session '{session.session_id}' does not run on the sandbox engine", field="sessionId"
        )
    if not isinstance(client, SandboxClient):
        raise NotFound(
            f"Session '{session.session_id}' is not running; connect it first", field="sessionId"
        )
    return client


@router.post("/link")
async def link_session(
    body: LinkRequest, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Scan a session's QR (or type its pairing code) as the phone would."""
    network = await network_of(runtime)
    client, phone = network.resolve_login(
        qr=body.qr, code=body.code, phone_number=body.phone_number
    )
    # The QR must belong to a session of the caller's organization; others' look like bad codes.
    session = await sessions.find_session(db, principal, client.session_id)
    async with runtime.pool.lock(client.session_id):
        await client.link(phone, body.push_name)
    return ok(
        {
            "sessionId": session.session_id,
            "status": client.state,
            "phoneNumber": phone,
            "pushName": body.push_name,
        },
        "Sesión vinculada",
    )


@router.post("/sessions/{id}/drop")
async def drop_connection(session: SessionById, runtime: RuntimeDep) -> dict[str, Any]:
    """Cut the session's connection; it reconnects by itself."""
    client = sandbox_client(runtime, session)
    await client.drop_connection()
    return ok({"sessionId": session.session_id, "status": client.state})


@router.post("/sessions/{id}/logout")
async def logout_from_phone(session: SessionById, runtime: RuntimeDep) -> dict[str, Any]:
    """Unlink the session from the phone's "Linked devices" screen."""
    client = sandbox_client(runtime, session)
    await client.remote_logout()
    return ok({"sessionId": session.session_id, "status": client.state})


@router.post("/network/drop")
async def drop_every_connection(
    db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """An outage of the whole network: every connected session of the organization drops at once."""
    network = await network_of(runtime)
    rows = (
        await db.execute(
            select(WhatsAppSession.session_id).where(
                WhatsAppSession.organization_id == principal.organization_id
            )
        )
    ).scalars()
    mine = set(rows)
    dropped = [c for sid, c in list(network.clients.items()) if sid in mine and c.is_connected]
    await asyncio.gather(*(client.drop_connection() for client in dropped))
    return ok({"dropped": sorted(c.session_id for c in dropped)})

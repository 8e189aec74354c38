"""WhatsApp sessions: create, find, link, connect and report their live state."""

from __future__ import annotations

import asyncio
import base64
import functools
import io
import logging
import re
import secrets
import shutil
from pathlib import Path
from typing import Any

import segno
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.auth.principal import Principal
from inboxhub.auth.service import is_operator
from inboxhub.config import Settings
from inboxhub.db import Page, commit_now, paginate, row_id_in
from inboxhub.engines.base import Engine, EngineClient, SessionConfig
from inboxhub.engines.proxy import masked, proxy_option
from inboxhub.engines.registry import engine_class
from inboxhub.envelope import iso
from inboxhub.errors import (
    Forbidden,
    QrNotAvailable,
    SessionAlreadyExists,
    SessionMoving,
    SessionNotConnected,
    SessionNotFound,
)
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.schemas import SessionCreate, SessionUpdate
from inboxhub.ssrf import guard_webhook_url

log = logging.getLogger(__name__)

_RESTORE_CONCURRENCY = 64


# A login's QR is drawn for its ``session.qr`` event and again for the API: drawing costs
# milliseconds of CPU, which add up when many sessions log in at once.
@functools.lru_cache(maxsize=64)
def qr_data_url(text: str) -> str:
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=8, border=4)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _generated_session_id(name: str | None) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", (name or "session").lower()).strip("_")[:40] or "session"
    return f"{base}_{secrets.token_hex(4)}_{secrets.token_hex(3)}"


def config_of(session: WhatsAppSession) -> SessionConfig:
    return SessionConfig(
        session_id=session.session_id,
        phone_number=session.phone_number or session.expected_phone_number,
        options=dict(session.engine_options or {}),
    )


# ---- reading ----------------------------------------------------------------------------------


def scoped(principal: Principal) -> Select[WhatsAppSession]:
    return select(WhatsAppSession).where(
        WhatsAppSession.organization_id == principal.organization_id
    )


async def find_session(db: AsyncSession, principal: Principal, ref: str) -> WhatsAppSession:
    """A session of the caller's organization by ``sessionId``, else by numeric id; 404 otherwise.

    The name comes first: a CRM that names sessions by customer number (``"1"``) reaches the
    session it named, never the one whose numeric id happens to be 1."""
    session = (
        await db.execute(scoped(principal).where(WhatsAppSession.session_id == ref))
    ).scalar_one_or_none()
    if session is None and (session_pk := row_id_in(ref)) is not None:
        session = (
            await db.execute(scoped(principal).where(WhatsAppSession.id == session_pk))
        ).scalar_one_or_none()
    if session is None:
        raise SessionNotFound(f"Session '{ref}' not found", field="sessionId")
    return session


async def list_sessions(
    db: AsyncSession, principal: Principal, *, page: int, limit: int, status: str | None
) -> tuple[list[WhatsAppSession], Page]:
    stmt = scoped(principal).order_by(WhatsAppSession.id)
    if status:
        stmt = stmt.where(WhatsAppSession.status == status)
    return await paginate(db, stmt, page=page, limit=limit)


def live_state(runtime: Runtime, session: WhatsAppSession) -> tuple[str, EngineClient | None]:
    """The state the running client reports (the truth), else the last one recorded."""
    client = runtime.pool.get(session.session_id)
    if client is not None:
        return client.state, client
    if session.status == "connecting" and session.last_disconnect_reason == "moving":
        return "connecting", None  # handed to another node (cluster mode), which connects it
    return "disconnected", None


def between_nodes(runtime: Runtime, session: WhatsAppSession) -> bool:
    """Cluster mode: the session stays linked but this node, its owner now, does not drive it
    yet (its last node died or handed it over a moment ago). It connects here within seconds."""
    if runtime.pool.arriving(session.session_id):
        return True
    if not runtime.cluster.enabled or runtime.pool.get(session.session_id) is not None:
        return False
    if runtime.pool.left(session.session_id):
        return True  # handed over from here: the request is asked again of its next node
    if session.status not in ("connected", "connecting"):
        return False  # a session nobody runs: not connected, as on one node
    runtime.pool.expect(session.session_id)
    return True


def require_connected(runtime: Runtime, session: WhatsAppSession) -> EngineClient:
    client = runtime.pool.get(session.session_id)
    if client is None or not client.is_connected:
        if between_nodes(runtime, session):
            raise SessionMoving(
                f"Session '{session.session_id}' is moving between nodes; retry shortly",
                field="sessionId",
            )
        raise SessionNotConnected(
            f"Session '{session.session_id}' is not connected; use POST /api/sessions/{{id}}/connect first",
            field="sessionId",
        )
    return client


def masked_proxy(session: WhatsAppSession) -> str | None:
    value = (session.engine_options or {}).get("proxyUrl")
    return masked(value) if isinstance(value, str) else None


def describe(runtime: Runtime, session: WhatsAppSession, *, detail: bool = False) -> dict[str, Any]:
    status, client = live_state(runtime, session)
    phone = (client.phone_number if client else None) or session.phone_number
    data: dict[str, Any] = {
        "id": session.id,
        "sessionId": session.session_id,
        "sessionName": session.name,
        "name": session.name,
        "description": session.description,
        "engine": session.engine,
        # Shown so an operator sees which address the number uses; the password never.
        "proxyUrl": masked_proxy(session),
        "status": status,
        "phoneNumber": phone,
        "isConnected": status == "connected",
        "hasQR": bool(client and client.qr_code and status == "qr_code"),
        "lastActivity": iso((client.last_activity if client else None) or session.last_activity),
        "lastDisconnectReason": (client.last_disconnect_reason if client else None)
        or session.last_disconnect_reason,
        "webhookUrl": session.webhook_url,
        "webhookEvents": session.webhook_events or [],
        "hasWebhookSecret": bool(session.webhook_secret),
        "rejectCalls": bool(session.reject_calls),
        "rejectCallMessage": session.reject_call_message,
        "sendToFrappe": session.send_to_frappe,
        "createdAt": iso(session.created_at),
        # The node that drives it: this one while it runs here, else the owner (cluster mode).
        "node": runtime.cluster.node_id if client else session.owner_node,
    }
    if detail:
        profile = session.profile or {}
        data["profile"] = {
            "name": profile.get("name") or session.push_name or "",
            "about": profile.get("about") or "",
            "profilePictureUrl": profile.get("profilePictureUrl") or "",
            "isBusiness": bool(profile.get("isBusiness")),
        }
    return data


def status_of(runtime: Runtime, session: WhatsAppSession) -> dict[str, Any]:
    data = describe(runtime, session)
    keys = (
        "id",
        "sessionId",
        "status",
        "phoneNumber",
        "lastActivity",
        "isConnected",
        "hasQR",
        "lastDisconnectReason",
    )
    return {k: data[k] for k in keys}


def qr_of(runtime: Runtime, session: WhatsAppSession) -> dict[str, Any]:
    status, client = live_state(runtime, session)
    if client is None or status != "qr_code" or not client.qr_code:
        hint = "it is already linked" if status == "connected" else "connect it first"
        raise QrNotAvailable(
            f"No QR code for session '{session.session_id}' (status {status}): {hint}",
            field="sessionId",
            details={"status": status},
        )
    return {
        "qrCode": qr_data_url(client.qr_code),
        "qrText": client.qr_code,
        "sessionId": session.session_id,
        "expiresAt": iso(client.qr_expires_at),
        "status": status,
    }


# ---- the global Frappe webhook ----------------------------------------------------------------


async def frappe_allowed(db: AsyncSession, settings: Settings, organization_id: int) -> bool:
    """The global Frappe webhook (FRAPPE_WEBHOOK_URL, signed with its secret) is the operator's:
    other tenants' messages reach it only when the operator shares it."""
    return settings.frappe_webhook_shared or await is_operator(db, organization_id)


async def require_frappe(db: AsyncSession, settings: Settings, organization_id: int) -> None:
    if not await frappe_allowed(db, settings, organization_id):
        raise Forbidden(
            "The global Frappe webhook belongs to the gateway's operator; give the session a "
            "webhookUrl and webhookSecret of your own instead",
            field="sendToFrappe",
        )


# ---- changing ---------------------------------------------------------------------------------


async def create_session(
    db: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    body: SessionCreate,
    *,
    frappe_origin: bool,
) -> WhatsAppSession:
    session_id = body.session_id or _generated_session_id(body.session_name or body.name)
    if (
        await db.execute(select(WhatsAppSession.id).where(WhatsAppSession.session_id == session_id))
    ).first():
        raise SessionAlreadyExists(
            f"A session with sessionId '{session_id}' already exists", field="sessionId"
        )
    engine = body.engine or runtime.settings.engine
    # Refuses an engine that is not installed, or options it cannot use, before anything is stored.
    factory = engine_class(engine)
    proxy_option(body.engine_options or {})  # every engine takes one
    if isinstance(factory, type) and issubclass(factory, Engine):
        factory.check_options(body.engine_options or {})
    if body.webhook_url:
        await guard_webhook_url(body.webhook_url, runtime.settings, field="webhookUrl")
    from_frappe = body.from_frappe or frappe_origin
    send_to_frappe = body.send_to_frappe
    if send_to_frappe:
        await require_frappe(db, runtime.settings, principal.organization_id)
    elif send_to_frappe is None:
        # A session created from Frappe reports to it, where the operator allows it.
        send_to_frappe = from_frappe and await frappe_allowed(
            db, runtime.settings, principal.organization_id
        )
    session = WhatsAppSession(
        organization_id=principal.organization_id,
        session_id=session_id,
        name=body.session_name or body.name or session_id,
        description=body.description,
        engine=engine,
        engine_options=body.engine_options or {},
        expected_phone_number=body.phone_number,
        webhook_url=body.webhook_url,
        webhook_secret=body.webhook_secret,
        webhook_events=body.webhook_events or ["*"],
        from_frappe=from_frappe,
        send_to_frappe=send_to_frappe,
        status="disconnected",
        auto_connect=True,
        profile={},
        reject_calls=body.reject_calls,
        reject_call_message=body.reject_call_message,
    )
    db.add(session)
    await db.flush()
    return session


async def update_session(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, body: SessionUpdate
) -> WhatsAppSession:
    fields = body.model_fields_set
    if body.session_name or body.name:
        session.name = body.session_name or body.name or session.name
    if "description" in fields:
        session.description = body.description
    if "webhook_url" in fields:
        if body.webhook_url:
            await guard_webhook_url(body.webhook_url, runtime.settings, field="webhookUrl")
        session.webhook_url = body.webhook_url or None
    if "webhook_secret" in fields:
        session.webhook_secret = body.webhook_secret
    if "webhook_events" in fields and body.webhook_events is not None:
        session.webhook_events = body.webhook_events
    if body.reject_calls is not None:
        session.reject_calls = body.reject_calls
    if "reject_call_message" in fields:
        session.reject_call_message = body.reject_call_message or None
    if body.send_to_frappe is not None:
        if body.send_to_frappe:
            await require_frappe(db, runtime.settings, session.organization_id)
        session.send_to_frappe = body.send_to_frappe
    await db.flush()
    return session


async def start(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, *, wait_for_qr: float = 0
) -> EngineClient:
    """Connect the session's engine client (resume, or begin a QR login)."""
    session.auto_connect = True
    # The engine reports through the write queue's own transactions: the session must be committed first.
    await commit_now(db)
    await runtime.cluster.claim(session.id, session.session_id)
    client = await runtime.pool.connect(session.engine, config_of(session))
    deadline = asyncio.get_running_loop().time() + wait_for_qr
    # A short grace so the create response can carry the first QR; engines have no "ready" signal.
    while client.state == "connecting" and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.02)
    if wait_for_qr:
        # The engine's report of its new state is on its way to the database: once there, a
        # listing filtered by status finds the session as this answer describes it.
        await runtime.writes.settled(within=wait_for_qr)
    return client


async def stop(db: AsyncSession, runtime: Runtime, session: WhatsAppSession) -> None:
    session.auto_connect = False
    await commit_now(db)
    await runtime.pool.disconnect(session.session_id)


async def logout(db: AsyncSession, runtime: Runtime, session: WhatsAppSession) -> None:
    session.auto_connect = False
    await commit_now(db)
    await runtime.pool.logout(session.session_id)


async def delete_session(db: AsyncSession, runtime: Runtime, session: WhatsAppSession) -> None:
    await commit_now(db)  # the logout waits for the write queue: hold no connection meanwhile
    await runtime.pool.remove(session.session_id)
    await runtime.pool.drain()
    session_pk = session.id
    await db.delete(session)
    await db.flush()
    # Its media rows go with it (ON DELETE CASCADE); its files, kept by session, go too.
    media_dir = runtime.settings.media_dir
    await asyncio.to_thread(
        _remove_trees, media_dir / str(session_pk), media_dir / "statuses" / str(session_pk)
    )


def _remove_trees(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


async def pairing_code(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, phone_number: str
) -> str:
    # Asking for a code may start a login, which waits for the write queue: hold no connection.
    await commit_now(db)
    client = runtime.pool.get(session.session_id)
    if client is None:
        await runtime.cluster.claim(session.id, session.session_id)
        client = await runtime.pool.client(session.engine, config_of(session))
    async with runtime.pool.lock(session.session_id):
        return await client.request_pairing_code(phone_number)


async def restore(runtime: Runtime) -> int:
    """Reconnect, after a restart, every session the user left running."""
    async with runtime.database.sessionmaker() as db:
        stmt = select(WhatsAppSession).where(
            WhatsAppSession.auto_connect.is_(True), WhatsAppSession.phone_number.is_not(None)
        )
        rows = (await db.execute(stmt)).scalars().all()
    # Many at a time: each connect waits until its new state is recorded, and the write queue
    # stores waiting states in one transaction; one after the other, a thousand sessions would
    # take a thousand commits before the gateway answers. Bounded, so that engines which open a
    # socket per login are not asked for all of them at once.
    gate = asyncio.Semaphore(_RESTORE_CONCURRENCY)

    async def reconnect(session: WhatsAppSession) -> bool:
        async with gate:
            try:
                await runtime.pool.connect(session.engine, config_of(session))
                return True
            except Exception:  # one broken session must not keep the others offline
                log.exception("could not restore session %s", session.session_id)
                return False

    return sum(await asyncio.gather(*(reconnect(session) for session in rows)))

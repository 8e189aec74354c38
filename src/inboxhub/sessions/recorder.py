"""Recording what engines report about a session's connection."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import utcnow
from inboxhub.engines.events import LoggedOut, PairSuccess, ProfileUpdated, QRCode, StateChanged
from inboxhub.envelope import iso
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.outbox import publish


async def record_state(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: StateChanged
) -> None:
    previous = session.status
    session.status = event.state
    session.last_activity = utcnow()
    if event.phone_number:
        session.phone_number = event.phone_number
    if event.push_name:
        session.push_name = event.push_name
    if event.state == "connected":
        if session.connected_at is not None and previous != "connected":
            runtime.metrics.reconnects.inc()
        session.connected_at = utcnow()
    elif event.reason:
        session.last_disconnect_reason = event.reason
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="session.status",
        payload={
            "sessionId": session.session_id,
            "session_db_id": session.id,
            "status": event.state,
            "previousStatus": previous,
            "reason": event.reason,
            "phoneNumber": session.phone_number,
            "isConnected": event.state == "connected",
        },
    )


async def record_qr(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: QRCode
) -> None:
    from inboxhub.sessions.service import qr_data_url

    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="session.qr",
        payload={
            "sessionId": session.session_id,
            "session_db_id": session.id,
            "qrCode": qr_data_url(event.code),
            "qrText": event.code,
            "expiresAt": iso(event.expires_at),
        },
    )


async def record_pair_success(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: PairSuccess
) -> None:
    session.phone_number = event.phone_number
    if event.push_name:
        session.push_name = event.push_name
        session.profile = {**(session.profile or {}), "name": event.push_name}


async def record_profile(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: ProfileUpdated
) -> None:
    known = {
        "name": event.name,
        "about": event.about,
        "profilePictureUrl": event.picture_url,
        "isBusiness": event.is_business,
    }
    session.profile = {
        **(session.profile or {}),
        **{key: value for key, value in known.items() if value is not None},
    }


async def record_logged_out(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: LoggedOut
) -> None:
    session.auto_connect = False
    session.phone_number = None
    session.last_disconnect_reason = event.reason

"""``/api/sessions``: seed 01's session endpoints."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Header, Query

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.db import DbSession
from inboxhub.envelope import answers, ok
from inboxhub.routing import FeatureRouter
from inboxhub.sessions import service
from inboxhub.sessions.dependencies import SessionById
from inboxhub.sessions.schemas import (
    FrappeConfigure,
    FrappeSetting,
    FrappeStatus,
    PairingCodeRead,
    PairingCodeRequest,
    SessionCreate,
    SessionCreated,
    SessionData,
    SessionDeleted,
    SessionList,
    SessionQr,
    SessionStateChange,
    SessionStatusRead,
    SessionUpdate,
)

router = FeatureRouter(prefix="/api/sessions", tags=["sessions"])

StatusFilter = Literal["connected", "disconnected", "qr_code", "connecting"]


@router.post("", status_code=201, responses=answers(SessionCreated, 201))
async def create_session(
    body: SessionCreate,
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
    x_frappe_origin: Annotated[str | None, Header(max_length=10)] = None,
) -> dict[str, Any]:
    frappe_origin = (x_frappe_origin or "").strip().lower() in ("true", "1", "yes")
    session = await service.create_session(
        db, runtime, principal, body, frappe_origin=frappe_origin
    )
    client = await service.start(db, runtime, session, wait_for_qr=2.0)
    data = service.describe(runtime, session)
    if client.state == "qr_code" and client.qr_code:
        data.update(service.qr_of(runtime, session))
    else:
        data["qrCode"] = None
    return ok(data, "Sesión creada")


@router.get("", responses=answers(SessionList))
async def list_sessions(
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    status: StatusFilter | None = None,
) -> dict[str, Any]:
    sessions, pagination = await service.list_sessions(
        db, principal, page=page, limit=limit, status=status
    )
    return ok(
        {
            "sessions": [service.describe(runtime, s) for s in sessions],
            "total": pagination.total,
            "pagination": pagination.as_dict(),
        }
    )


@router.get("/{id}", responses=answers(SessionData))
async def get_session(session: SessionById, runtime: RuntimeDep) -> dict[str, Any]:
    return ok({"session": service.describe(runtime, session, detail=True)})


@router.put("/{id}", responses=answers(SessionData))
async def update_session(
    session: SessionById, body: SessionUpdate, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    session = await service.update_session(db, runtime, session, body)
    return ok({"session": service.describe(runtime, session, detail=True)}, "Sesión actualizada")


@router.get("/{id}/status", responses=answers(SessionStatusRead))
async def get_session_status(session: SessionById, runtime: RuntimeDep) -> dict[str, Any]:
    return ok(service.status_of(runtime, session))


@router.get("/{id}/qr", responses=answers(SessionQr))
async def get_session_qr(session: SessionById, runtime: RuntimeDep) -> dict[str, Any]:
    return ok(service.qr_of(runtime, session))


@router.post("/{id}/connect", responses=answers(SessionStateChange))
async def connect_session(
    session: SessionById, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    client = await service.start(db, runtime, session)
    return ok(
        {"sessionId": session.session_id, "status": client.state},
        "Sesión iniciada, generando QR o reconectando...",
    )


@router.post("/{id}/disconnect", responses=answers(SessionStateChange))
async def disconnect_session(
    session: SessionById, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    await service.stop(db, runtime, session)
    return ok(
        {"sessionId": session.session_id, "status": "disconnected"},
        "Sesión desconectada correctamente",
    )


@router.post("/{id}/restart", responses=answers(SessionStateChange))
async def restart_session(
    session: SessionById, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    await service.stop(db, runtime, session)
    client = await service.start(db, runtime, session)
    return ok({"sessionId": session.session_id, "status": client.state}, "Sesión reiniciada")


@router.post("/{id}/logout", responses=answers(SessionStateChange))
async def logout_session(
    session: SessionById, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    await service.logout(db, runtime, session)
    return ok(
        {"sessionId": session.session_id, "status": "disconnected"}, "Sesión cerrada en el teléfono"
    )


@router.post("/{id}/pairing-code", responses=answers(PairingCodeRead))
async def request_pairing_code(
    session: SessionById, body: PairingCodeRequest, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    code = await service.pairing_code(db, runtime, session, body.phone_number)
    return ok(
        {"sessionId": session.session_id, "pairingCode": code, "phoneNumber": body.phone_number},
        "Introduce el código en WhatsApp > Dispositivos vinculados > Vincular con número",
    )


@router.delete("/{id}", responses=answers(SessionDeleted))
async def delete_session(
    session: SessionById, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    session_id = session.session_id
    await service.delete_session(db, runtime, session)
    return ok({"sessionId": session_id, "deleted": True}, "Sesión eliminada")


@router.post("/{id}/frappe/configure", responses=answers(FrappeSetting))
async def configure_frappe(
    session: SessionById, body: FrappeConfigure, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    if body.send_to_frappe:
        await service.require_frappe(db, runtime.settings, session.organization_id)
    session.send_to_frappe = body.send_to_frappe
    message = (
        "Integración con Frappe activada para la sesión"
        if body.send_to_frappe
        else "Integración con Frappe desactivada para la sesión"
    )
    return ok({"sessionId": session.session_id, "sendToFrappe": session.send_to_frappe}, message)


@router.get("/{id}/frappe/status", responses=answers(FrappeStatus))
async def frappe_status(session: SessionById, db: DbSession, runtime: RuntimeDep) -> dict[str, Any]:
    status, _ = service.live_state(runtime, session)
    allowed = await service.frappe_allowed(db, runtime.settings, session.organization_id)
    return ok(
        {
            "sessionId": session.session_id,
            "sendToFrappe": session.send_to_frappe,
            "status": status,
            "sessionName": session.name,
            "webhookConfigured": allowed and bool(runtime.settings.frappe_webhook_url),
        }
    )

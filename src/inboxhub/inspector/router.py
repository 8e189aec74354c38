"""``/api/webhooks/inspector``: the organization's capture URL and what it received.

``POST /api/webhooks/inspector/{token}`` is the capture URL itself: it takes no API key (webhook
senders have none) and its unguessable token says which organization it belongs to. Reading the
captures takes the organization's API key; they are also announced live on
``/api/events/stream`` as ``webhook.inspected`` events.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query, Request

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.db import MAX_ROW_ID, DbSession
from inboxhub.envelope import answers, iso, ok
from inboxhub.errors import PayloadTooLarge
from inboxhub.inspector import service
from inboxhub.inspector.models import WebhookInspector
from inboxhub.inspector.schemas import (
    CaptureData,
    CaptureList,
    CaptureRecorded,
    CapturesDeleted,
    InspectorRead,
)
from inboxhub.routing import FeatureRouter
from inboxhub.runtime import Runtime

router = FeatureRouter(prefix="/api/webhooks/inspector", tags=["webhook inspector"])

Token = Annotated[str, Path(min_length=1, max_length=100)]


async def _view(db: DbSession, runtime: Runtime, inspector: WebhookInspector) -> dict[str, Any]:
    return {
        "organizationId": inspector.organization_id,
        "url": service.capture_url(runtime.settings, inspector),
        "token": inspector.token,
        "captures": await service.count_captures(db, inspector),
        "keeps": service.KEEP_CAPTURES,
        "stream": "/api/events/stream?types=webhook.inspected",
        "createdAt": iso(inspector.created_at),
    }


@router.get("", responses=answers(InspectorRead))
async def get_inspector(
    db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """The organization's capture URL (created on first use): use it as a webhook URL."""
    inspector = await service.get_or_create(db, principal.organization_id)
    return ok(await _view(db, runtime, inspector))


@router.post("/rotate", responses=answers(InspectorRead))
async def rotate_inspector(
    db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """A new capture URL; the old one stops capturing at once. Subscribers that used it must be
    pointed at the new one."""
    inspector = await service.rotate(db, principal.organization_id)
    return ok(await _view(db, runtime, inspector), "Inspector URL renewed")


@router.get("/captures", responses=answers(CaptureList))
async def list_captures(
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=service.KEEP_CAPTURES)] = 20,
    event: Annotated[str | None, Query(max_length=100, description="message.received…")] = None,
    session_id: Annotated[str | None, Query(alias="sessionId", max_length=100)] = None,
    after: Annotated[
        int | None, Query(ge=0, le=MAX_ROW_ID, description="Only captures newer than this id")
    ] = None,
    wait: Annotated[
        float,
        Query(ge=0, le=30, description="None yet? Wait up to this many seconds for the first"),
    ] = 0,
) -> dict[str, Any]:
    """What the capture URL received, newest first: headers, body and the signature check."""
    rows = await service.wait_for_captures(
        runtime,
        principal.organization_id,
        limit=limit,
        event=event,
        session_id=session_id,
        after=after,
        wait=wait,
    )
    items = [service.describe(c) for c in rows]
    return ok({"captures": items, "total": len(items)})


@router.get("/captures/{captureId}", responses=answers(CaptureData))
async def get_capture(
    capture_id: Annotated[int, Path(alias="captureId", ge=1, le=MAX_ROW_ID)],
    db: DbSession,
    principal: ApiKeyAuth,
) -> dict[str, Any]:
    capture = await service.get_capture(db, principal.organization_id, capture_id)
    return ok({"capture": service.describe(capture)})


@router.delete("/captures", responses=answers(CapturesDeleted))
async def clear_captures(db: DbSession, principal: ApiKeyAuth) -> dict[str, Any]:
    removed = await service.clear(db, principal.organization_id)
    return ok({"deleted": removed}, "Captures deleted")


async def _read_body(request: Request) -> bytes:
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > service.MAX_BODY_BYTES:
        raise PayloadTooLarge("The inspector keeps bodies up to 1 MB", field="body")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > service.MAX_BODY_BYTES:
            raise PayloadTooLarge("The inspector keeps bodies up to 1 MB", field="body")
    return bytes(body)


@router.post(
    "/{token}",
    openapi_extra={
        "security": [],
        "requestBody": {
            "content": {
                "application/json": {
                    # Whatever a sender posts is recorded, JSON of any shape included.
                    "schema": {},
                    "example": {"id": "evt_1", "event": "webhook.test", "data": {}},
                }
            },
            "description": "Any webhook delivery; it is recorded as it arrives",
        },
    },
    responses=answers(CaptureRecorded),
)
async def capture(
    token: Token, request: Request, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """The capture URL: records the request (headers, body) and checks its signature with the
    secret of the subscriber whose webhook URL this is. No API key: the token is the address."""
    inspector = await service.by_token(db, token)
    body = await _read_body(request)
    headers = {name.lower(): value for name, value in request.headers.items()}
    captured = await service.record(db, runtime.settings, inspector, headers=headers, body=body)
    return ok({"captureId": captured.id, "signature": captured.signature})

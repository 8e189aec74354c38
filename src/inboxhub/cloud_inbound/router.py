"""``/api/cloud/webhook``: the callback URL given to Meta for Cloud API sessions.

Two forms, both signed with the Meta app's secret and answered only once stored:
- ``/api/cloud/webhook/{sessionId}``: one session (the number's callback override, or one app
  per number);
- ``/api/cloud/webhook``: one URL for the whole Meta app; each change is routed by the
  ``phone_number_id`` in it to the sessions whose app secret signed the request.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.responses import PlainTextResponse, Response

from inboxhub.auth.dependencies import RuntimeDep
from inboxhub.cloud_inbound import service
from inboxhub.cloud_inbound.schemas import CloudWebhookReceipt
from inboxhub.db import DbSession
from inboxhub.envelope import answers, ok
from inboxhub.errors import PayloadTooLarge, ValidationFailed
from inboxhub.routing import FeatureRouter

router = FeatureRouter(prefix="/api/cloud/webhook", tags=["cloud"])

SessionIdPath = Annotated[str, Path(alias="sessionId", max_length=100)]
Mode = Annotated[str | None, Query(alias="hub.mode", max_length=50)]
Token = Annotated[str | None, Query(alias="hub.verify_token", max_length=500)]
Challenge = Annotated[str | None, Query(alias="hub.challenge", max_length=500)]


async def _raw_body(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"Webhook body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except ValueError:
        raise ValidationFailed("Malformed JSON body", field="body") from None
    if not isinstance(payload, dict):
        raise ValidationFailed("Expected a JSON object", field="body")
    return payload


async def _receive(
    request: Request, db: DbSession, runtime: RuntimeDep, candidates: list[service.CloudSession]
) -> dict[str, Any]:
    body = await _raw_body(request, runtime.settings.cloud_webhook_max_bytes)
    signed = service.signed_by(candidates, body, request.headers.get("x-hub-signature-256"))
    result = await service.intake(db, runtime, body=body, payload=_parse(body), signed=signed)
    return ok(
        {
            "received": result.new_events,
            "duplicates": result.duplicates,
            "ignoredChanges": result.ignored_changes,
        }
    )


# The challenge is echoed as plain text; errors stay JSON envelopes.
_CHALLENGE: dict[int | str, dict[str, Any]] = {
    200: {"description": "hub.challenge", "content": {"text/plain": {"schema": {"type": "string"}}}}
}


@router.get("/{sessionId}", response_class=Response, responses=_CHALLENGE)
async def verify_session_webhook(
    session_id: SessionIdPath,
    db: DbSession,
    mode: Mode = None,
    token: Token = None,
    challenge: Challenge = None,
) -> PlainTextResponse:
    candidate = await service.session_by_path(db, session_id)
    return PlainTextResponse(service.answer_challenge([candidate], mode, token, challenge))


@router.post("/{sessionId}", responses=answers(CloudWebhookReceipt))
async def receive_session_webhook(
    session_id: SessionIdPath, request: Request, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    candidate = await service.session_by_path(db, session_id)
    return await _receive(request, db, runtime, [candidate])


@router.get("", response_class=Response, responses=_CHALLENGE)
async def verify_app_webhook(
    db: DbSession, mode: Mode = None, token: Token = None, challenge: Challenge = None
) -> PlainTextResponse:
    candidates = await service.all_cloud_sessions(db)
    return PlainTextResponse(service.answer_challenge(candidates, mode, token, challenge))


@router.post("", responses=answers(CloudWebhookReceipt))
async def receive_app_webhook(
    request: Request, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    return await _receive(request, db, runtime, await service.all_cloud_sessions(db))

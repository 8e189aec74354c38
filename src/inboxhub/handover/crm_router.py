"""``/api/crm``: what the CRM calls (seed 04), authenticated by ``Authorization: Bearer <CRM_API_TOKEN>``.

Answers carry the seed's top-level fields (``message``, ``ticketId``, the status fields) and the
gateway's envelope (``success``, ``data``) at once, so clients written for either read them.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.responses import PlainTextResponse, Response

from inboxhub.auth.dependencies import RuntimeDep
from inboxhub.db import DbSession, utcnow
from inboxhub.envelope import answers, ok
from inboxhub.errors import Forbidden, PayloadTooLarge, ValidationFailed
from inboxhub.handover import meta, metrics, service
from inboxhub.handover import settings as handover_settings
from inboxhub.handover.crm import CrmAuth
from inboxhub.handover.schemas import (
    CrmHandover,
    CrmHandoverAnswer,
    CrmMessageAnswer,
    CrmSendMessage,
    CrmStatusAnswer,
    HandoverMetrics,
    MetaHandoverCounts,
)
from inboxhub.handover.tickets import describe, find_ticket, status_view
from inboxhub.i18n import translate
from inboxhub.routing import FeatureRouter
from inboxhub.sessions.models import WhatsAppSession

router = FeatureRouter(prefix="/api/crm", tags=["handover (CRM)"])

TicketIdPath = Annotated[str, Path(alias="ticketId", min_length=1, max_length=32)]
_META_MAX_BYTES = 1_000_000


async def _ticket_and_session(
    db: DbSession, organization_id: int, ticket_id: str
) -> tuple[Any, WhatsAppSession]:
    ticket = await find_ticket(db, organization_id, ticket_id, for_update=True)
    session = await db.get(WhatsAppSession, ticket.session_pk)
    assert session is not None  # tickets go with their session (ON DELETE CASCADE)
    return ticket, session


@router.post("/handover", responses={200: {"model": CrmHandoverAnswer}})
async def handover(
    body: CrmHandover, db: DbSession, crm: CrmAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """``bot_to_human``: the agent takes the chat. ``human_to_bot``: the bot takes it back."""
    if body.handover_type == "bot_to_human" and not body.agent_id:
        raise ValidationFailed("agentId is required for bot_to_human", field="agentId")
    ticket, session = await _ticket_and_session(db, crm.organization_id, body.ticket_id)
    if body.user_phone != ticket.user_phone:
        raise ValidationFailed(
            f"userPhone does not match ticket '{ticket.ticket_id}'", field="userPhone"
        )
    if body.handover_type == "bot_to_human":
        assert body.agent_id is not None
        action = await service.assign(
            db,
            runtime.settings,
            session,
            ticket,
            agent_id=body.agent_id,
            agent_name=body.agent_name,
            metadata=body.metadata,
        )
    else:
        reason = "unresolved" if body.metadata.get("resolved") is False else "resolved"
        await service.close(
            db, runtime.settings, session, ticket, reason=reason, metadata=body.metadata
        )
        action = "returned"
    body_out = ok({**describe(ticket, session.session_id), "action": action})
    return {
        **body_out,
        "message": translate("Handover processed successfully"),
        "ticketId": ticket.ticket_id,
    }


@router.post("/send-message", responses={200: {"model": CrmMessageAnswer}})
async def send_message(
    body: CrmSendMessage, db: DbSession, crm: CrmAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Relay a message of the ticket's assigned agent to the customer."""
    ticket, session = await _ticket_and_session(db, crm.organization_id, body.ticket_id)
    sent = await service.send_agent_message(db, runtime, session, ticket, body)
    data = {
        "ticketId": ticket.ticket_id,
        "messageId": sent.id,
        "whatsappMessageId": sent.whatsapp_message_id,
        "status": sent.status,
    }
    return {
        **ok(data),
        "message": translate("Message sent successfully"),
        "ticketId": ticket.ticket_id,
    }


@router.get("/handover-status/{ticketId}", responses={200: {"model": CrmStatusAnswer}})
async def handover_status(ticket_id: TicketIdPath, db: DbSession, crm: CrmAuth) -> dict[str, Any]:
    ticket = await find_ticket(db, crm.organization_id, ticket_id)
    view = status_view(ticket)
    return {**ok(view), **view}


@router.get("/metrics", responses=answers(HandoverMetrics))
async def handover_metrics(
    db: DbSession,
    crm: CrmAuth,
    start_date: Annotated[str | None, Query(alias="startDate", max_length=40)] = None,
    end_date: Annotated[str | None, Query(alias="endDate", max_length=40)] = None,
) -> dict[str, Any]:
    since, until = metrics.period(start_date, end_date, utcnow())
    return ok(await metrics.handover_metrics(db, crm.organization_id, since, until))


@router.get(
    "/meta-handover-webhook",
    response_class=Response,  # the challenge is plain text; errors stay JSON envelopes
    responses={
        200: {
            "description": "hub.challenge",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
)
async def verify_meta_webhook(
    db: DbSession,
    runtime: RuntimeDep,
    mode: Annotated[str | None, Query(alias="hub.mode", max_length=50)] = None,
    token: Annotated[str | None, Query(alias="hub.verify_token", max_length=500)] = None,
    challenge: Annotated[str | None, Query(alias="hub.challenge", max_length=500)] = None,
) -> PlainTextResponse:
    """Meta's subscription handshake: echo ``hub.challenge`` when the verify token matches."""
    candidates = await handover_settings.every_organization(db, runtime.settings)
    if mode != "subscribe" or not token or not meta.verify_token_matches(candidates, token):
        raise Forbidden("Verify token does not match", field="hub.verify_token")
    return PlainTextResponse(challenge or "")


@router.post("/meta-handover-webhook", responses=answers(MetaHandoverCounts))
async def meta_handover_webhook(
    request: Request, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Meta's ``messaging_handovers`` events, signed with the app secret."""
    # Counted as it arrives: a large body is refused before it is held whole.
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > _META_MAX_BYTES:
            raise PayloadTooLarge("Webhook body too large", field="body")
        chunks.append(chunk)
    body = b"".join(chunks)
    candidates = await handover_settings.every_organization(db, runtime.settings)
    signer_ids = meta.signer_organizations(
        body, request.headers.get("x-hub-signature-256"), candidates
    )
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise ValidationFailed("Malformed JSON body", field="body") from exc
    signers = [eff for eff in candidates if eff.organization_id in signer_ids]
    counts = await meta.apply(db, runtime.settings, signers, meta.thread_changes(payload))
    return ok(counts)

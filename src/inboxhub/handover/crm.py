"""The CRM side of the handover: who is calling (bearer token), and the agent request we send.

``POST {CRM_BASE_URL}/api/bot/agent-request`` (or ``CRM_AGENT_NOTIFICATION_URL``) carries seed 04's
body with ``Authorization: Bearer <BOT_API_TOKEN>`` and ``X-Bot-Signature: sha256=<hex>``, the
HMAC-SHA256 of the raw body keyed with ``BOT_SIGNATURE_SECRET`` (``BOT_API_TOKEN`` when unset).
It travels through the webhook outbox, so it is retried until the CRM takes it. An
``agentAssigned`` (or ``agentAgreed``) in the CRM's answer assigns the agent at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub import __version__
from inboxhub.auth.dependencies import RuntimeDep
from inboxhub.db import DbSession
from inboxhub.envelope import iso
from inboxhub.errors import InvalidToken, MissingToken
from inboxhub.handover.models import Ticket
from inboxhub.handover.settings import organization_for_crm_token
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks import signing
from inboxhub.webhooks.models import WebhookSubscription
from inboxhub.webhooks.outbox import publish

if TYPE_CHECKING:
    from inboxhub.handover.settings import Effective

USER_AGENT = f"InboxHub-Bot/{__version__}"
SIGNATURE_HEADER = "X-Bot-Signature"
CRM_KIND = "crm"
AGENT_REQUEST_EVENT = "handover.agent_request"


@dataclass(frozen=True)
class CrmCaller:
    """A CRM authenticated by its bearer token; the token decides the organization."""

    organization_id: int


async def _crm_caller(request: Request, db: DbSession, runtime: RuntimeDep) -> CrmCaller:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise MissingToken("Authorization: Bearer <CRM_API_TOKEN> header is required")
    organization_id = await organization_for_crm_token(db, runtime.settings, token.strip())
    if organization_id is None:
        raise InvalidToken("Invalid CRM API token")
    return CrmCaller(organization_id=organization_id)


CrmAuth = Annotated[CrmCaller, Depends(_crm_caller)]


def agent_request_body(session: WhatsAppSession, ticket: Ticket) -> dict[str, Any]:
    """Seed 04's agent request, then what a CRM with several WhatsApp numbers also needs."""
    return {
        "ticketId": ticket.ticket_id,
        "userPhone": ticket.user_phone,
        "userContext": ticket.user_context,
        "priority": ticket.priority,
        "category": ticket.category,
        "serviceSuspended": ticket.service_suspended,
        "requestTime": iso(ticket.requested_at),
        "sessionId": session.session_id,
        "chatId": ticket.chat_id,
    }


def agent_request_headers(eff: Effective, body: bytes) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT}
    if eff.bot_api_token:
        headers["Authorization"] = f"Bearer {eff.bot_api_token}"
    if eff.signature_secret:
        headers[SIGNATURE_HEADER] = signing.hex_signature(eff.signature_secret, body)
    return headers


async def crm_subscription(db: AsyncSession, organization_id: int) -> WebhookSubscription:
    """The organization's CRM as a webhook subscriber (its delivery log shows every agent
    request). The address and the secrets are read from the handover settings at each attempt."""
    subscription = (
        await db.execute(
            select(WebhookSubscription)
            .where(
                WebhookSubscription.organization_id == organization_id,
                WebhookSubscription.kind == CRM_KIND,
            )
            .order_by(WebhookSubscription.id)
            .limit(1)
        )
    ).scalar_one_or_none()
    if subscription is None:
        subscription = WebhookSubscription(
            organization_id=organization_id,
            kind=CRM_KIND,
            name="CRM agent requests",
            events=[AGENT_REQUEST_EVENT],
            is_active=True,
        )
        db.add(subscription)
        await db.flush()
    elif not subscription.is_active:
        # A new request is a new reason to try a CRM that was given up on.
        subscription.is_active = True
        subscription.url = subscription.disabled_at = subscription.disabled_reason = None
        subscription.failing_since = None
    return subscription


async def request_agent(
    db: AsyncSession, eff: Effective, session: WhatsAppSession, ticket: Ticket
) -> None:
    """Queue the agent request to the organization's CRM, in the caller's transaction: it is
    retried like any webhook until the CRM takes it."""
    if not eff.agent_request_url:
        return
    await publish(
        db,
        organization_id=ticket.organization_id,
        event_type=AGENT_REQUEST_EVENT,
        payload=agent_request_body(session, ticket),
        session=session,
        chat_id=ticket.chat_id,
        subscription=await crm_subscription(db, ticket.organization_id),
    )


def agent_in_answer(answer: Any) -> tuple[str, str | None, dict[str, Any]] | None:
    """The agent a CRM's answer assigns: ``agentAssigned: {id, name, …}``, or ``agentAgreed`` as
    the same object or as ``true`` beside ``agentId``/``agentName``."""
    if not isinstance(answer, dict):
        return None
    for key in ("agentAssigned", "agentAgreed"):
        agent = answer.get(key)
        if isinstance(agent, dict) and agent.get("id") not in (None, ""):
            extra = {k: v for k, v in agent.items() if k not in ("id", "name")}
            name = agent.get("name")
            return str(agent["id"]), str(name) if name else None, extra
        if agent is True and answer.get("agentId") not in (None, ""):
            name = answer.get("agentName")
            return str(answer["agentId"]), str(name) if name else None, {}
    return None

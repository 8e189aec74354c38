"""Webhook subscriptions: organization webhooks, session and Frappe subscribers, test pings."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.config import Settings
from inboxhub.db import utcnow
from inboxhub.envelope import iso
from inboxhub.errors import NotFound, ValidationFailed
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.ssrf import guard_webhook_url, hide_credentials
from inboxhub.webhooks import signing
from inboxhub.webhooks.delivery import Sender
from inboxhub.webhooks.models import WebhookDelivery, WebhookSubscription
from inboxhub.webhooks.outbox import (
    new_event_id,
)
from inboxhub.webhooks.schemas import WebhookCreate, WebhookUpdate
from inboxhub.webhooks.subscribers import BROKER_KINDS, FRAPPE_EVENTS, ORGANIZATION_KINDS

# ---- subscriptions ----------------------------------------------------------------------------


def describe(
    subscription: WebhookSubscription, session: WhatsAppSession | None, settings: Settings
) -> dict[str, Any]:
    url, events, has_secret = subscription.url, subscription.events, bool(subscription.secret)
    if subscription.kind == "session" and session is not None:
        url, events = session.webhook_url, session.webhook_events or ["*"]
        has_secret = bool(session.webhook_secret)
    elif subscription.kind == "frappe":
        url, events = settings.frappe_webhook_url, sorted(FRAPPE_EVENTS)
        has_secret = bool(settings.frappe_webhook_secret)
    return {
        "id": subscription.id,
        "organizationId": subscription.organization_id,
        "kind": subscription.kind,
        "name": subscription.name,
        "url": hide_credentials(url),
        "events": events,
        "hasSecret": has_secret,
        "isActive": subscription.is_active,
        "disabledReason": subscription.disabled_reason,
        "disabledAt": iso(subscription.disabled_at),
        "failingSince": iso(subscription.failing_since),
        "lastSuccessAt": iso(subscription.last_success_at),
        "lastFailureAt": iso(subscription.last_failure_at),
        "sessionId": session.session_id if session else None,
        "createdAt": iso(subscription.created_at),
        "updatedAt": iso(subscription.updated_at),
    }


async def list_subscriptions(
    db: AsyncSession, organization_id: int, *, kind: str | None = None
) -> list[tuple[WebhookSubscription, WhatsAppSession | None]]:
    stmt = (
        select(WebhookSubscription, WhatsAppSession)
        .outerjoin(WhatsAppSession, WhatsAppSession.id == WebhookSubscription.session_pk)
        .where(WebhookSubscription.organization_id == organization_id)
        .order_by(WebhookSubscription.id)
    )
    if kind:
        stmt = stmt.where(WebhookSubscription.kind == kind)
    return [(s, session) for s, session in (await db.execute(stmt)).all() if _in_use(s, session)]


def _in_use(subscription: WebhookSubscription, session: WhatsAppSession | None) -> bool:
    """A session's subscriber whose webhook was removed is kept for its log, not listed."""
    if session is None:
        return True
    if subscription.kind == "session":
        return bool(session.webhook_url)
    if subscription.kind == "frappe":
        return session.send_to_frappe
    return True


async def get_subscription(
    db: AsyncSession, organization_id: int, subscription_id: int, *, kind: str | None = None
) -> tuple[WebhookSubscription, WhatsAppSession | None]:
    stmt = (
        select(WebhookSubscription, WhatsAppSession)
        .outerjoin(WhatsAppSession, WhatsAppSession.id == WebhookSubscription.session_pk)
        .where(
            WebhookSubscription.organization_id == organization_id,
            WebhookSubscription.id == subscription_id,
        )
    )
    if kind:
        stmt = stmt.where(WebhookSubscription.kind == kind)
    row = (await db.execute(stmt)).first()
    if row is None:
        raise NotFound(f"Webhook {subscription_id} not found", field="webhookId")
    return row[0], row[1]


async def _guard(settings: Settings, url: str) -> str:
    url = url.strip()
    await guard_webhook_url(url, settings, field="url")
    return url


async def create_webhook(
    db: AsyncSession, settings: Settings, organization_id: int, body: WebhookCreate
) -> WebhookSubscription:
    subscription = WebhookSubscription(
        organization_id=organization_id,
        kind="organization",
        name=body.name,
        url=await _guard(settings, body.url),
        secret=body.secret,
        events=body.events,
        is_active=body.is_active,
    )
    db.add(subscription)
    await db.flush()
    return subscription


def _enable(subscription: WebhookSubscription) -> None:
    subscription.is_active = True
    subscription.disabled_at = None
    subscription.disabled_reason = None
    subscription.failing_since = None
    if subscription.kind not in ORGANIZATION_KINDS:
        subscription.url = None


async def update_webhook(
    db: AsyncSession, settings: Settings, subscription: WebhookSubscription, body: WebhookUpdate
) -> WebhookSubscription:
    fields = body.model_fields_set
    if body.name is not None:
        subscription.name = body.name
    if body.url is not None:
        subscription.url = await _guard(settings, body.url)
    if body.events is not None:
        subscription.events = body.events
    if "secret" in fields:
        subscription.secret = body.secret
    if body.is_active is True and not subscription.is_active:
        _enable(subscription)
    elif body.is_active is False and subscription.is_active:
        subscription.is_active = False
        subscription.disabled_at = utcnow()
        subscription.disabled_reason = "disabled over the API"
    subscription.updated_at = utcnow()
    await db.flush()
    return subscription


async def enable(db: AsyncSession, subscription: WebhookSubscription) -> WebhookSubscription:
    _enable(subscription)
    subscription.updated_at = utcnow()
    await db.flush()
    return subscription


def check_http(subscription: WebhookSubscription) -> None:
    """A broker sink has no HTTP address to test: its own route publishes a test event."""
    if subscription.kind in BROKER_KINDS:
        raise ValidationFailed(
            f"Subscription {subscription.id} is a message broker sink; "
            f"test it with POST /api/webhooks/sinks/{subscription.id}/test",
            field="webhookId",
        )


async def remove_subscriber(
    db: AsyncSession, subscription: WebhookSubscription, session: WhatsAppSession | None
) -> None:
    """Stop a subscriber for good. An organization webhook is deleted with its log; a session's
    own webhook (or its Frappe forwarding) is switched off on the session, and its row stays
    with the delivery log it has, ready to be reused if the session gets a URL again."""
    if subscription.kind == "organization" or session is None:
        await db.delete(subscription)
        await db.flush()
        return
    if subscription.kind == "session":
        session.webhook_url = None
        session.webhook_secret = None
        session.webhook_events = []
    elif subscription.kind == "frappe":
        session.send_to_frappe = False
    # What was still waiting would only be cancelled by the worker later: say so now.
    await db.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.subscription_id == subscription.id,
            WebhookDelivery.status == "pending",
        )
        .values(status="cancelled", error="the subscriber was removed")
    )
    subscription.updated_at = utcnow()
    await db.flush()


async def session_subscriber(
    db: AsyncSession, session: WhatsAppSession
) -> WebhookSubscription | None:
    """The row that keeps the health and log of a session's own webhook (none before its
    first event)."""
    stmt = select(WebhookSubscription).where(
        WebhookSubscription.session_pk == session.id, WebhookSubscription.kind == "session"
    )
    return (await db.execute(stmt)).scalar_one_or_none()


def target_of(
    subscription: WebhookSubscription, session: WhatsAppSession | None, settings: Settings
) -> tuple[str | None, str | None]:
    """Where a subscription's webhooks go now, and the secret they are signed with."""
    if subscription.kind == "session":
        return (session.webhook_url, session.webhook_secret) if session else (None, None)
    if subscription.kind == "frappe":
        return settings.frappe_webhook_url, settings.frappe_webhook_secret
    return subscription.url, subscription.secret


async def send_test(
    settings: Settings,
    *,
    url: str | None,
    secret: str | None,
    organization_id: int,
    session_id: str | None,
    subscription_id: int | None,
) -> dict[str, Any]:
    """POST a signed ``webhook.test`` event right now and report how the receiver answered."""
    if not url:
        raise ValidationFailed("This subscriber has no webhook URL", field="url")
    event_id, now = new_event_id(), utcnow()
    body = signing.encode(
        signing.envelope(
            event_id=event_id,
            event_type="webhook.test",
            payload={
                "message": "Inbox Hub test delivery",
                "organizationId": organization_id,
                "subscriptionId": subscription_id,
                "sessionId": session_id,
            },
            created_at=now,
            session_id=session_id,
        )
    )
    headers = signing.headers(
        event_id=event_id,
        event_type="webhook.test",
        session_id=session_id,
        body=body,
        secret=secret,
        timestamp=int(time.time()),
        attempt=1,
    )
    sender = Sender(settings)
    try:
        response = await sender.post(url, body=body, headers=headers)
    finally:
        await sender.aclose()
    return {
        "delivered": response.ok,
        "eventId": event_id,
        "url": url,
        "statusCode": response.status_code,
        "durationMs": response.duration_ms,
        "responseBody": response.body,
        "error": response.error,
        "signed": bool(secret),
    }
